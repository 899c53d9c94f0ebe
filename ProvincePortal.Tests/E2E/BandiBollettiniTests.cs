using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.EuCalls;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// The Servizio Europa's pages added for bollettini, the Bandi UE dashboard and own calls, opened from the Bandi UE
/// navigation: the EU office edits an own call, composes a bulletin (call, news), previews and sends it; every page passes
/// axe and is photographed for the user guide.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class BandiBollettiniTests(PortalBrowserFixture browser)
{
    // A snackbar caught by axe while it fades in has a blended colour that fails contrast: check the page once they are gone.
    private static Task SnackbarsGoneAsync(IPage page) =>
        Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });

    [SkippableFact]
    public async Task EuOffice_EditsAnOwnCall_ComposesPreviewsAndSendsABulletin_AllPagesAccessible()
    {
        var m = Guid.NewGuid().ToString("N")[..5];
        var callId = await browser.App.AsUserAsync("europa@demo.it", sp => sp.GetRequiredService<CallService>().CreateOwnAsync(new OwnCallInput
        {
            Origin = CallOrigin.Regionale, Identifier = $"PR-FESR-{m}", Title = $"Efficienza energetica degli edifici pubblici {m}", Programme = "PR FESR Veneto",
            Deadlines = [DateTime.Today.AddDays(20).AddHours(12)], Published = true,
        }, default));

        await using var europa = await browser.NewPageAsync();
        var page = europa.Page;
        await europa.LoginAsync("europa@demo.it");

        // The dashboard from the Bandi UE navigation.
        await europa.OpenSectionAsync("Bandi UE");
        var bandiNav = page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni dei bandi UE" });
        await bandiNav.GetByRole(AriaRole.Link, new() { Name = "Cruscotto", Exact = true }).ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Cruscotto Bandi UE");
        await Expect(page.GetByTestId("kpi-aperti")).ToBeVisibleAsync();
        await europa.AssertAccessibleAsync("Cruscotto Bandi UE");
        await europa.ScreenshotAsync("bandi-cruscotto.png");

        // A new own call: the empty form shows the Italian messages under the fields.
        await page.GotoAsync("/bandi/nuovo");
        await europa.WaitForCircuitAsync();
        await page.GetByTestId("save-own-call").ClickAsync();
        await Expect(page.GetByTestId("own-call-errors")).ToContainTextAsync("Titolo: obbligatorio.");
        await Expect(page.GetByTestId("own-call-errors")).ToContainTextAsync("Scadenze: indicare almeno una scadenza.");
        await europa.AssertAccessibleAsync("Nuovo bando della Provincia");
        await europa.ScreenshotAsync("bandi-nuovo.png");

        // Editing an own call from its page: the change lands in the history.
        await page.GotoAsync($"/bandi/{callId}");
        await europa.WaitForCircuitAsync();
        await page.GetByTestId("edit-call").ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Modifica del bando");
        await europa.WaitForCircuitAsync();
        await europa.AssertAccessibleAsync("Modifica del bando");
        await page.GetByLabel("Titolo", new() { Exact = true }).FillAsync($"Efficienza energetica delle scuole {m}");
        await page.GetByTestId("save-own-call").ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync($"Efficienza energetica delle scuole {m}");
        await Expect(page.GetByTestId("call-history")).ToContainTextAsync($"Efficienza energetica degli edifici pubblici {m}");

        // A bulletin: archive, new draft, a call and a news item, preview, send.
        await europa.OpenSectionAsync("Bandi UE");
        await bandiNav.GetByRole(AriaRole.Link, new() { Name = "Bollettini", Exact = true }).ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Bollettini");
        await europa.AssertAccessibleAsync("Bollettini");
        await page.GetByTestId("new-bulletin").ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync("Nuovo bollettino");
        await europa.WaitForCircuitAsync();
        await page.GetByLabel("Titolo", new() { Exact = true }).FillAsync($"Bollettino di prova {m}");
        await page.GetByTestId("create-bulletin").ClickAsync();
        await Expect(europa.Heading).ToHaveTextAsync($"Bollettino di prova {m}");
        await europa.WaitForCircuitAsync();

        await page.GetByLabel("Cerca tra i bandi aperti e in arrivo").FillAsync($"scuole {m}");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Aggiungi il bando PR-FESR-{m}" }).ClickAsync();
        await Expect(page.GetByTestId("bulletin-section-bando")).ToContainTextAsync($"Efficienza energetica delle scuole {m}");
        await page.GetByLabel("Titolo della notizia").FillAsync($"Webinar sul PR FESR {m}");
        await page.GetByLabel("Testo della notizia").FillAsync("Martedì alle 10, iscrizioni sul sito della Regione.");
        await page.GetByTestId("add-news").ClickAsync();
        await Expect(page.GetByTestId("bulletin-section-notizia")).ToContainTextAsync($"Webinar sul PR FESR {m}");

        await page.GetByTestId("bulletin-preview").ClickAsync();
        await Expect(page.GetByTestId("preview-recipients")).ToContainTextAsync("comune@demo.it (Conegliano)");
        await Expect(page.GetByTestId("preview-body")).ToContainTextAsync($"Webinar sul PR FESR {m}");
        await SnackbarsGoneAsync(page);
        await europa.AssertAccessibleAsync("Composizione del bollettino");
        await europa.ScreenshotAsync("bandi-bollettino.png");

        await page.GetByTestId("bulletin-send").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Invia", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("bulletin-state")).ToContainTextAsync("inviato il");
        await Expect(page.GetByTestId("bulletin-pdf")).ToBeVisibleAsync();
        await SnackbarsGoneAsync(page);
        await europa.AssertAccessibleAsync("Bollettino inviato");

        await using var db = await browser.App.CreateSystemDbAsync();
        var sent = await db.Bulletins.SingleAsync(b => b.Title == $"Bollettino di prova {m}");
        Assert.NotNull(sent.Number);
        Assert.True(await db.OutboxEmails.AnyAsync(x => x.To == "comune@demo.it" && x.Subject.Contains($"Bollettino di prova {m}")));
    }
}
