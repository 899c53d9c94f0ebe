using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// Richieste Comuni in the browser: the Comune of Conegliano files a request from the catalogue, the competence centre's
/// operator takes it in charge and solves it, the Comune approves the solution. Every page passes axe; the pages are
/// photographed for docs/guida-richieste.md.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class RichiesteTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task Comune_Files_Operator_TakesChargeAndSolves_Comune_Approves()
    {
        var subject = "Nuovi orari dell'ufficio tributi " + Guid.NewGuid().ToString("N")[..5];

        await using var comune = await browser.NewPageAsync();
        var page = comune.Page;
        await comune.LoginAsync("comune@demo.it");
        await comune.OpenSectionAsync("Richieste Comuni");
        await comune.WaitForCircuitAsync();
        await Expect(page.GetByTestId("request-link").First).ToBeVisibleAsync();
        await comune.AssertAccessibleAsync("Richieste Comuni (Comune)");

        await page.GetByTestId("open-catalogue").ClickAsync();
        await Expect(comune.Heading).ToHaveTextAsync("Catalogo dei servizi");
        await comune.WaitForCircuitAsync();
        await Expect(page.GetByTestId("catalogue-service")).ToHaveCountAsync(5);
        await comune.AssertAccessibleAsync("Catalogo dei servizi");
        await comune.ScreenshotAsync("richieste-catalogo.png");
        await page.GetByLabel("Cerca un servizio").FillAsync("sito");
        await Expect(page.GetByTestId("catalogue-service")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Richiedi il servizio Aggiornamento del sito istituzionale" }).ClickAsync();
        await Expect(comune.Heading).ToHaveTextAsync("Richiesta: Aggiornamento del sito istituzionale");
        await comune.WaitForCircuitAsync();
        // Sent empty first: the required fields are named.
        await page.GetByTestId("submit-request").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Campo «Pagina da aggiornare (indirizzo)»: è obbligatorio.");
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Oggetto: è obbligatorio.");
        await comune.AssertAccessibleAsync("Nuova richiesta");
        await page.GetByLabel("Oggetto").FillAsync(subject);
        await page.GetByLabel("Pagina da aggiornare (indirizzo)").FillAsync("https://www.comune.conegliano.tv.it/tributi");
        await comune.ScreenshotAsync("richieste-nuova.png");
        await page.GetByTestId("submit-request").ClickAsync();
        await Expect(comune.Heading).ToContainTextAsync(subject);
        await comune.WaitForCircuitAsync();
        var id = int.Parse(Regex.Match(page.Url, @"/richieste/(\d+)").Groups[1].Value);
        await Expect(page.GetByTestId("request-status").First).ToHaveTextAsync("Nuova");
        await comune.AssertAccessibleAsync("Richiesta (Comune)");

        await using var cdc = await browser.NewPageAsync();
        await cdc.LoginAsync("cdc@demo.it");
        await cdc.OpenSectionAsync("Richieste Comuni");
        await cdc.WaitForCircuitAsync();
        await Expect(cdc.Page.GetByTestId("request-link").Filter(new() { HasText = subject })).ToBeVisibleAsync();
        await cdc.AssertAccessibleAsync("Richieste Comuni (operatore)");
        await cdc.ScreenshotAsync("richieste-elenco.png");

        await cdc.Page.GetByTestId("request-link").Filter(new() { HasText = subject }).ClickAsync();
        await Expect(cdc.Heading).ToContainTextAsync(subject);
        await cdc.WaitForCircuitAsync();
        await cdc.Page.GetByTestId("action-PrendiInCarico").ClickAsync();
        await Expect(cdc.Page.GetByTestId("request-status").First).ToHaveTextAsync("In carico");
        await Expect(cdc.Page.GetByTestId("assignee")).ToContainTextAsync("Carlo Competenza");
        await cdc.Page.GetByLabel("Scrivi un messaggio").FillAsync("Verifichiamo con il fornitore del sito.");
        await cdc.Page.GetByLabel("Nota interna (non visibile al Comune)").CheckAsync();
        await cdc.Page.GetByTestId("reply-send").ClickAsync();
        await Expect(cdc.Page.Locator(".pp-timeline-internal")).ToContainTextAsync("Verifichiamo con il fornitore del sito.");
        await cdc.Page.GetByTestId("action-Risolvi").ClickAsync();
        await cdc.Page.GetByLabel("Soluzione (visibile al Comune)").FillAsync("Orari pubblicati nella pagina dell'ufficio tributi.");
        await cdc.AssertAccessibleAsync("Richiesta (operatore)");
        await cdc.Page.GetByTestId("action-confirm").ClickAsync();
        await Expect(cdc.Page.GetByTestId("request-status").First).ToHaveTextAsync("Risolta");
        await cdc.ScreenshotAsync("richieste-richiesta-operatore.png");

        await page.ReloadAsync();
        await comune.WaitForCircuitAsync();
        await Expect(page.GetByTestId("solution")).ToContainTextAsync("Orari pubblicati");
        // The operator's internal note never reaches the Comune's page.
        await Expect(page.GetByTestId("timeline")).Not.ToContainTextAsync("fornitore del sito");
        await comune.ScreenshotAsync("richieste-richiesta-comune.png");
        await page.GetByTestId("action-ApprovaSoluzione").ClickAsync();
        await Expect(page.GetByTestId("request-status").First).ToHaveTextAsync("Chiusa");
        await Expect(page.GetByTestId("timeline-entry").Last).ToContainTextAsync("Soluzione approvata");

        await using var db = await browser.App.CreateSystemDbAsync();
        var stored = await db.ServiceRequests.SingleAsync(r => r.Id == id);
        Assert.Equal(ProvincePortal.Features.Requests.RequestStatus.Chiusa, stored.Status);
        Assert.NotNull(stored.TakeChargeMarginMinutes);
    }

    [SkippableFact]
    public async Task ProvinceAdministrator_ServicePagesAndCalendar_AreAccessible()
    {
        await using var admin = await browser.NewPageAsync();
        var page = admin.Page;
        await admin.LoginAsync("provincia@demo.it");
        await page.GotoAsync("/richieste/servizi");
        await admin.WaitForCircuitAsync();
        await Expect(page.GetByTestId("services-grid").GetByRole(AriaRole.Link, new() { Name = "Assistenza pagoPA" })).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("Gestione dei servizi");
        await admin.ScreenshotAsync("richieste-servizi.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Assistenza pagoPA" }).ClickAsync();
        await Expect(admin.Heading).ToHaveTextAsync("Assistenza pagoPA");
        await admin.WaitForCircuitAsync();
        await Expect(page.GetByTestId("field-editor")).ToHaveCountAsync(4);
        await admin.AssertAccessibleAsync("Servizio del catalogo");
        await admin.ScreenshotAsync("richieste-servizio.png");

        await page.GotoAsync("/richieste/calendario");
        await admin.WaitForCircuitAsync();
        await Expect(page.GetByTestId("holidays")).ToContainTextAsync("Lunedì dell'Angelo");
        await Expect(page.GetByTestId("holidays")).ToContainTextAsync("San Liberale");
        await admin.AssertAccessibleAsync("Calendario lavorativo");
        await admin.ScreenshotAsync("richieste-calendario.png");
    }
}
