using System.Text;
using Microsoft.Playwright;
using ProvincePortal.Tests.Features.Documents;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// The Documenti explorer in Chromium: drag-and-drop upload of two files with per-file progress, search in the content,
/// PDF preview, download, a second version and the restore of the first. Photographs the steps for the user guide.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class DocumentiTests(PortalBrowserFixture browser)
{
    /// <summary>Drops files on the drop zone as a person dragging them from the desktop would (a real DataTransfer).</summary>
    private static Task DropFilesAsync(IPage page, params (string Name, string Type, byte[] Bytes)[] files) =>
        page.EvaluateAsync(@"files => {
            const zone = document.querySelector('[data-testid=upload-dropzone]');
            const data = new DataTransfer();
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.base64), c => c.charCodeAt(0));
                data.items.add(new File([bytes], f.name, { type: f.type }));
            }
            for (const type of ['dragenter', 'dragover', 'drop'])
                zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
        }", files.Select(f => new { name = f.Name, type = f.Type, base64 = Convert.ToBase64String(f.Bytes) }).ToArray());

    [SkippableFact]
    public async Task Sua_DropsTwoFiles_SearchesPreviewsDownloads_UploadsAVersionAndRestoresTheFirst()
    {
        var word = "Zefiro" + Guid.NewGuid().ToString("N")[..6];
        var pdf = DocumentsFactory.MinimalPdf($"Capitolato speciale {word}");
        var txt = Encoding.UTF8.GetBytes($"Verbale della seduta: offerte esaminate per il lotto {word}.");
        await using var portal = await browser.NewPageAsync();
        var page = portal.Page;
        await portal.LoginAsync("sua@demo.it");

        await portal.OpenSectionAsync("Documenti");
        await Expect(page.GetByTestId("folder-tree")).ToHaveAttributeAsync("aria-label", "Cartelle di Stazione Unica Appaltante (TV)");
        await Expect(page.GetByTestId("folder-tree").GetByText("(radice)")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("upload-dropzone")).ToHaveAttributeAsync("data-ready", "true");
        await DropFilesAsync(page, ($"capitolato-{word}.pdf", "application/pdf", pdf), ($"verbale-{word}.txt", "text/plain", txt));

        var rows = page.GetByTestId("upload-row");
        await Expect(rows).ToHaveCountAsync(2);
        // Generous: on a loaded machine the server's checks after 100 % take seconds.
        await Expect(page.Locator("[data-testid=upload-row][data-status=completato]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        foreach (var row in await rows.AllAsync())
            await Expect(row.GetByTestId("upload-state")).ToHaveTextAsync("100 % · caricato");
        var grid = page.GetByTestId("documents-grid");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = $"capitolato-{word}" })).ToBeVisibleAsync();
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = $"verbale-{word}" })).ToBeVisibleAsync();
        await portal.AssertAccessibleAsync("Documenti dopo il caricamento");
        await portal.ScreenshotAsync("documenti-caricamento.png");

        // A refused file shows its reason beside it, in Italian, without blocking the others.
        await DropFilesAsync(page, ("vuoto.txt", "text/plain", []));
        await Expect(page.Locator("[data-testid=upload-row][data-status=errore]").First).ToContainTextAsync("Il file «vuoto.txt» è vuoto.");

        await page.GotoAsync("/documenti");
        await portal.WaitForCircuitAsync();
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = $"verbale-{word}" })).ToBeVisibleAsync();
        await portal.ScreenshotAsync("documenti-esplora.png");

        // Search in the content.
        await page.GotoAsync("/documenti/cerca");
        await portal.WaitForCircuitAsync();
        await page.GetByLabel("Parole da cercare").FillAsync(word);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"verbale-{word}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"capitolato-{word}" })).ToBeVisibleAsync();
        await portal.AssertAccessibleAsync("Cerca nei documenti");
        await portal.ScreenshotAsync("documenti-ricerca.png");

        // Preview of the PDF, inline from our origin.
        await page.GetByRole(AriaRole.Link, new() { Name = $"capitolato-{word}" }).ClickAsync();
        await Expect(portal.Heading).ToHaveTextAsync($"capitolato-{word}");
        await portal.WaitForCircuitAsync();
        var frame = page.GetByTestId("preview-pdf");
        await Expect(frame).ToBeVisibleAsync();
        var previewUrl = await frame.GetAttributeAsync("src");
        var preview = await page.APIRequest.GetAsync(previewUrl!);
        Assert.Equal(200, preview.Status);
        Assert.Equal("application/pdf", preview.Headers["content-type"]);
        Assert.StartsWith("inline", preview.Headers["content-disposition"]);
        Assert.Equal(pdf, await preview.BodyAsync());
        await portal.AssertAccessibleAsync("Scheda documento con anteprima");
        await portal.ScreenshotAsync("documenti-anteprima.png");

        // Download: the same bytes that were dropped.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Scarica", Exact = true }).First.ClickAsync());
        Assert.Equal($"capitolato-{word}.pdf", download.SuggestedFilename);
        await using (var stream = await download.CreateReadStreamAsync())
        using (var ms = new MemoryStream())
        {
            await stream.CopyToAsync(ms);
            Assert.Equal(pdf, ms.ToArray());
        }

        // A second version from the versions drawer, then the first one restored.
        await page.GetByTestId("open-versions").ClickAsync();
        var drawer = page.GetByTestId("versions-drawer");
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(drawer.GetByTestId("upload-dropzone")).ToHaveAttributeAsync("data-ready", "true");
        await drawer.GetByLabel("Commento alla nuova versione").FillAsync("Revisione dopo i chiarimenti");
        var second = DocumentsFactory.MinimalPdf($"Capitolato speciale rivisto {word}");
        await drawer.GetByTestId("upload-input").SetInputFilesAsync(new FilePayload { Name = $"capitolato-{word}.pdf", MimeType = "application/pdf", Buffer = second });
        await Expect(drawer.Locator("[data-testid=version-row][data-version='2']")).ToContainTextAsync("v2 · corrente", new() { Timeout = 30_000 });
        await Expect(drawer.Locator("[data-testid=version-row][data-version='2']")).ToContainTextAsync("Revisione dopo i chiarimenti");
        await portal.AssertAccessibleAsync("Versioni del documento");
        await portal.ScreenshotAsync("documenti-versioni.png");

        await drawer.GetByRole(AriaRole.Button, new() { Name = "Ripristina la versione 1" }).ClickAsync();
        await Expect(drawer.Locator("[data-testid=version-row][data-version='3']")).ToContainTextAsync("v3 · corrente", new() { Timeout = 30_000 });
        await Expect(drawer.Locator("[data-testid=version-row][data-version='3']")).ToContainTextAsync("Ripristino della versione 1");
        var current = await page.APIRequest.GetAsync(previewUrl!.Split('?')[0].Replace("/anteprima", "/scarica"));
        Assert.Equal(pdf, await current.BodyAsync());
    }

    [SkippableFact]
    public async Task ProvinceAdmin_AdministrationPagesForWorkspacesAndTypes_AreAccessible()
    {
        await using var portal = await browser.NewPageAsync();
        var page = portal.Page;
        await portal.LoginAsync("provincia@demo.it");

        await portal.OpenSectionAsync("Amministrazione");
        await page.GetByRole(AriaRole.Link, new() { Name = "Apri Spazi di lavoro" }).ClickAsync();
        await Expect(portal.Heading).ToHaveTextAsync("Spazi di lavoro personalizzati");
        await portal.WaitForCircuitAsync();
        await page.GetByTestId("new-workspace").ClickAsync();
        var name = "Tavolo di prova " + Guid.NewGuid().ToString("N")[..4];
        await page.GetByTestId("workspace-editor").GetByLabel("Nome").First.FillAsync(name);
        await page.GetByLabel("Aggiungi membri: cerca per nome o e-mail").FillAsync("Conegliano");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aggiungi Marco Comune di Conegliano" }).ClickAsync();
        await Expect(page.GetByTestId("workspace-members")).ToContainTextAsync("Marco Comune di Conegliano");
        await portal.AssertAccessibleAsync("Spazi di lavoro personalizzati");
        await portal.ScreenshotAsync("amministrazione-spazi.png");
        await page.GetByTestId("workspace-save").ClickAsync();
        await Expect(page.GetByTestId("workspaces-grid")).ToContainTextAsync(name);

        await page.GotoAsync("/amministrazione/tipi-documento");
        await portal.WaitForCircuitAsync();
        await Expect(portal.Heading).ToHaveTextAsync("Tipi di documento");
        await Expect(page.Locator("[data-testid=type-row][data-type=Delibera]")).ToBeVisibleAsync();
        await portal.AssertAccessibleAsync("Tipi di documento");
    }
}
