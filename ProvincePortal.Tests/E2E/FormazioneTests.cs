using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Formazione;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>The Dirigente opens the training dashboard from the menu, reads the figures of the demo records and downloads the Excel.</summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class FormazioneTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task Dirigente_OpensTrainingDashboard_AndDownloadsExcel()
    {
        await using var manager = await browser.NewPageAsync();
        var page = manager.Page;
        await manager.LoginAsync("dirigente@demo.it");
        var expected = await browser.App.AsUserAsync("dirigente@demo.it", sp => sp.GetRequiredService<FormazioneDashboardService>().GetAsync(new FormazioneFilter()));

        await manager.OpenSectionAsync("Cruscotto formazione");
        await manager.WaitForCircuitAsync();
        await Expect(page.GetByTestId("kpi-enrolled")).ToHaveTextAsync(Formats.Number(expected.Enrolled));
        await Expect(page.GetByTestId("kpi-rate")).ToHaveTextAsync(Formats.Number(expected.Rate, 1) + " %");
        await Expect(page.GetByTestId("by-comune")).ToContainTextAsync("Conegliano");
        await Expect(page.GetByTestId("people-grid")).ToContainTextAsync("Marco Comune di Conegliano");
        await manager.AssertAccessibleAsync("Cruscotto formazione");
        await manager.ScreenshotAsync("formazione-cruscotto.png");

        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        await using var stream = await xlsx.CreateReadStreamAsync();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        using var workbook = new XLWorkbook(new MemoryStream(memory.ToArray()));
        Assert.Equal(Formats.Number(expected.Enrolled), workbook.Worksheet("Sintesi").Cell(ExcelReport.HeaderRow + 2, 2).GetString());
        Assert.Equal(expected.Enrolled, workbook.Worksheet("Persone").RowsUsed().Count(r => r.RowNumber() > ExcelReport.HeaderRow));
    }
}
