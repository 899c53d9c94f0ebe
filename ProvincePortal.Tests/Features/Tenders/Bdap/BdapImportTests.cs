using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Tenders.Bdap;

namespace ProvincePortal.Tests.Features.Tenders.Bdap;

/// <summary>
/// BDAP-MOP / OpenCUP imports on the real app and database, with the genuine samples of TestData/bdap (facts counted
/// in TestData/SOURCE.md) and a few synthetic files written here. Each test uses its own CUPs, so their order does not matter.
/// </summary>
public sealed class BdapImportTests(TendersFactory factory) : IClassFixture<TendersFactory>
{
    private const string Admin = "admin@demo.it";
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "bdap", name);
    private static readonly string Gar = Sample("mop_gare_sample_derived.csv");
    private static readonly string Sal = Sample("mop_pagamenti_sample_derived.csv");
    private static readonly string Places = Sample("opencup_localizzazione_sample.csv");
    private static readonly string RicercaCup = Sample("openbdap_ricerca_cup_output_2023-02-05.xlsx");

    private Task<BdapImportReport> Import(string email, string path, string sigla, BdapFileType? type = null) =>
        factory.AsUserAsync(email, sp => sp.GetRequiredService<BdapImportService>().ImportAsync(File.OpenRead(path), Path.GetFileName(path), sigla, type));

    private Task<BdapImportReport> Run(string email, byte[] bytes, string name, string sigla, bool apply = true) =>
        factory.AsUserAsync(email, sp => apply
            ? sp.GetRequiredService<BdapImportService>().ImportAsync(new MemoryStream(bytes), name, sigla)
            : sp.GetRequiredService<BdapImportService>().PreviewAsync(new MemoryStream(bytes), name, sigla));

    private async Task<int> ProcedureAsync(string email, string oggetto, string? cup, params string[] cigs)
    {
        var input = TendersFactory.Works(oggetto);
        input.Cup = cup;
        var id = (await factory.AsAsync(email, s => s.CreateAsync(input))).Id;
        var n = 0;
        foreach (var cig in cigs)
            await factory.AsAsync<int>(email, s => s.AddLotAsync(id, new LotInput { Numero = ++n, Cig = cig, Oggetto = oggetto + " lotto " + n, Importo = 100_000m }));
        return id;
    }

    private async Task<int> ProvinceIdAsync(string sigla)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Provinces.Where(p => p.Sigla == sigla).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task GenuineGarAndSal_DedupedAwardsAndYearPayments_LinkedByCupAndCig_UnmatchedListed_ReimportUnchanged_PanelAndDashboardFigures()
    {
        // Two Treviso procedures: one carries the CUP of two awards and four years of payments, one only the CIG of another award.
        var byCup = await ProcedureAsync(TendersFactory.Sua, "Scuola di Cesi, miglioramento sismico", "B14J18000380005");
        var byCig = await ProcedureAsync(TendersFactory.Sua, "Edificio di Bavareto", null, "86549567A1");
        var tv = await ProvinceIdAsync("TV");

        var gar = await Import(TendersFactory.Sua, Gar, "TV");
        Assert.Empty(gar.Errors);
        Assert.Equal(BdapFileType.Gar, gar.Type);
        Assert.Equal(6, gar.DataRows);
        Assert.Equal(6, gar.Records.Count(r => r.Record == "Aggiudicazione" && r.Outcome == BdapOutcome.Nuovo));
        Assert.Equal(5, gar.Records.Count(r => r.Record == "Progetto" && r.Outcome == BdapOutcome.Nuovo));
        Assert.Equal(["B12B22000110001", "B12J20001210001", "B22C21001140001"], gar.UnmatchedCups.Order());
        Assert.Equal(["8593387F46", "8631330ED4", "9707793436", "B45009EF44", "BB3925A0CF"], gar.UnmatchedCigs.Order());
        Assert.All(gar.Records, r => Assert.Equal("TV", r.Sigla));

        var sal = await Import(TendersFactory.Sua, Sal, "TV", BdapFileType.Sal);
        Assert.Equal(5, sal.Records.Count(r => r.Record == "Pagamenti" && r.Outcome == BdapOutcome.Nuovo));
        Assert.Contains("2 righe dello stesso anno sommate", sal.Records.Single(r => r.Cup == "B28I17001280008" && r.Detail == "2023").Message);
        Assert.Equal(["B28I17001280008"], sal.UnmatchedCups);

        // A synthetic OpenCUP progetti extract (UTF-8, ';', quoted, decimal comma) gives the project its cost and state.
        var progetti = "\"CUP\";\"DESCRIZIONE_SINTETICA_CUP\";\"ANNO_DECISIONE\";\"STATO_PROGETTO\";\"COSTO_PROGETTO\";\"FINANZIAMENTO_PROGETTO\";\"SOGGETTO_TITOLARE\";\"PIVA_CODFISCALE_SOG_TITOLARE\";\"DATA_GENERAZIONE_CUP\";\"DATA_CHIUSURA_REVOCA\"\n" +
                       "\"B14J18000380005\";\"EX SCUOLA FRAZIONE CESI - RIPARAZIONE DANNI SISMA 2016\";\"2018\";\"ATTIVO\";\"450000,00\";\"450000,00\";\"COMUNE DI SERRAVALLE DI CHIENTI\";\"DATO NON PRESENTE\";\"12/06/2018\";\"\"\n";
        var project = await Run(TendersFactory.Sua, Encoding.UTF8.GetBytes(progetti), "OpenCup_Progetti_estratto.csv", "TV");
        Assert.Equal(BdapFileType.OpenCupProgetti, project.Type);
        Assert.Equal(BdapOutcome.Aggiornato, project.Records.Single().Outcome); // the project existed with its CUP only

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var awards = await db.BdapAwards.Where(a => a.ProvinceId == tv).ToListAsync();
            Assert.Equal(6, awards.Count);
            Assert.Equal(95167217L, awards.Sum(a => a.ImportoBaseCents));
            Assert.Equal(39159952L, awards.Sum(a => a.ImportoAggiudicazioneCents));
            Assert.Equal(["ANNESSI LEONARDO"], awards.Single(a => a.Cig == "8593387F46").Winners); // masked CF "****…" dropped
            Assert.Equal(["CECCARELLI ENZO (03085780546)"], awards.Single(a => a.Cig == "8631330ED4").Winners);
            var payments = await db.BdapPayments.Where(p => p.ProvinceId == tv).ToListAsync();
            Assert.Equal(1632166455L, payments.Where(p => p.Anno == 2023 && p.ImportoCents > 1_000_000_00).Sum(p => p.ImportoCents));
            var cesi = await db.BdapProjects.SingleAsync(p => p.ProvinceId == tv && p.Cup == "B14J18000380005");
            Assert.Equal(45000000L, cesi.CostoCents);
            Assert.Null(cesi.CfSoggettoTitolare);
            Assert.Equal(new DateOnly(2018, 6, 12), cesi.DataInizio);
        }

        // The same files again: nothing changes.
        var again = await Import(TendersFactory.Sua, Gar, "TV");
        Assert.All(again.Records, r => Assert.Equal(BdapOutcome.Invariato, r.Outcome));
        Assert.False(again.CanApply);
        Assert.All((await Import(TendersFactory.Sua, Sal, "TV")).Records, r => Assert.Equal(BdapOutcome.Invariato, r.Outcome));
        await using (var db = await factory.CreateSystemDbAsync())
        {
            Assert.Equal(6, await db.BdapAwards.CountAsync(a => a.ProvinceId == tv));
            string[] cups = ["B12B22000110001", "B12J20001210001", "B14J18000380005", "B14J18000390001", "B22C21001140001", "B28I17001280008"];
            Assert.Equal(6, await db.BdapProjects.CountAsync(p => p.ProvinceId == tv && cups.Contains(p.Cup)));
            Assert.Equal(5, await db.BdapPayments.CountAsync(p => p.ProvinceId == tv));
        }

        // The procedure page's panel: cost, payments by year with their sum and share of the cost, both awards of the CUP.
        var panel = await factory.AsUserAsync(TendersFactory.Manager, sp => sp.GetRequiredService<BdapService>().ForProcedureAsync(byCup));
        var view = Assert.Single(panel!);
        Assert.Equal("B14J18000380005", view.Cup);
        Assert.True(view.ByCup);
        Assert.Equal([2019, 2020, 2021, 2023], view.Payments.Select(p => p.Anno));
        Assert.Equal(17120165L, view.PaidCents);
        Assert.Equal(38.0, view.PercentPaid); // 171,201.65 of 450,000.00 = 38.04 %
        Assert.Equal("ATTIVO", view.Stato);
        Assert.Equal(["8631330ED4", "9707793436"], view.Awards.Select(a => a.Cig));
        Assert.Contains(view.Sources, s => s.Contains("mop_pagamenti_sample_derived.csv"));
        var linkedByCig = Assert.Single((await factory.AsUserAsync(TendersFactory.Sua, sp => sp.GetRequiredService<BdapService>().ForProcedureAsync(byCig)))!);
        Assert.Equal("B14J18000390001", linkedByCig.Cup);
        Assert.False(linkedByCig.ByCup);
        Assert.Equal(19226086L, linkedByCig.Awards.Single().ImportoAggiudicazioneCents);

        // The dashboard block counts the two linked procedures and their two projects.
        var dashboard = await factory.AsUserAsync(TendersFactory.Sua, sp => sp.GetRequiredService<TenderDashboardService>().GetAsync(new TenderDashboardFilter()));
        Assert.Equal(2, dashboard.Bdap.Procedures);
        Assert.Equal(2, dashboard.Bdap.Projects);
        Assert.Equal(45000000L, dashboard.Bdap.CostoCents);
        Assert.Equal(17120165L, dashboard.Bdap.PaidCents);
        Assert.Equal(38.0, dashboard.Bdap.PercentPaid);
        Assert.Equal([("ATTIVO", 1), (BdapService.NotStated, 1)], dashboard.Bdap.ByState.Select(s => (s.Stato, s.Projects)));

        // Brescia sees none of it: not the panel (the procedure does not exist for it), not the rows, not the dashboard.
        Assert.Null(await factory.AsUserAsync(TendersFactory.SuaBrescia, sp => sp.GetRequiredService<BdapService>().ForProcedureAsync(byCup)));
        Assert.Equal(0, await factory.AsUserAsync(TendersFactory.SuaBrescia, async sp =>
        {
            await using var db = await sp.GetRequiredService<PortalDbFactory>().CreateAsync();
            return await db.BdapProjects.CountAsync(p => p.Cup == "B14J18000380005") + await db.BdapPayments.CountAsync(p => p.ProvinceId == tv);
        }));
        var bresciaDashboard = (await factory.AsUserAsync(TendersFactory.SuaBrescia, sp => sp.GetRequiredService<TenderDashboardService>().GetAsync(new TenderDashboardFilter()))).Bdap;
        Assert.Equal((0L, 0L), (bresciaDashboard.CostoCents, bresciaDashboard.PaidCents));
    }

    [Fact]
    public async Task RawMopFile_Windows1252WithOneRowPerWinner_AmountsOnceWinnersListedAccentsRead()
    {
        // Synthetic, in the raw MOP layout: Windows-1252, ';', the dump's own headers; a raggruppamento of three winners.
        var text =
            "Codice CUP;Codice CIG;Oggetto Gara;Data Pubblicazione Gara;Tipo Scelta Contraente;Descrizione Ente;Descrizione Soggetto;Codice Fiscale Soggetto;Importo Base d'Asta;Importo Aggiudicazione\r\n" +
            "J47H22000010001;Q100000E4D;ADEGUAMENTO SISMICO SCUOLA PRIMARIA «SANTA LUCÌA»;15/03/2023;PROCEDURA APERTA;COMUNE DI CITTÀ DI PROVA;COOPERATIVA EDILE CITTÀ DI CONEGLIANO;01234567890;800000.00;640000.50\r\n" +
            "J47H22000010001;Q100000E4D;ADEGUAMENTO SISMICO SCUOLA PRIMARIA «SANTA LUCÌA»;15/03/2023;PROCEDURA APERTA;COMUNE DI CITTÀ DI PROVA;IMPRESA LÒ S.R.L.;09876543210;800000.00;640000.50\r\n" +
            "J47H22000010001;Q100000E4D;ADEGUAMENTO SISMICO SCUOLA PRIMARIA «SANTA LUCÌA»;15/03/2023;PROCEDURA APERTA;COMUNE DI CITTÀ DI PROVA;FRANÇOIS & FIGLI S.N.C.;11223344556;800000.00;640000.50\r\n" +
            "J47H22000010001;Q100001F20;DIREZIONE LAVORI;2023-04-20;AFFIDAMENTO DIRETTO;COMUNE DI CITTÀ DI PROVA;STUDIO TECNICO DÈ PIERI;22334455667;30000;29500.25\r\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes(text);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes)); // really not UTF-8

        var report = await Run(TendersFactory.SuaBrescia, bytes, "gar_reg03.csv", "BS");
        Assert.Empty(report.Errors);
        Assert.Equal("Windows-1252", report.Encoding);
        Assert.Equal(4, report.DataRows);
        Assert.Equal(2, report.Records.Count(r => r.Record == "Aggiudicazione"));
        Assert.Contains("3 righe (una per aggiudicatario)", report.Records.Single(r => r.Detail == "Q100000E4D").Message);

        await using var db = await factory.CreateSystemDbAsync();
        var awards = await db.BdapAwards.Where(a => a.Cig == "Q100000E4D" || a.Cig == "Q100001F20").OrderBy(a => a.Cig).ToListAsync();
        Assert.Equal(2, awards.Count);
        Assert.Equal(64000050L + 2950025L, awards.Sum(a => a.ImportoAggiudicazioneCents)); // not 3 × 640,000.50
        Assert.Equal(["COOPERATIVA EDILE CITTÀ DI CONEGLIANO (01234567890)", "IMPRESA LÒ S.R.L. (09876543210)", "FRANÇOIS & FIGLI S.N.C. (11223344556)"], awards[0].Winners);
        Assert.Equal("ADEGUAMENTO SISMICO SCUOLA PRIMARIA «SANTA LUCÌA»", awards[0].Oggetto);
        Assert.Equal(new DateOnly(2023, 3, 15), awards[0].DataPubblicazione);
        Assert.Equal(new DateOnly(2023, 4, 20), awards[1].DataPubblicazione);
        Assert.Equal(await ProvinceIdAsync("BS"), awards[0].ProvinceId);
    }

    [Fact]
    public async Task MalformedRows_ReportLineAndField_AndNothingIsWritten()
    {
        // Synthetic sal rows in the raw layout: an Italian-style amount, a missing CUP, a bad year; one good row.
        var sal = "Codice CUP;Anno Pagamenti;Importo Pagamenti\n" +
                  "F11B20000120001;2022;1.234,56\n" +
                  ";2022;100.00\n" +
                  "F11B20000120001;22;100.00\n" +
                  "F11B20000130001;2023;500.00\n";
        var before = await CountsAsync();
        var report = await Run(TendersFactory.Sua, Encoding.UTF8.GetBytes(sal), "sal.csv", "TV");
        Assert.Equal(3, report.Errors.Count);
        Assert.Equal("riga 2, campo «Importo Pagamenti»: importo «1.234,56» non valido: in questo file gli importi si scrivono come 1234.56 (punto decimale, senza separatore delle migliaia).", report.Errors[0].ToString());
        Assert.Equal("riga 3, campo «Codice CUP»: CUP mancante.", report.Errors[1].ToString());
        Assert.Equal((4, "Anno Pagamenti"), (report.Errors[2].Line, report.Errors[2].Field));
        Assert.Empty(report.Records);
        Assert.False(report.CanApply);
        Assert.Equal(before, await CountsAsync()); // the good row was not written either

        // OpenCUP uses the decimal comma: there "1234.56" is the wrong format; a date that does not exist is named too.
        var progetti = "CUP;DESCRIZIONE_SINTETICA_CUP;STATO_PROGETTO;COSTO_PROGETTO;DATA_GENERAZIONE_CUP\n" +
                       "F11B20000140001;PROVA;ATTIVO;1234.56;31/02/2021\n";
        var bad = await Run(TendersFactory.Sua, Encoding.UTF8.GetBytes(progetti), "progetti.csv", "TV");
        Assert.Equal(["riga 2, campo «COSTO_PROGETTO»: importo «1234.56» non valido: in questo file gli importi si scrivono come 1234,56 (virgola decimale, senza separatore delle migliaia).",
                      "riga 2, campo «DATA_GENERAZIONE_CUP»: data «31/02/2021» non valida (attesa gg/mm/aaaa, gg/mm/aa o aaaa-mm-gg)."],
            bad.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await CountsAsync());

        // A header that is none of the known files, or a type that contradicts the header, stops the file.
        var unknown = await Assert.ThrowsAsync<BdapFileException>(() => Run(TendersFactory.Sua, Encoding.UTF8.GetBytes("a;b\n1;2\n"), "x.csv", "TV"));
        Assert.Contains("intestazione non riconosciuta", unknown.Message);
        var wrongType = await Assert.ThrowsAsync<BdapFileException>(() => factory.AsUserAsync(TendersFactory.Sua, sp =>
            sp.GetRequiredService<BdapImportService>().PreviewAsync(File.OpenRead(Sal), "sal.csv", "TV", BdapFileType.Gar)));
        Assert.Contains("il tipo indicato è gar, ma l'intestazione è quella di un file sal", wrongType.Message);
    }

    [Fact]
    public async Task RicercaCupExcel_GenuineExport_ProjectsAndAwardsWithExactSums()
    {
        var report = await Import(TendersFactory.SuaBrescia, RicercaCup, "BS");
        Assert.Empty(report.Errors);
        Assert.Equal(BdapFileType.RicercaCup, report.Type);
        Assert.Equal(366 + 114, report.DataRows);
        Assert.Equal(366, report.Records.Count(r => r.Record == "Progetto" && r.Outcome == BdapOutcome.Nuovo));
        Assert.Equal(114, report.Records.Count(r => r.Record == "Aggiudicazione" && r.Outcome == BdapOutcome.Nuovo));
        Assert.Equal(366, report.UnmatchedCups.Count); // Messina's projects: no Brescia procedure
        Assert.Equal(90, report.UnmatchedCigs.Count);

        var bs = await ProvinceIdAsync("BS");
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var projects = db.BdapProjects.Where(p => p.ProvinceId == bs);
            Assert.Equal(102287296300L, await projects.SumAsync(p => p.CostoCents));
            Assert.Equal(22558796409L, await projects.SumAsync(p => p.FinanziamentoCents));
            Assert.Equal(102034392700L, await projects.SumAsync(p => p.FinanziamentoPubblicoCents));
            Assert.Equal(4, await projects.CountAsync(p => p.Stato == "CHIUSO"));
            var messina = await projects.SingleAsync(p => p.Cup == "B41I22000070006");
            Assert.Equal("CITTA' METROPOLITANA DI MESSINA", messina.SoggettoTitolare);
            Assert.Equal(new DateOnly(2022, 3, 22), messina.DataInizio);
            Assert.Null(messina.FaseRaggiunta); // "-" in the export
            var awards = db.BdapAwards.Where(a => a.ProvinceId == bs && a.Aggiudicatari == null);
            Assert.Equal(126979274587L, await awards.SumAsync(a => a.ImportoBaseCents));
            Assert.Equal(10146302280L, await awards.SumAsync(a => a.ImportoAggiudicazioneCents));
        }
        Assert.All((await Import(TendersFactory.SuaBrescia, RicercaCup, "BS")).Records, r => Assert.Equal(BdapOutcome.Invariato, r.Outcome));
        // Treviso's SUA sees none of Brescia's imported rows.
        Assert.Equal(0, await factory.AsUserAsync(TendersFactory.Sua, async sp =>
        {
            await using var db = await sp.GetRequiredService<PortalDbFactory>().CreateAsync();
            return await db.BdapProjects.CountAsync(p => p.Cup == "B41I22000070006");
        }));
    }

    [Fact]
    public async Task Localizzazione_ByPlatformAdmin_RecordGoesToTheProvinceOfTheMatchingProcedure_OthersToTheImportingOne()
    {
        var brescia = await ProcedureAsync(TendersFactory.SuaBrescia, "Bassano Bresciano, intervento PNRR", "B11B21006700006");
        var report = await Import(Admin, Places, "TV");
        Assert.Equal(BdapFileType.OpenCupLocalizzazione, report.Type);
        Assert.Equal(11, report.Records.Count(r => r.Record == "Localizzazione"));
        Assert.Equal("BS", report.Records.Single(r => r.Cup == "B11B21006700006").Sigla);
        Assert.Equal(10, report.Records.Count(r => r.Record == "Localizzazione" && r.Sigla == "TV"));
        Assert.DoesNotContain("B11B21006700006", report.UnmatchedCups);
        Assert.Equal(10, report.UnmatchedCups.Count);

        var panel = await factory.AsUserAsync(TendersFactory.SuaBrescia, sp => sp.GetRequiredService<BdapService>().ForProcedureAsync(brescia));
        Assert.Equal("BASSANO BRESCIANO (BS)", Assert.Single(panel!).Localizzazione);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal("VITTORIO VENETO (TV)", (await db.BdapProjects.SingleAsync(p => p.Cup == "B11B21006890001")).Localizzazione);
        Assert.Equal(await ProvinceIdAsync("TV"), (await db.BdapProjects.SingleAsync(p => p.Cup == "B11B21006890001")).ProvinceId);
    }

    private async Task<(int, int, int)> CountsAsync()
    {
        await using var db = await factory.CreateSystemDbAsync();
        return (await db.BdapProjects.CountAsync(), await db.BdapAwards.CountAsync(), await db.BdapPayments.CountAsync());
    }
}
