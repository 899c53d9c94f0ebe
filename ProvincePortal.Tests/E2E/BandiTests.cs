using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ProvincePortal.Tests.Features.EuCalls;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// The Servizio Europa in the browser: finds a call, saves the search, imports from the portal a new call that matches,
/// sees the alert in the bell, opens the call and adds a project card for it. The Bandi UE pages pass axe and are
/// photographed for docs/guida-bandi.md.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class BandiTests(PortalBrowserFixture browser)
{
    private const string Europa = "europa@demo.it";

    [SkippableFact]
    public async Task Europa_SavesASearch_ImportedMatchingCallAlertsInTheBell_ThenAProjectCardForIt()
    {
        await using var europa = await browser.NewPageAsync();
        var page = europa.Page;
        await europa.LoginAsync(Europa);

        // Find a call.
        await page.GotoAsync("/bandi");
        await europa.WaitForCircuitAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Bandi UE");
        await page.GetByLabel("Cerca per titolo, identificativo o parola chiave").FillAsync("clima");
        var grid = page.GetByTestId("calls-grid");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = "Adattamento climatico degli enti locali: piani e interventi pilota" })).ToBeVisibleAsync();
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await europa.AssertAccessibleAsync("Bandi UE (ricerca)");
        await europa.ScreenshotAsync("bandi.png");

        // Save the search.
        var searchName = "Clima " + Guid.NewGuid().ToString("N")[..5];
        await page.GetByTestId("save-search").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("save-search-criteria")).ToContainTextAsync("testo «clima»");
        await dialog.GetByLabel("Nome della ricerca").FillAsync(searchName);
        await dialog.GetByTestId("search-frequency").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Immediata", Exact = true }).ClickAsync();
        await europa.AssertAccessibleAsync("Salva ricerca");
        await europa.ScreenshotAsync("bandi-salva-ricerca.png");
        await dialog.GetByTestId("save-search-confirm").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Ricerca salvata");

        // The portal import brings a new call about climate.
        var identifier = "LIFE-2027-CLIMA-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var file = Path.Combine(Path.GetTempPath(), $"ricerca-ft-{identifier}.json");
        await File.WriteAllTextAsync(file, PortalSamples.Envelope(PortalSamples.Item(identifier, ("keywords", ["clima", "adattamento", "enti locali"]),
            ("title", ["Climate-resilient municipalities: local adaptation pathways"]))), Encoding.UTF8);
        try
        {
            await page.GotoAsync("/bandi/importa");
            await europa.WaitForCircuitAsync();
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await Expect(page.GetByTestId("ft-summary")).ToContainTextAsync("nuovi: 1", new() { Timeout = 30_000 });
            await europa.AssertAccessibleAsync("Importa bandi (anteprima)");
            await europa.ScreenshotAsync("bandi-importa.png");
            await page.GetByTestId("ft-apply").ClickAsync();
            await Expect(page.GetByTestId("ft-summary")).ToContainTextAsync("Importazione completata");
        }
        finally { File.Delete(file); }

        int callId;
        string callTitle;
        await using (var db = await browser.App.CreateSystemDbAsync())
        {
            var call = await db.Calls.SingleAsync(c => c.Identifier == identifier);
            (callId, callTitle) = (call.Id, call.Title);
        }

        // The saved search lists the alert; the bell shows it.
        await page.GotoAsync("/bandi/avvisi");
        await europa.WaitForCircuitAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Ricerche salvate e avvisi");
        var row = page.GetByTestId("searches-grid").Locator("tbody tr").Filter(new() { HasText = searchName });
        await Expect(row).ToContainTextAsync("Immediata");
        await Expect(row).ToContainTextAsync("testo «clima»");
        await row.GetByRole(AriaRole.Link, new() { Name = searchName }).ClickAsync();
        await Expect(page.GetByTestId("alerts-grid")).ToContainTextAsync(identifier);
        await europa.AssertAccessibleAsync("Ricerche salvate e avvisi");
        await europa.ScreenshotAsync("bandi-avvisi.png");

        var bell = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Notifiche: \d+ non lette$") });
        await Expect(bell).ToBeVisibleAsync();
        await bell.ClickAsync();
        var alert = page.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = $"Avviso «{searchName}»: nuovo bando" });
        await Expect(alert).ToBeVisibleAsync();
        await europa.AssertAccessibleAsync("Notifiche aperte (avviso bandi)");
        await europa.ScreenshotAsync("bandi-avviso-notifica.png");
        await alert.ClickAsync();
        await page.WaitForURLAsync($"**/bandi/{callId}");
        await Expect(europa.Heading).ToHaveTextAsync(callTitle);
        await europa.AssertAccessibleAsync("Scheda del bando");
        await europa.ScreenshotAsync("bandi-scheda.png");

        // A project card for the call.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuova scheda progetto" }).ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Nuova scheda progetto");
        await europa.WaitForCircuitAsync();
        await Expect(page.GetByTestId("field-call")).ToContainTextAsync(identifier);
        var projectTitle = "Piano di adattamento climatico della Pedemontana";
        await page.GetByTestId("field-title").FillAsync(projectTitle);
        await page.GetByTestId("field-lead").FillAsync("Provincia di Treviso");
        await europa.ScreenshotAsync("bandi-progetto-nuovo.png");
        await page.GetByTestId("save-project").ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync(projectTitle);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = identifier })).ToBeVisibleAsync();

        // The other pages of the module, for the guide.
        await page.GotoAsync("/bandi/scadenzario");
        await europa.WaitForCircuitAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Scadenzario");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agenda", Exact = true }).ClickAsync();
        await page.GetByLabel("Tutti i bandi, non solo quelli seguiti").CheckAsync();
        await Expect(page.GetByTestId("agenda")).ToContainTextAsync("Servizi pubblici digitali interoperabili per i piccoli Comuni");
        await europa.AssertAccessibleAsync("Scadenzario (agenda)");
        await europa.ScreenshotAsync("bandi-scadenzario.png");

        foreach (var (url, heading, image) in new (string, string, string)[]
        {
            ($"/bandi/{callId}/analisi", "Scheda di analisi", "bandi-analisi.png"),
            ("/bandi/progetti", "Schede progetto", "bandi-progetti.png"),
            ("/bandi/partner", "Ricerca partner", "bandi-partner.png"),
        })
        {
            await page.GotoAsync(url);
            await europa.WaitForCircuitAsync();
            await Expect(europa.Heading).ToHaveTextAsync(heading);
            await europa.ScreenshotAsync(image);
        }
    }
}
