using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Territory;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Territory.IstatSamples;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>The import on a real, freshly migrated database (one per test).</summary>
public sealed class IstatImportServiceTests : IDisposable
{
    private static readonly DateOnly Edition2020 = new(2020, 1, 1);
    private readonly MigratedDatabase database = new();
    private readonly IstatImportService importer;
    private string TempDir => Path.Combine(database.Database.DataDirectory, "files");

    public IstatImportServiceTests() => importer = new IstatImportService(database);

    public void Dispose() => database.Dispose();

    private PortalDbContext Db() => database.CreateDbContext();

    private sealed record Snapshot(int Regions, int Provinces, int Comuni, int Suppressed, int Editions, string Names);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var db = Db();
        var names = string.Join("|", await db.Comuni.OrderBy(c => c.CadastralCode).Select(c => c.CadastralCode + c.Name + c.IstatCode + c.ProvinceId + c.SuppressedOn).ToListAsync());
        return new Snapshot(await db.Regions.CountAsync(), await db.Provinces.CountAsync(), await db.Comuni.CountAsync(),
            await db.Comuni.CountAsync(c => c.SuppressedOn != null), await db.TerritoryEditions.CountAsync(), names);
    }

    [Fact]
    public async Task ImportFile_2020IntoEmptyDatabase_CreatesRegionsProvincesAndComuni()
    {
        var result = await importer.ImportFileAsync(File2020, null, "test");

        Assert.Equal("importati: 7904, aggiornati: 0, scartati: 0, soppressi: 0", result.SummaryLine);
        Assert.Equal(Edition2020, result.Edition);
        Assert.Equal((20, 107), (result.RegionsCreated, result.ProvincesCreated));
        await using var db = Db();
        Assert.Equal(20, await db.Regions.CountAsync());
        Assert.Equal(107, await db.Provinces.CountAsync());
        Assert.Equal(7904, await db.Comuni.CountAsync());

        var treviso = await db.Provinces.Include(p => p.Region).SingleAsync(p => p.Sigla == "TV");
        Assert.Equal(("026", "Treviso", ProvinceType.Provincia, "05", "Veneto"), (treviso.Code, treviso.Name, treviso.Type, treviso.Region!.Code, treviso.Region.Name));
        Assert.Equal(94, await db.Comuni.CountAsync(c => c.ProvinceId == treviso.Id));
        var conegliano = await db.Comuni.SingleAsync(c => c.CadastralCode == "C957");
        Assert.Equal(("026021", "Conegliano", 34428, treviso.Id, Edition2020), (conegliano.IstatCode, conegliano.Name, conegliano.Population, conegliano.ProvinceId, conegliano.LastSeenEdition));
        Assert.Null(conegliano.SuppressedOn);
        Assert.Equal(ProvinceType.CittaMetropolitana, (await db.Provinces.SingleAsync(p => p.Sigla == "TO")).Type);
        Assert.Equal(ProvinceType.ProvinciaAutonoma, (await db.Provinces.SingleAsync(p => p.Sigla == "BZ")).Type);

        var edition = await db.TerritoryEditions.SingleAsync();
        Assert.Equal((Edition2020, "elenco-comuni-italiani-2020-01-01.csv", "test", 7904, 0, 0, 0, 7904),
            (edition.EditionDate, edition.FileName, edition.ImportedBy, edition.Created, edition.Updated, edition.Suppressed, edition.Rejected, edition.Rows));
        Assert.Equal(64, edition.Sha256.Length);
        Assert.InRange(edition.ImportedAtUtc, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ImportFile_2019Then2020_AppliesTheVariazioniAndKeepsSuppressedComuni()
    {
        var first = await importer.ImportFileAsync(File2019, null, "test");
        Assert.Equal("importati: 7914, aggiornati: 0, scartati: 0, soppressi: 0", first.SummaryLine);

        var second = await importer.ImportFileAsync(File2020, null, "test");

        // 13 Comuni merged away (Vendrogno and 12 in Trentino), 3 new merged Comuni, 2 renamed + 2 population changes.
        Assert.Equal("importati: 3, aggiornati: 4, scartati: 0, soppressi: 13", second.SummaryLine);
        Assert.Equal(7904 - 3 - 4, second.Unchanged);
        await using var db = Db();
        Assert.Equal(7914 + 3, await db.Comuni.CountAsync());
        Assert.Equal(7904, await db.Comuni.CountAsync(c => c.SuppressedOn == null));
        var suppressed = await db.Comuni.Where(c => c.SuppressedOn != null).OrderBy(c => c.Name).ToListAsync();
        Assert.Equal(13, suppressed.Count);
        Assert.All(suppressed, c => Assert.Equal(Edition2020, c.SuppressedOn));
        Assert.All(suppressed, c => Assert.Equal(new DateOnly(2019, 5, 15), c.LastSeenEdition));
        Assert.Contains(suppressed, c => c.CadastralCode == "L731" && c.Name == "Vendrogno");
        Assert.Contains(suppressed, c => c.CadastralCode == "D663" && c.Name == "Fondo");

        Assert.Equal(["Borgo d'Anaunia", "Novella", "Ville di Fiemme"],
            await db.Comuni.Where(c => c.LastSeenEdition == Edition2020 && c.Id > 7914).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync());
        var castellania = await db.Comuni.SingleAsync(c => c.CadastralCode == "C137");
        Assert.Equal(("Castellania Coppi", "006045", Edition2020), (castellania.Name, castellania.IstatCode, castellania.LastSeenEdition));
        Assert.Equal("Puegnago del Garda", (await db.Comuni.SingleAsync(c => c.CadastralCode == "H086")).Name);
        Assert.Equal(7904, await db.Comuni.CountAsync(c => c.LastSeenEdition == Edition2020));

        Assert.Equal([(new DateOnly(2019, 5, 15), 7914, 0, 0), (Edition2020, 3, 4, 13)],
            (await db.TerritoryEditions.OrderBy(e => e.Id).ToListAsync()).Select(e => (e.EditionDate, e.Created, e.Updated, e.Suppressed)));
    }

    [Fact]
    public async Task ImportFile_SameFileTwice_ChangesNothingTheSecondTime()
    {
        await importer.ImportFileAsync(File2019, null, "test");
        await importer.ImportFileAsync(File2020, null, "test");
        var before = await SnapshotAsync();

        var again = await importer.ImportFileAsync(File2020, null, "test");

        Assert.Equal("importati: 0, aggiornati: 0, scartati: 0, soppressi: 0", again.SummaryLine);
        Assert.Equal(7904, again.Unchanged);
        var after = await SnapshotAsync();
        Assert.Equal(before with { Editions = before.Editions + 1 }, after);
    }

    [Fact]
    public async Task ImportFile_OlderEditionThanTheNewestApplied_IsRefusedAndChangesNothing()
    {
        await importer.ImportFileAsync(File2020, null, "test");
        var before = await SnapshotAsync();

        var ex = await Assert.ThrowsAsync<IstatFileException>(() => importer.ImportFileAsync(File2019, null, "test"));

        Assert.Contains("l'edizione del 15/05/2019 è precedente all'ultima applicata (01/01/2020)", ex.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    public static TheoryData<string> UnusableFiles => ["encoding", "missing-column", "duplicated-code", "truncated-last-line", "unterminated-quote"];

    private static byte[] Unusable(string kind)
    {
        var (header, lines) = Split2020();
        switch (kind)
        {
            case "encoding":
                var bytes = Build(header, lines);
                bytes[Windows1252.GetString(bytes).IndexOf(";Conegliano;Conegliano;", StringComparison.Ordinal) + ";Conegliano;Co".Length] = 0x8D;
                return bytes;
            case "missing-column":
                static string Drop(string line) => string.Join(';', line.Split(';').Where((_, i) => i != Col2020.Cadastral));
                return Build(Drop(header), lines.Select(Drop));
            case "duplicated-code":
                var i = lines.FindIndex(l => l.Contains(";C957;"));
                lines[i + 1] = WithField(lines[i + 1], Col2020.Cadastral, "C957");
                return Build(header, lines);
            case "truncated-last-line":
                lines[^1] = lines[^1][..40];
                return Build(header, lines, finalNewline: false);
            case "unterminated-quote":
                lines[^1] = WithField(lines[^1], Col2020.Name, "\"Villanova Tulo");
                return Build(header, lines, finalNewline: false);
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    [Theory]
    [MemberData(nameof(UnusableFiles))]
    public async Task ImportFile_UnusableFile_ImportsNothingAndSaysWhere(string kind)
    {
        await importer.ImportFileAsync(File2019, null, "test");
        var before = await SnapshotAsync();
        var path = WriteTemp(TempDir, $"comuni-{kind}-2020-01-01.csv", Unusable(kind));
        var (_, lines) = Split2020();
        var last = LineOf(lines.Count - 1);

        var ex = await Assert.ThrowsAsync<IstatFileException>(() => importer.ImportFileAsync(path, null, "test"));

        var expected = kind switch
        {
            "encoding" => $"riga {LineOf(lines.FindIndex(l => l.Contains(";C957;")))}, colonna \"Denominazione in italiano\": carattere non valido",
            "missing-column" => "riga 1 (intestazione): mancano le colonne obbligatorie \"Codice Catastale del comune\"",
            "duplicated-code" => $"righe {LineOf(lines.FindIndex(l => l.Contains(";C957;")))} e {LineOf(lines.FindIndex(l => l.Contains(";C957;")) + 1)}, colonna \"Codice Catastale del comune\"",
            "truncated-last-line" => $"riga {last}: 7 campi invece di 23, manca la colonna \"Denominazione altra lingua\"",
            _ => $"riga {last}, colonna \"Denominazione in italiano\": virgolette aperte e mai chiuse",
        };
        Assert.Contains($"comuni-{kind}-2020-01-01.csv, {expected}", ex.Message);
        Assert.EndsWith("Nessun dato importato.", ex.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ImportFile_RowWithInvalidValue_IsRejectedAndItsComuneIsNeitherUpdatedNorSuppressed()
    {
        await importer.ImportFileAsync(File2020, null, "test");
        var (header, lines) = Split2020();
        var i = lines.FindIndex(l => l.Contains(";C957;"));
        lines[i] = WithField(WithField(lines[i], Col2020.Population, "molti"), Col2020.Name, "Conegliano Veneto");
        var path = WriteTemp(TempDir, "comuni-2021-01-01.csv", Build(header, lines));

        var result = await importer.ImportFileAsync(path, null, "test");

        Assert.Equal("importati: 0, aggiornati: 0, scartati: 1, soppressi: 0", result.SummaryLine);
        Assert.Equal($"riga {LineOf(i)}, colonna \"Popolazione legale 2011 (09/10/2011)\": popolazione non valida \"molti\" (atteso un numero intero, es. 2.644).", Assert.Single(result.Errors));
        await using var db = Db();
        var conegliano = await db.Comuni.SingleAsync(c => c.CadastralCode == "C957");
        Assert.Equal(("Conegliano", 34428, (DateOnly?)null, Edition2020), (conegliano.Name, conegliano.Population, conegliano.SuppressedOn, conegliano.LastSeenEdition));
        Assert.Equal(1, (await db.TerritoryEditions.OrderBy(e => e.Id).LastAsync()).Rejected);
    }

    [Fact]
    public async Task ImportFile_ComuneRecodedAndMovedToAnotherProvince_KeepsItsRowByCadastralCode()
    {
        await importer.ImportFileAsync(File2020, null, "test");
        await using (var before = Db())
            Assert.Equal("026021", (await before.Comuni.SingleAsync(c => c.CadastralCode == "C957")).IstatCode);
        int id;
        await using (var db0 = Db()) id = (await db0.Comuni.SingleAsync(c => c.CadastralCode == "C957")).Id;
        var (header, lines) = Split2020();
        var i = lines.FindIndex(l => l.Contains(";C957;"));
        // As if Conegliano moved to Belluno (UTS 025) and got a Belluno code.
        var moved = lines[i];
        foreach (var (col, value) in new[] { (Col2020.Uts, "025"), (2, "025"), (Col2020.IstatCode, "025999"), (Col2020.UtsName, "Belluno"), (Col2020.Sigla, "BL") })
            moved = WithField(moved, col, value);
        lines[i] = moved;
        var path = WriteTemp(TempDir, "comuni-2021-01-01.csv", Build(header, lines));

        var preview = await importer.PreviewAsync(new IstatImportRequest(path));
        Assert.Equal("importati: 0, aggiornati: 1, scartati: 0, soppressi: 0", preview.Counts.SummaryLine);
        Assert.Equal(
            [
                new ComuneChange(ComuneChangeKind.Ricodificato, "C957", "025999", "Conegliano", "BL", "026021", "025999"),
                new ComuneChange(ComuneChangeKind.CambioProvincia, "C957", "025999", "Conegliano", "BL", "TV (026)", "BL (025)"),
            ],
            preview.Changes);

        var result = await importer.ImportFileAsync(path, null, "test");
        Assert.Equal(preview.Counts.SummaryLine, result.SummaryLine);
        await using var db = Db();
        var conegliano = await db.Comuni.Include(c => c.Province).SingleAsync(c => c.CadastralCode == "C957");
        Assert.Equal((id, "025999", "BL", (DateOnly?)null), (conegliano.Id, conegliano.IstatCode, conegliano.Province!.Sigla, conegliano.SuppressedOn));
        Assert.Equal(93, await db.Comuni.CountAsync(c => c.Province!.Sigla == "TV"));
    }

    [Fact]
    public async Task ImportFile_ProvinceMissingFromAnEditionThenBack_IsSuppressedThenRestoredWithItsComuni()
    {
        await importer.ImportFileAsync(File2020, null, "test");
        var (header, lines) = Split2020();
        var withoutTreviso = WriteTemp(TempDir, "senza-treviso.csv", Build(header, lines.Where(l => Field(l, Col2020.Sigla) != "TV")));

        var gone = await importer.ImportFileAsync(withoutTreviso, new DateOnly(2021, 1, 1), "test");

        Assert.Equal("importati: 0, aggiornati: 0, scartati: 0, soppressi: 94", gone.SummaryLine);
        Assert.Equal(1, gone.ProvincesSuppressed);
        await using (var db = Db())
        {
            Assert.Equal(new DateOnly(2021, 1, 1), (await db.Provinces.SingleAsync(p => p.Sigla == "TV")).SuppressedOn);
            Assert.Equal(94, await db.Comuni.CountAsync(c => c.SuppressedOn == new DateOnly(2021, 1, 1)));
        }

        var back = await importer.ImportAsync(new IstatImportRequest(File2020, new DateOnly(2022, 1, 1)));

        Assert.Equal("importati: 0, aggiornati: 94, scartati: 0, soppressi: 0", back.SummaryLine);
        Assert.Equal(1, back.ProvincesUpdated);
        await using var after = Db();
        Assert.Null((await after.Provinces.SingleAsync(p => p.Sigla == "TV")).SuppressedOn);
        var conegliano = await after.Comuni.SingleAsync(c => c.CadastralCode == "C957");
        Assert.Equal(((DateOnly?)null, (DateOnly?)new DateOnly(2022, 1, 1)), (conegliano.SuppressedOn, conegliano.LastSeenEdition));
    }

    [Fact]
    public async Task Preview_2020After2019_ListsTheChangesAndWritesNothing()
    {
        await importer.ImportFileAsync(File2019, null, "test");
        var before = await SnapshotAsync();

        var preview = await importer.PreviewAsync(new IstatImportRequest(File2020));

        Assert.Equal("importati: 3, aggiornati: 4, scartati: 0, soppressi: 13", preview.Counts.SummaryLine);
        Assert.Equal((7904, "Windows-1252", (DateOnly?)new DateOnly(2019, 5, 15)), (preview.DataRows, preview.EncodingName, preview.NewestApplied));
        Assert.Equal(["M429", "M430", "M431"], preview.Of(ComuneChangeKind.Nuovo).Select(c => c.CadastralCode).Order());
        Assert.Equal([("Castellania", "Castellania Coppi"), ("Puegnago sul Garda", "Puegnago del Garda")],
            preview.Of(ComuneChangeKind.Rinominato).Select(c => (c.Before, c.After)).OrderBy(x => x.Before));
        Assert.Empty(preview.Of(ComuneChangeKind.CambioProvincia));
        var gone = preview.Of(ComuneChangeKind.Soppresso).ToList();
        Assert.Equal(13, gone.Count);
        Assert.Contains(gone, c => c is { CadastralCode: "L731", Name: "Vendrogno", Sigla: "LC" });
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_ReportsProgressUpTo100()
    {
        var reported = new List<int>();
        await importer.ImportAsync(new IstatImportRequest(File2020), new SynchronousProgress(reported.Add));
        Assert.Equal(100, reported[^1]);
        Assert.Equal(reported.Order(), reported);
    }

    [Fact]
    public async Task Import_UploadedFile_RecordsTheOriginalNameAndTakesTheEditionFromIt()
    {
        var path = WriteTemp(TempDir, Guid.NewGuid().ToString("N") + ".upload", File.ReadAllBytes(File2020));
        var result = await importer.ImportAsync(new IstatImportRequest(path, null, "Anna", "Elenco-comuni-italiani-2020-01-01.csv"));
        Assert.Equal((Edition2020, "Elenco-comuni-italiani-2020-01-01.csv"), (result.Edition, result.FileName));
        await using var db = Db();
        // Project to an anonymous type: Npgsql cannot read a ValueTuple projection (it arrives as a PostgreSQL record).
        var stored = await db.TerritoryEditions.Select(e => new { e.FileName, e.ImportedBy }).SingleAsync();
        Assert.Equal(("Elenco-comuni-italiani-2020-01-01.csv", "Anna"), (stored.FileName, stored.ImportedBy));
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
