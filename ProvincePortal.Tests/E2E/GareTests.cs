using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Features.Tenders;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// A procedure taken through its phases in the browser by the SUA (the data each phase needs is entered through the
/// app's TenderService, the phase changes and the document generation through the pages), counted on the Gare dashboard;
/// the Dirigente downloads the PDF and Excel KPIs and their figures match the service's. Every Gare page passes axe;
/// the pages are photographed for docs/guida-gare.md.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class GareTests(PortalBrowserFixture browser)
{
    private Task<T> AsSua<T>(Func<TenderService, Task<T>> action) =>
        browser.App.AsUserAsync(TendersFactory.Sua, sp => action(sp.GetRequiredService<TenderService>()));

    [SkippableFact]
    public async Task Sua_TakesAProcedureThroughItsPhases_DirigenteDownloadsTheKpis()
    {
        await using var sua = await browser.NewPageAsync();
        var page = sua.Page;
        await sua.LoginAsync(TendersFactory.Sua);

        await page.GotoAsync("/gare/nuova");
        await sua.WaitForCircuitAsync();
        await Expect(sua.Heading).ToBeVisibleAsync();
        await sua.AssertAccessibleAsync("Nuova procedura");
        await sua.ScreenshotAsync("gare-nuova.png");

        var oggetto = "Riqualificazione energetica scuola media Marconi " + Guid.NewGuid().ToString("N")[..5];
        var input = TendersFactory.Works(oggetto);
        input.DataPubblicazione = DateTime.Today.AddDays(-40);
        var p = await AsSua(s => s.CreateAsync(input));
        var cig = TendersFactory.NewCig();
        var lotId = await AsSua(s => s.AddLotAsync(p.Id, new LotInput { Cig = cig, Oggetto = "Lotto unico", Importo = 480_000m }));
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddDays(1), Formats.Rome);
        await AsSua(s => s.AddDeadlineAsync(p.Id, new DeadlineInput { Kind = DeadlineKind.Stipula, Data = local.Date, Ora = new TimeSpan(11, 0, 0) }));

        await page.GotoAsync($"/gare/{p.Id}");
        await sua.WaitForCircuitAsync();
        await Expect(sua.Heading).ToHaveTextAsync(oggetto);
        var stepper = page.GetByTestId("phase-stepper");
        async Task AdvanceTo(string phase)
        {
            await page.GetByTestId("advance-phase").ClickAsync();
            await Expect(stepper.Locator("li[aria-current=step]")).ToHaveTextAsync(phase);
        }
        await AdvanceTo("Progettazione");
        await AdvanceTo("Pubblicazione");

        // Affidamento needs the award: date, winner and amount of the lot (entered through the service).
        await page.GetByTestId("advance-phase").ClickAsync();
        await Expect(page.GetByTestId("phase-message")).ToContainTextAsync("la data di aggiudicazione");
        input.DataAggiudicazione = DateTime.Today.AddDays(-10);
        input.DataStipula = DateTime.Today.AddDays(-2);
        var details = await AsSua(s => s.GetAsync(p.Id));
        await AsSua(s => s.UpdateAsync(p.Id, input, details!.Procedure.RowVersion));
        await AsSua(s => s.UpdateLotAsync(lotId, new LotInput
        {
            Numero = 1, Cig = cig, Oggetto = "Lotto unico", Importo = 480_000m, ImportoAggiudicazione = 432_000m, RibassoPercent = 10m,
            RowVersion = details!.Procedure.Lots[0].RowVersion,
        }));
        await AsSua(s => s.AddParticipationAsync(lotId, new ParticipationInput
        {
            Aggiudicatario = true, Members = [new MemberInput { Denominazione = "Costruzioni Piave S.r.l.", CodiceFiscale = "04123450266" }],
        }));
        await page.ReloadAsync();
        await sua.WaitForCircuitAsync();
        await AdvanceTo("Affidamento");
        await AdvanceTo("Esecuzione");
        await sua.AssertAccessibleAsync("Procedura di gara");
        await sua.ScreenshotAsync("gare-procedura-fasi.png");

        // The standard document, generated from the template in force and archived on the procedure.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Documenti" }).ClickAsync();
        await page.GetByTestId("generate-document").ClickAsync();
        await Expect(page.GetByTestId("linked-documents")).ToContainTextAsync(oggetto);
        await sua.AssertAccessibleAsync("Documenti della procedura");
        await sua.ScreenshotAsync("gare-documenti.png");

        await page.GotoAsync("/gare/scadenze");
        await sua.WaitForCircuitAsync();
        await Expect(page.GetByTestId("calendar")).ToContainTextAsync(oggetto);
        await sua.AssertAccessibleAsync("Scadenze delle gare");
        await sua.ScreenshotAsync("gare-scadenze.png");

        await page.GotoAsync("/gare/cruscotto");
        await sua.WaitForCircuitAsync();
        await page.GetByLabel("Cerca per oggetto, CIG, CUP o RUP").FillAsync(oggetto);
        await Expect(page.GetByTestId("dashboard-grid")).ToContainTextAsync(oggetto);
        await Expect(page.GetByTestId("deadline-list")).ToContainTextAsync(oggetto);
        await sua.AssertAccessibleAsync("Cruscotto Gare");

        // The Dirigente sees the procedure counted and downloads the figures.
        await using var manager = await browser.NewPageAsync();
        await manager.LoginAsync(TendersFactory.Manager);
        var expected = await browser.App.AsUserAsync(TendersFactory.Manager,
            sp => sp.GetRequiredService<TenderDashboardService>().GetAsync(new TenderDashboardFilter()));
        Assert.True(expected.ByPhase.Single(x => x.Phase == TenderPhase.Esecuzione).Count >= 1);
        await manager.Page.GotoAsync("/gare/cruscotto");
        await manager.WaitForCircuitAsync();
        await Expect(manager.Page.GetByTestId("kpi-totale")).ToHaveTextAsync(Formats.Number(expected.Total));
        await Expect(manager.Page.GetByTestId("kpi-in-corso")).ToHaveTextAsync(Formats.Number(expected.InProgressCount));
        await manager.ScreenshotAsync("gare-cruscotto.png");

        var pdf = await manager.Page.RunAndWaitForDownloadAsync(() => manager.Page.GetByTestId("download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        using (var doc = PdfDocument.Open(await ReadAsync(pdf)))
        {
            var text = string.Join("\n", doc.GetPages().Select(x => x.Text));
            Assert.Contains("Cruscotto Gare", text);
            Assert.Contains(Formats.EuroCents(expected.InProgressValueCents), text);
            Assert.Contains(Formats.EuroCents(expected.AwardedInYearValueCents), text);
        }
        var xlsx = await manager.Page.RunAndWaitForDownloadAsync(() => manager.Page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        using var workbook = new XLWorkbook(new MemoryStream(await ReadAsync(xlsx)));
        var summary = workbook.Worksheet("Sintesi");
        Assert.Equal("Procedure registrate", summary.Cell(ExcelReport.HeaderRow + 1, 1).GetString());
        Assert.Equal(Formats.Number(expected.Total), summary.Cell(ExcelReport.HeaderRow + 1, 2).GetString());
        var phases = workbook.Worksheet("Procedure per fase");
        var esecuzione = Enumerable.Range(ExcelReport.HeaderRow + 1, 6).Single(r => phases.Cell(r, 1).GetString() == "Esecuzione");
        Assert.Equal(expected.ByPhase.Single(x => x.Phase == TenderPhase.Esecuzione).Count, phases.Cell(esecuzione, 2).GetDouble());
    }

    private static async Task<byte[]> ReadAsync(IDownload download)
    {
        await using var stream = await download.CreateReadStreamAsync();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
