using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Requests.Dashboard;
using ProvincePortal.Localization;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>The Dirigente opens the "Richieste Comuni" dashboard from the menu, reads the figures and downloads both reports.</summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class CruscottoRichiesteTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task Dirigente_OpensTheDashboard_AndDownloadsPdfAndExcel()
    {
        await using var manager = await browser.NewPageAsync();
        var page = manager.Page;
        await manager.LoginAsync("dirigente@demo.it");
        var expected = await browser.App.AsUserAsync("dirigente@demo.it", sp =>
        {
            var service = sp.GetRequiredService<RequestDashboardService>();
            return service.GetAsync(service.DefaultFilter());
        });

        await manager.OpenSectionAsync("Cruscotto Richieste Comuni");
        await manager.WaitForCircuitAsync();
        await Expect(page.GetByTestId("kpi-presentate")).ToHaveTextAsync(Formats.Number(expected.Totals.Filed));
        await Expect(page.GetByTestId("kpi-aperte")).ToHaveTextAsync(Formats.Number(expected.Backlog));
        await Expect(page.GetByTestId("by-comune")).ToContainTextAsync("Conegliano");
        await Expect(page.GetByTestId("by-service")).ToContainTextAsync("Aggiornamento del sito istituzionale");
        await manager.AssertAccessibleAsync("Cruscotto Richieste Comuni");
        await manager.ScreenshotAsync("richieste-cruscotto.png");

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        using (var doc = PdfDocument.Open(await ReadAsync(pdf)))
        {
            var text = string.Join("\n", doc.GetPages().Select(x => x.Text));
            Assert.Contains("Cruscotto Richieste Comuni", text);
            Assert.Contains("Provincia di Treviso", text);
            Assert.Contains("Richieste per stato", text);
        }
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        using var workbook = new XLWorkbook(new MemoryStream(await ReadAsync(xlsx)));
        var summary = workbook.Worksheet("Sintesi");
        Assert.Equal("Richieste presentate nel periodo", summary.Cell(ExcelReport.HeaderRow + 1, 1).GetString());
        Assert.Equal(Formats.Number(expected.Totals.Filed), summary.Cell(ExcelReport.HeaderRow + 1, 2).GetString());
    }

    private static async Task<byte[]> ReadAsync(IDownload download)
    {
        await using var stream = await download.CreateReadStreamAsync();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
