using Microsoft.Playwright;
using ProvincePortal.Tests.Features.Tenders.Exchange;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>The SUA of Brescia uploads the real ANAC sample on /gare/scambio, reads the preview and applies it; then previews a BDAP file.</summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class GareScambioTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task SuaUploadsAnacCsv_PreviewThenApply_PageAccessible()
    {
        await using var portal = await browser.NewPageAsync();
        var page = portal.Page;
        await portal.LoginAsync("sua.bs@demo.it");
        await page.GotoAsync("/gare");
        await portal.WaitForCircuitAsync();
        await page.GetByTestId("tender-exchange").ClickAsync();
        await Expect(portal.Heading).ToHaveTextAsync("Scambio dati");
        await portal.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Importa CSV ANAC" }).ClickAsync();
        await page.GetByTestId("file-csv").SetInputFilesAsync(ExchangeSamples.CigCsv);
        var summary = page.GetByTestId("exchange-summary");
        await Expect(summary).ToContainTextAsync("Anteprima di cig-2023-10-sample.csv", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("count-Nuovo")).ToHaveTextAsync("Nuovi: 1");
        await Expect(page.GetByTestId("count-Ignorato")).ToHaveTextAsync("Ignorati (altra provincia): 19");

        // Only the new row, with its CIG and object.
        await page.GetByTestId("exchange-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Nuovi", Exact = true }).ClickAsync();
        var rows = page.GetByTestId("exchange-rows").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("99972610C4");
        await portal.AssertAccessibleAsync("Scambio dati (anteprima)");
        await portal.ScreenshotAsync("gare-scambio-anteprima.png");

        await page.GetByTestId("exchange-apply").ClickAsync();
        await Expect(summary).ToContainTextAsync("Importazione applicata", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("exchange-apply")).ToHaveCountAsync(0);

        // A click landing during the re-render after the import can be lost: click until the panel shows.
        var exportTab = page.GetByRole(AriaRole.Tab, new() { Name = "Esporta" });
        for (var attempt = 0; attempt < 5 && await page.GetByTestId("export-ocds").CountAsync() == 0; attempt++)
        {
            await exportTab.ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(page.GetByTestId("export-ocds")).ToHaveAttributeAsync("href", "/gare/scambio/ocds?provincia=BS");
        await portal.AssertAccessibleAsync("Scambio dati (esporta)");

        // The BDAP / OpenCUP import page: the genuine MOP gare sample, preview only.
        await page.GetByTestId("open-bdap").ClickAsync();
        await Expect(portal.Heading).ToHaveTextAsync("Dati BDAP / OpenCUP");
        await portal.WaitForCircuitAsync();
        await page.GetByTestId("bdap-file").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "bdap", "mop_gare_sample_derived.csv"));
        await Expect(page.GetByTestId("bdap-summary")).ToContainTextAsync("Anteprima di mop_gare_sample_derived.csv", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("bdap-count-unmatched")).ToHaveTextAsync("CUP senza procedura: 5");
        await portal.AssertAccessibleAsync("Dati BDAP / OpenCUP (anteprima)");
    }
}
