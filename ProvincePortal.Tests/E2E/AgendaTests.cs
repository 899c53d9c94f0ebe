using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Agenda;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>The Province opens the Agenda digitale screen on the real PA digitale data, then a Comune's card.</summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class AgendaTests(PortalBrowserFixture browser)
{
    /// <summary>The shared browser app starts without the national demo import: load the two real files once.</summary>
    private async Task EnsureDataAsync()
    {
        await browser.App.AsUserAsync("admin@demo.it", async sp =>
        {
            var importer = sp.GetRequiredService<AgendaImportService>();
            foreach (var name in AgendaDemoData.Files)
            {
                await using var file = File.OpenRead(Path.Combine(AgendaDemoData.SeedDirectory, name));
                await importer.ImportPad26Async(file, name, apply: true);
            }
            return 0;
        });
    }

    [SkippableFact]
    public async Task ProvinceOpensScreen_ThenComuneCard_Accessible()
    {
        await EnsureDataAsync();
        await using var portal = await browser.NewPageAsync();
        var page = portal.Page;
        await portal.LoginAsync("provincia@demo.it");
        await page.GotoAsync("/agenda");
        await portal.WaitForCircuitAsync();
        await Expect(portal.Heading).ToHaveTextAsync("Agenda digitale");
        await Expect(page.GetByTestId("kpi-comuni")).ToHaveTextAsync("94 / 94", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("agenda-comparison")).ToContainTextAsync("Veneto");
        await Expect(page.GetByTestId("agenda-histogram")).ToBeVisibleAsync();
        var rows = page.GetByTestId("agenda-ranking").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(25, new() { Timeout = 60_000 });
        await portal.AssertAccessibleAsync("Agenda digitale");
        await portal.ScreenshotAsync("agenda.png");

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        using (var document = PdfDocument.Open(await ReadAsync(pdf)))
        {
            Assert.Contains("Provincia di Treviso", document.GetPage(1).Text);
            Assert.Contains("Graduatoria dei Comuni", string.Join("\n", document.GetPages().Select(p => p.Text)));
        }
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        using (var workbook = new XLWorkbook(new MemoryStream(await ReadAsync(xlsx))))
            Assert.Equal(94, workbook.Worksheet("Comuni").RowsUsed().Count() - 3);

        await page.GetByLabel("Cerca un Comune").FillAsync("Conegl");
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Conegliano", Exact = true }).ClickAsync();
        await Expect(portal.Heading).ToHaveTextAsync("Conegliano", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("card-indicators")).ToContainTextAsync("Raggiunto");
        await Expect(page.GetByTestId("card-dimensions")).ToContainTextAsync("Servizi e piattaforme");
        await portal.AssertAccessibleAsync("Scheda del Comune");
        await portal.ScreenshotAsync("agenda-comune.png");

        await page.GotoAsync("/agenda/indicatori");
        await portal.WaitForCircuitAsync();
        await Expect(page.GetByTestId("indicators-table")).ToContainTextAsync("A7");
        await portal.AssertAccessibleAsync("Indicatori dell'Agenda digitale");

        await page.GotoAsync("/agenda/autovalutazione");
        await portal.WaitForCircuitAsync();
        await Expect(page.GetByTestId("selfassessment-questions")).ToContainTextAsync("A2 · ");
        await portal.AssertAccessibleAsync("Autovalutazione dei Comuni");
    }

    private static async Task<byte[]> ReadAsync(IDownload download)
    {
        await using var stream = await download.CreateReadStreamAsync();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
