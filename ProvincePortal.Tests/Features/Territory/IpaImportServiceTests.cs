using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Crm;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;
using ProvincePortal.Features.Territory.IndicePa;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>
/// The IndicePA import on a real database holding the ISTAT 2020 territory. Counts on the sample, checked by hand:
/// 16 rows; 5 Comuni (c_c998 Coreno Ausonio, c_d008 Corio, c_d013 Cormano, C_d014 Cormons, c_d019 Cornate d'Adda);
/// 7 province-level units (L5: RE, RG libero consorzio, RO, SU, VV; L45: città metropolitana di Venezia; L4: Provincia
/// autonoma di Trento); 4 not linked: ASL (L7), stazione appaltante (SA), school (L33) — other categories — and the
/// L6 "Consorzio Strada Vicinale" that is not a Comune.
/// </summary>
public sealed class IpaImportServiceTests : IDisposable
{
    private readonly MigratedDatabase database = new();
    private readonly IpaImportService importer;
    private string TempDir => Path.Combine(database.Database.DataDirectory, "files");
    private static string Today => Formats.Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Formats.Rome)));

    public IpaImportServiceTests()
    {
        new IstatImportService(database).ImportFileAsync(IstatSamples.File2020, null, "test").GetAwaiter().GetResult();
        importer = new IpaImportService(database);
    }

    public void Dispose() => database.Dispose();

    private Task<IpaImportResult> ImportAsync(string path) => importer.ImportAsync(new IpaImportRequest(path, "test"));

    [Fact]
    public async Task Import_Sample_LinksFiveComuniAndSevenProvincesAndCountsTheRest()
    {
        var result = await ImportAsync(IpaSamples.Sample);

        Assert.Equal("righe: 16, Comuni collegati: 5, Province collegate: 7, PEC nuove: 5, PEC cambiate: 0, invariati: 0, non collegati: 4, righe con errori: 0",
            result.SummaryLine);
        Assert.Equal([(IpaImportService.ReasonOtherCategory, 3), (IpaImportService.ReasonNotAComune, 1)], result.NotLinkedByReason);
        Assert.Equal([2, 3, 4, 10], result.NotLinked.Select(n => n.Line));
        // 12 IPA codes, 5 PEC and 5 websites.
        Assert.Equal(12, result.Changes.Count(c => c.Kind == IpaChangeKind.CodiceIpa));
        Assert.Equal(5, result.Changes.Count(c => c.Kind == IpaChangeKind.SitoNuovo));

        await using var db = database.CreateDbContext();
        var ipaCodes = await db.Provinces.Where(p => p.IpaCode != null).OrderBy(p => p.Sigla).Select(p => p.Sigla + "=" + p.IpaCode).ToListAsync();
        Assert.Equal(["RE=p_re", "RG=p_rg", "RO=p_RO", "SU=p_sudsar", "TN=p_TN", "VE=p_ve", "VV=p_vv"], ipaCodes);
        Assert.Equal(["C998=c_c998", "D008=c_d008", "D013=c_d013", "D014=C_d014", "D019=c_d019"],
            await db.Comuni.Where(c => c.IpaCode != null).OrderBy(c => c.CadastralCode).Select(c => c.CadastralCode + "=" + c.IpaCode).ToListAsync());

        var cormons = await db.Comuni.SingleAsync(c => c.CadastralCode == "D014");
        var contact = await db.Set<ContattoComune>().SingleAsync(x => x.ComuneId == cormons.Id);
        Assert.Equal((ContattoFonte.IndicePa, ContattoRuolo.Ente, "comune.cormons@certgov.fvg.it", "https://www.comune.cormons.go.it", false),
            (contact.Source, contact.Role, contact.Pec, contact.Website, contact.ReceivesCommunications));
        Assert.Equal(cormons.ProvinceId, contact.ProvinceId);
        Assert.Equal(Today, Formats.Date(contact.SourceUpdatedOn));
        var log = await db.Set<Interazione>().Where(x => x.Kind == InterazioneTipo.AggiornamentoDati).ToListAsync();
        Assert.Equal(5, log.Count);
        Assert.Contains(log, x => x.ComuneId == cormons.Id && x.Subject == $"PEC aggiornata da IndicePA il {Today}");

        var run = await db.IpaImportRuns.SingleAsync();
        Assert.Equal((16, 5, 7, 5, 0, 4, 0, "test"), (run.Rows, run.ComuniLinked, run.ProvincesLinked, run.NewPec, run.ChangedPec, run.NotLinked, run.RowErrors, run.ImportedBy));
    }

    [Fact]
    public async Task Preview_WritesNothing_AndGivesTheSameCountsAsTheImport()
    {
        var preview = await importer.PreviewAsync(new IpaImportRequest(IpaSamples.Sample, "test"));

        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(0, await db.Comuni.CountAsync(c => c.IpaCode != null));
            Assert.Equal(0, await db.Set<ContattoComune>().CountAsync());
            Assert.Equal(0, await db.IpaImportRuns.CountAsync());
        }
        var import = await ImportAsync(IpaSamples.Sample);
        Assert.Equal(import.SummaryLine, preview.SummaryLine);
        Assert.Equal(import.Changes, preview.Changes);
    }

    [Fact]
    public async Task Reimport_SameFile_ChangesNothing()
    {
        await ImportAsync(IpaSamples.Sample);

        var second = await ImportAsync(IpaSamples.Sample);

        Assert.Equal("righe: 16, Comuni collegati: 5, Province collegate: 7, PEC nuove: 0, PEC cambiate: 0, invariati: 12, non collegati: 4, righe con errori: 0",
            second.SummaryLine);
        Assert.Empty(second.Changes);
        await using var db = database.CreateDbContext();
        Assert.Equal(5, await db.Set<ContattoComune>().CountAsync());
        Assert.Equal(5, await db.Set<Interazione>().CountAsync());
    }

    [Fact]
    public async Task ChangedPec_IsUpdatedInPlaceAndReportedOnce()
    {
        await ImportAsync(IpaSamples.Sample);
        var changed = IpaSamples.Write(TempDir, "enti.csv",
            IpaSamples.With(IpaSamples.Lines(), "c_d008", "info@pec.comune.corio.to.it", "protocollo@pec.comune.corio.to.it"));

        var first = await ImportAsync(changed);
        var again = await ImportAsync(changed);

        Assert.Equal((0, 1, 11), (first.NewPec, first.ChangedPec, first.Unchanged));
        var change = Assert.Single(first.Changes);
        Assert.Equal((6, IpaChangeKind.PecCambiata, "Corio (TO)", "info@pec.comune.corio.to.it", "protocollo@pec.comune.corio.to.it"),
            (change.Line, change.Kind, change.Target, change.Before, change.After));
        Assert.Equal((0, 12), (again.ChangedPec, again.Unchanged));

        await using var db = database.CreateDbContext();
        var corio = await db.Comuni.SingleAsync(c => c.CadastralCode == "D008");
        Assert.Equal("protocollo@pec.comune.corio.to.it", (await db.Set<ContattoComune>().SingleAsync(x => x.ComuneId == corio.Id)).Pec);
        var log = await db.Set<Interazione>().Where(x => x.ComuneId == corio.Id).OrderBy(x => x.Id).ToListAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal("Da «info@pec.comune.corio.to.it» a «protocollo@pec.comune.corio.to.it» (codice IPA c_d008).", log[1].Notes);
    }

    [Fact]
    public async Task ManualContacts_AreNeverTouched()
    {
        int cormanoId;
        await using (var db = database.CreateDbContext())
        {
            var cormano = await db.Comuni.SingleAsync(c => c.CadastralCode == "D013");
            cormanoId = cormano.Id;
            db.Add(new ContattoComune
            {
                ProvinceId = cormano.ProvinceId, ComuneId = cormano.Id, Role = ContattoRuolo.Ente, Name = "Protocollo generale",
                Pec = "vecchia@pec.cormano.it", Email = "protocollo@comune.cormano.mi.it", ReceivesCommunications = true,
            });
            await db.SaveChangesAsync();
        }

        var result = await ImportAsync(IpaSamples.Sample);

        Assert.Equal(5, result.NewPec);
        await using var after = database.CreateDbContext();
        var contacts = await after.Set<ContattoComune>().Where(x => x.ComuneId == cormanoId).OrderBy(x => x.Id).ToListAsync();
        Assert.Equal(2, contacts.Count);
        Assert.Equal((ContattoFonte.Manuale, "Protocollo generale", "vecchia@pec.cormano.it", "protocollo@comune.cormano.mi.it", true, (string?)null),
            (contacts[0].Source, contacts[0].Name, contacts[0].Pec, contacts[0].Email, contacts[0].ReceivesCommunications, contacts[0].Website));
        Assert.Equal((ContattoFonte.IndicePa, "comune.cormano@comune.cormano.mi.legalmailpa.it"), (contacts[1].Source, contacts[1].Pec));
    }

    [Fact]
    public async Task RecodedIstatCode_IsStillLinkedByCadastralCode()
    {
        // As after a move to another Province: ISTAT gives the Comune a new code, IndicePA still lists the old one.
        await using (var db = database.CreateDbContext())
            await db.Comuni.Where(c => c.CadastralCode == "D019").ExecuteUpdateAsync(s => s.SetProperty(c => c.IstatCode, "999053"));

        var result = await ImportAsync(IpaSamples.Sample);

        Assert.Equal(5, result.ComuniLinked);
        await using var after = database.CreateDbContext();
        Assert.Equal("c_d019", (await after.Comuni.SingleAsync(c => c.IstatCode == "999053")).IpaCode);
    }

    [Fact]
    public async Task MalformedRows_AreReportedWithLineAndField_AndTheGoodRowsImported()
    {
        var lines = IpaSamples.Lines();
        IpaSamples.With(lines, "c_d008", "3938,c_d008,", "3938,,");                                                // line 6: no IPA code
        IpaSamples.With(lines, "c_d013", "comune.cormano@comune.cormano.mi.legalmailpa.it,Pec", "comune.cormano@,Pec"); // line 7: bad PEC
        IpaSamples.With(lines, "c_d019", ",D019,", ",,");                                                          // line 9: no cadastral code
        IpaSamples.With(lines, "p_vv", "www.provincia.vibovalentia.it", "sito in costruzione");                    // line 17: bad website
        var path = IpaSamples.Write(TempDir, "enti-errori.csv", lines);

        var result = await ImportAsync(path);

        Assert.Equal([
            "riga 6, campo \"Codice_IPA\": manca il codice IPA dell'ente.",
            "riga 7, campo \"Mail1\": «comune.cormano@» non è un indirizzo PEC valido.",
            "riga 9, campo \"Codice_catastale_comune\": manca il codice catastale del comune sede: l'ente non può essere collegato.",
            "riga 17, campo \"Sito_istituzionale\": «sito in costruzione» non è un indirizzo web valido.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal((2, 6, 4, 4), (result.ComuniLinked, result.ProvincesLinked, result.RowsWithErrors, result.NotLinked.Count));
        await using var db = database.CreateDbContext();
        Assert.Equal(["C998", "D014"], await db.Comuni.Where(c => c.IpaCode != null).OrderBy(c => c.CadastralCode).Select(c => c.CadastralCode).ToListAsync());
        Assert.Null((await db.Provinces.SingleAsync(p => p.Sigla == "VV")).IpaCode);
    }

    [Fact]
    public async Task ProvinceAdministrator_CannotPreviewOrImport()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var user = new CurrentUser(services, new HttpContextAccessor());
        user.Set(new PortalPrincipal("u2", "provincia@demo.it", "Paolo Provincia", 1, null, new HashSet<string> { Roles.ProvinceAdmin }));
        var guarded = new IpaImportService(database, user);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => guarded.PreviewAsync(new IpaImportRequest(IpaSamples.Sample)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => guarded.ImportAsync(new IpaImportRequest(IpaSamples.Sample)));
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Comuni.CountAsync(c => c.IpaCode != null));
    }
}
