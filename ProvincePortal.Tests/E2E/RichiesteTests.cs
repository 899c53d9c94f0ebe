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
        // Each row's SLA icon draws a symbol the document defines once (StaticIcon.Sprite), at the chip icon's size.
        var icons = await cdc.Page.EvaluateAsync<double[][]>(@"() => [...document.querySelectorAll('[data-testid=sla-state] svg use')].map(u => {
            const symbol = document.querySelector(u.getAttribute('href'));
            const box = u.getBoundingClientRect();
            return [symbol && symbol.tagName === 'symbol' && symbol.querySelector('path') ? 1 : 0, box.width, box.height];
        })");
        Assert.NotEmpty(icons);
        Assert.All(icons, icon => Assert.True(icon[0] == 1 && icon[1] >= 10 && icon[2] >= 10, $"Icona SLA senza simbolo o non disegnata: {string.Join(", ", icon)}"));
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

        // The satisfaction survey waits on the request page, with nothing pre-selected: sent empty, the score is named;
        // a low score asks for its reason.
        var survey = page.GetByTestId("satisfaction-panel");
        await Expect(survey).ToBeVisibleAsync();
        var questions = survey.GetByTestId("survey-question");
        await Expect(questions.Nth(0).GetByRole(AriaRole.Radio).First).Not.ToBeCheckedAsync();
        Assert.Equal(0, await survey.Locator("input[type=radio]:checked").CountAsync());
        await survey.GetByTestId("survey-submit").ClickAsync();
        await Expect(survey.GetByTestId("survey-errors")).ToContainTextAsync("Domanda 1 «Quanto è soddisfatto del servizio ricevuto?»: la risposta è obbligatoria.");
        await questions.Nth(0).GetByRole(AriaRole.Radio, new() { Name = "3", Exact = true }).CheckAsync();
        await survey.GetByTestId("survey-submit").ClickAsync();
        await Expect(survey.GetByTestId("survey-errors")).ToContainTextAsync("Domanda 2 «Qual è il motivo principale del suo giudizio?»: la risposta è obbligatoria.");
        await questions.Nth(1).GetByRole(AriaRole.Radio, new() { Name = "Comunicazione poco chiara", Exact = true }).CheckAsync();
        await questions.Nth(2).GetByLabel("3. Vuole aggiungere un commento?").FillAsync("Gli orari andavano pubblicati anche in home page.");
        await comune.AssertAccessibleAsync("Questionario di soddisfazione (richiesta)");
        await survey.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await comune.ScreenshotAsync("richieste-soddisfazione.png");
        await survey.GetByTestId("survey-submit").ClickAsync();
        await Expect(survey.GetByTestId("survey-answered")).ToContainTextAsync("Grazie: questionario compilato");
        await Expect(survey).ToContainTextAsync("Comunicazione poco chiara");

        await page.GetByTestId("action-ApprovaSoluzione").ClickAsync();
        await Expect(page.GetByTestId("request-status").First).ToHaveTextAsync("Chiusa");
        await Expect(page.GetByTestId("timeline-entry").Last).ToContainTextAsync("Soluzione approvata");

        await using var db = await browser.App.CreateSystemDbAsync();
        var stored = await db.ServiceRequests.SingleAsync(r => r.Id == id);
        Assert.Equal(ProvincePortal.Features.Requests.RequestStatus.Chiusa, stored.Status);
        Assert.NotNull(stored.TakeChargeMarginMinutes);
        var answered = await db.SurveyInvitations.SingleAsync(i => i.ContextModule == "richieste" && i.ContextRecordId == id);
        Assert.NotNull(answered.AnsweredAtUtc);
        Assert.Equal(3, await db.SurveyAnswers.Where(a => db.SurveyResponses.Any(r => r.Id == a.ResponseId && r.InvitationId == answered.Id))
            .Select(a => a.Score).Where(x => x != null).SingleAsync());
    }

    [SkippableFact]
    public async Task Comune_AnswersThePeriodicSurvey_Operator_ReadsResults_AllAccessible()
    {
        await using var comune = await browser.NewPageAsync();
        var page = comune.Page;
        await comune.LoginAsync("comune@demo.it");
        await comune.OpenSectionAsync("Questionari");
        await comune.WaitForCircuitAsync();
        var link = page.GetByTestId("invitation-link").Filter(new() { HasText = "Indagine 2026 sui servizi del Centro di Competenza" });
        await Expect(link).ToBeVisibleAsync();
        await comune.AssertAccessibleAsync("Questionari (Comune)");
        await link.ClickAsync();
        await Expect(comune.Heading).ToHaveTextAsync("Questionario");
        await comune.WaitForCircuitAsync();
        var questions = page.GetByTestId("survey-question");
        await questions.Nth(0).GetByRole(AriaRole.Radio, new() { Name = "8", Exact = true }).CheckAsync();
        await questions.Nth(1).GetByRole(AriaRole.Radio, new() { Name = "4", Exact = true }).CheckAsync();
        await questions.Nth(2).GetByRole(AriaRole.Checkbox, new() { Name = "Sito istituzionale", Exact = true }).CheckAsync();
        await questions.Nth(2).GetByRole(AriaRole.Checkbox, new() { Name = "Formazione", Exact = true }).CheckAsync();
        await comune.AssertAccessibleAsync("Questionario periodico");
        await comune.ScreenshotAsync("questionari-risposta.png");
        await page.GetByTestId("survey-submit").ClickAsync();
        await Expect(page.GetByTestId("survey-answered")).ToContainTextAsync("Marco Comune di Conegliano");

        await using var cdc = await browser.NewPageAsync();
        await cdc.LoginAsync("cdc@demo.it");
        await cdc.OpenSectionAsync("Questionari");
        await cdc.WaitForCircuitAsync();
        await Expect(cdc.Page.GetByTestId("campaigns-grid")).ToContainTextAsync("Indagine 2026 sui servizi del Centro di Competenza");
        await cdc.AssertAccessibleAsync("Questionari (operatore)");
        await cdc.ScreenshotAsync("questionari-elenco.png");
        await cdc.Page.GetByTestId("campaign-link").Filter(new() { HasText = "Indagine 2026" }).ClickAsync();
        await Expect(cdc.Heading).ToHaveTextAsync("Indagine 2026 sui servizi del Centro di Competenza");
        // Five answers of six Comuni now: 9 and 10 promoters, 8 and 7 passives, 5 detractor → (2 - 1) / 5 = 20 %.
        await Expect(cdc.Page.GetByTestId("figure-answered")).ToHaveTextAsync("5");
        await Expect(cdc.Page.GetByTestId("figure-nps")).ToHaveTextAsync("20,0");
        await cdc.AssertAccessibleAsync("Risultati della campagna");
        await cdc.ScreenshotAsync("questionari-risultati.png");

        await cdc.Page.GotoAsync("/questionari/campagne/nuova");
        await cdc.WaitForCircuitAsync();
        await cdc.Page.GetByTestId("add-question").ClickAsync();
        await Expect(cdc.Page.GetByTestId("question-editor")).ToHaveCountAsync(1);
        await cdc.AssertAccessibleAsync("Nuova campagna di questionari");
        await cdc.ScreenshotAsync("questionari-nuova-campagna.png");
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
