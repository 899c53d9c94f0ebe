using System.Net;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Cli;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;
using ProvincePortal.Tests.E2E;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>The Agenda reports on the demo data (real PA digitale files), read back with PdfPig and ClosedXML.</summary>
public sealed class AgendaReportTests(AgendaFactory factory) : IClassFixture<AgendaFactory>
{
    private Task<AgendaReport> BuildAsync(string user, string provincia, bool comunePages = false) =>
        factory.AsUserAsync(user, sp => sp.GetRequiredService<AgendaReportService>().BuildAsync(new AgendaReportRequest(provincia, null, comunePages)));

    private static List<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => p.Text).ToList();
    }

    [Fact]
    public async Task ProvincePdf_Treviso_CoverKpisRankingAttributionAndPageNumbers()
    {
        var overview = (await factory.AsUserAsync("provincia@demo.it", sp => sp.GetRequiredService<AgendaScoreService>().OverviewAsync(null)))!;
        var ranking = (await factory.AsUserAsync("provincia@demo.it", sp => sp.GetRequiredService<AgendaScoreService>()
            .RankingAsync(new RankingQuery(overview.ProvinceId, 0, 94)))).Items;
        var report = await BuildAsync("provincia@demo.it", "tv");
        var bytes = AgendaReportDocument.Pdf(report);
        if (Environment.GetEnvironmentVariable("PP_WRITE_SAMPLES") == "1")
        {
            var folder = Path.Combine(RepositoryPaths.Root, "docs", "esempi");
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "agenda-TV.pdf"), bytes);
        }

        var pages = Pages(bytes);
        Assert.Contains("Provincia di Treviso", pages[0]);
        Assert.Contains("Data del report: " + Formats.Date(report.GeneratedAtUtc), pages[0]);
        Assert.DoesNotContain("Graduatoria", pages[0]);
        var all = string.Join("\n", pages);
        var p = overview.Province.RollUp;
        Assert.Contains(Formats.Number(p.Mean!.Value), all);
        Assert.Contains(Formats.Number(p.PopulationWeightedMean!.Value), all);
        Assert.Contains(Formats.Number(p.Distribution!.Median), all);
        Assert.Contains($"{Formats.Number(p.ComuniWithScore)} / {Formats.Number(p.Comuni)}", all);
        Assert.Contains("Dipartimento per la trasformazione digitale", all);
        Assert.Contains("CC BY 4.0", all);
        for (var n = 0; n < pages.Count; n++) Assert.Contains($"Pagina {n + 1} di {pages.Count}", pages[n]);

        // The ranking prints the Comuni in the screen's order (names that occur once in the document only).
        var start = all.IndexOf("Graduatoria dei Comuni", StringComparison.Ordinal);
        var positions = ranking.Take(15).Where(r => all.Split(r.Name).Length == 2).Select(r => all.IndexOf(r.Name, start, StringComparison.Ordinal)).ToList();
        Assert.True(positions.Count >= 5, "troppo pochi nomi univoci da confrontare");
        Assert.All(positions, i => Assert.True(i > start));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task ProvincePdf_WithComunePages_OnePagePerComune()
    {
        var bytes = AgendaReportDocument.Pdf(await BuildAsync("cdc@demo.it", "TV", comunePages: true));
        if (Environment.GetEnvironmentVariable("PP_WRITE_SAMPLES") == "1") await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "agenda-TV-schede.pdf"), bytes);
        var withCards = Pages(bytes);
        var plain = Pages(AgendaReportDocument.Pdf(await BuildAsync("cdc@demo.it", "TV")));
        Assert.Equal(plain.Count + 94, withCards.Count);
        Assert.Contains(withCards, t => t.Contains("Conegliano (ISTAT 026021)") && t.Contains("Raggiunto"));
    }

    [Fact]
    public async Task ProvinceExcel_Treviso_SheetsValuesFormatsFrozenHeaderAndFilter()
    {
        var report = await BuildAsync("provincia@demo.it", "TV");
        var card = (await factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            await using var db = await factory.CreateSystemDbAsync();
            var id = await db.Comuni.Where(c => c.IstatCode == "026021").Select(c => c.Id).SingleAsync();
            return await sp.GetRequiredService<AgendaScoreService>().ComuneCardAsync(id);
        }))!;
        using var workbook = new XLWorkbook(new MemoryStream(AgendaReportDocument.Excel(report)));
        foreach (var name in new[] { "Sintesi", "Comuni", "Indicatori", "Fonti" }) Assert.True(workbook.TryGetWorksheet(name, out _), $"manca il foglio {name}");

        var summary = workbook.Worksheet("Sintesi");
        var meanRow = summary.RowsUsed().Single(r => r.Cell(1).GetString() == "Punteggio medio dei Comuni");
        Assert.Equal(report.RollUp.Mean!.Value, meanRow.Cell(2).GetDouble(), 9);
        Assert.Equal("#,##0.00", meanRow.Cell(2).Style.NumberFormat.Format);

        var sheet = workbook.Worksheet("Comuni");
        var headers = sheet.Row(ExcelReport.HeaderRow).CellsUsed().Select(c => c.GetString()).ToList();
        var row = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == "026021");
        Assert.Equal("Conegliano", row.Cell(3).GetString());
        foreach (var indicator in card.Indicators.Where(i => i.Raw is not null))
        {
            var raw = row.Cell(headers.IndexOf($"{indicator.Indicator.Code} valore") + 1);
            var normalised = row.Cell(headers.IndexOf($"{indicator.Indicator.Code} normalizzato") + 1);
            Assert.Equal(indicator.Raw!.Value, raw.GetDouble(), 9);
            Assert.Equal(indicator.Normalised!.Value, normalised.GetDouble(), 9);
            Assert.Equal(XLDataType.Number, normalised.DataType);
        }
        var score = row.Cell(headers.IndexOf("Punteggio") + 1);
        Assert.Equal(card.Score!.Score!.Value, score.GetDouble(), 9);
        Assert.Equal("#,##0.00", score.Style.NumberFormat.Format);
        Assert.Equal("0.00%", row.Cell(headers.IndexOf("Copertura") + 1).Style.NumberFormat.Format);
        Assert.Equal(94, sheet.RowsUsed().Count() - 3); // title, subtitle, header
        Assert.Equal(ExcelReport.HeaderRow, sheet.SheetView.SplitRow);
        Assert.Equal(3, sheet.SheetView.SplitColumn);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal(ExcelReport.HeaderRow, sheet.AutoFilter.Range.FirstRow().RowNumber());
        // Widths follow the data: the Comune column is wider than the sigla column.
        Assert.True(sheet.Column(3).Width > sheet.Column(4).Width);

        var fonti = workbook.Worksheet("Fonti");
        Assert.Contains(fonti.CellsUsed(), c => c.GetString().Contains("Dipartimento per la trasformazione digitale"));
        var indicators = workbook.Worksheet("Indicatori");
        Assert.Contains(indicators.CellsUsed(), c => c.GetString() == "A7");
    }

    [Fact]
    public async Task NationalReport_AdminOnly_ProvinceRankingAndTopBottom()
    {
        await Assert.ThrowsAsync<AgendaReportForbiddenException>(() => BuildAsync("provincia@demo.it", "TUTTE"));
        await Assert.ThrowsAsync<AgendaReportForbiddenException>(() => BuildAsync("comune@demo.it", "TV"));
        var report = await BuildAsync("admin@demo.it", "TUTTE");
        Assert.True(report.National);
        Assert.Equal(7904, report.Comuni.Count);
        Assert.True(report.Provinces.Count > 100);
        Assert.Equal(report.Provinces.Where(p => p.RollUp.Mean is not null).Select(p => p.RollUp.Mean).OrderDescending(), report.Provinces.Where(p => p.RollUp.Mean is not null).Select(p => p.RollUp.Mean));
        var text = string.Join("\n", Pages(AgendaReportDocument.Pdf(report)));
        Assert.Contains("Graduatoria delle Province", text);
        Assert.Contains(report.Provinces[0].Name, text);
        Assert.Contains("punteggio più basso", text);
    }

    [Fact]
    public async Task Cli_WritesPdfAndExcel_RejectsBadArguments()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pp-tests", "agenda-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            async Task<(int Code, string Output)> Run(params string[] args)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
                var output = new StringWriter();
                var code = await AgendaVerbs.ReportAsync(scope.ServiceProvider, CommandLine.Parse(args), output, CancellationToken.None);
                return (code, output.ToString());
            }

            var pdf = Path.Combine(folder, "tv.pdf");
            Assert.Equal(0, (await Run("agenda", "report", "--provincia", "TV", "--formato", "pdf", "--out", pdf, "--schede-comuni")).Code);
            Assert.Contains("Provincia di Treviso", Pages(await File.ReadAllBytesAsync(pdf))[0]);
            var xlsx = Path.Combine(folder, "tv.xlsx");
            Assert.Equal(0, (await Run("agenda", "report", "--provincia", "TV", "--formato", "xlsx", "--out", xlsx, "--periodo", "2026")).Code);
            using (var workbook = new XLWorkbook(xlsx)) Assert.Equal(94, workbook.Worksheet("Comuni").RowsUsed().Count() - 3);

            var unknown = await Assert.ThrowsAsync<CommandLineException>(() => Run("agenda", "report", "--provincia", "ZZ", "--formato", "pdf", "--out", Path.Combine(folder, "zz.pdf")));
            Assert.Contains("«ZZ»", unknown.Message);
            var format = await Assert.ThrowsAsync<CommandLineException>(() => Run("agenda", "report", "--provincia", "TV", "--formato", "docx", "--out", Path.Combine(folder, "x.docx")));
            Assert.Contains("«docx»", format.Message);
            var noOut = await Assert.ThrowsAsync<CommandLineException>(() => Run("agenda", "report", "--provincia", "TV", "--formato", "pdf"));
            Assert.Contains("--out", noOut.Message);
            var period = await Assert.ThrowsAsync<CommandLineException>(() => Run("agenda", "report", "--provincia", "TV", "--formato", "pdf", "--out", Path.Combine(folder, "p.pdf"), "--periodo", "1999"));
            Assert.Contains("«1999»", period.Message);
            Assert.False(File.Exists(Path.Combine(folder, "zz.pdf")));
            Assert.False(File.Exists(Path.Combine(folder, "p.pdf")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Endpoints_OwnProvinceOnly_AnonymousRefused()
    {
        const string email = "agenda.bs@demo.it";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                await using var db = await factory.CreateSystemDbAsync();
                var brescia = await db.Provinces.Where(p => p.Sigla == "BS").Select(p => p.Id).SingleAsync();
                var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Beatrice Brescia", ProvinceId = brescia };
                Assert.True((await users.CreateAsync(user, "Demo-2026!")).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, Roles.ProvinceAdmin)).Succeeded);
            }
        }

        using var bresciaClient = await factory.LoginAsync(email);
        Assert.Equal(HttpStatusCode.NotFound, (await bresciaClient.GetAsync("/agenda/report.pdf?provincia=TV")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bresciaClient.GetAsync("/agenda/report.xlsx?provincia=TV")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bresciaClient.GetAsync("/agenda/report.xlsx?provincia=TUTTE")).StatusCode);
        var own = await bresciaClient.GetAsync("/agenda/report.pdf");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Provincia di Brescia", Pages(await own.Content.ReadAsByteArrayAsync())[0]);

        using var treviso = await factory.LoginAsync("provincia@demo.it");
        var xlsx = await treviso.GetAsync("/agenda/report.xlsx?provincia=TV");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(ExcelReport.ContentType, xlsx.Content.Headers.ContentType?.MediaType);

        using var comune = await factory.LoginAsync("comune@demo.it");
        Assert.Equal(HttpStatusCode.Forbidden, (await comune.GetAsync("/agenda/report.pdf?provincia=TV")).StatusCode);

        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await anonymous.GetAsync("/agenda/report.pdf?provincia=TV");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("/account/accedi", refused.Headers.Location?.ToString() ?? "");
    }
}
