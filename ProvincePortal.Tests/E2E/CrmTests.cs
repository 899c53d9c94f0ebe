using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// The CRM of the Comuni in the browser: the competence centre's operator opens Conegliano's card, is refused a payment
/// above the residual, records one and an interaction; the Comune user then sees the payment in "La mia convenzione".
/// Every page passes axe; the pages are photographed for docs/guida-richieste.md.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class CrmTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task Operator_RecordsAPaymentAndAnInteraction_ComuneUser_SeesItsAgreement()
    {
        var year = DateTime.UtcNow.Year;
        var subject = "Incontro sul piano triennale " + Guid.NewGuid().ToString("N")[..5];

        await using var cdc = await browser.NewPageAsync();
        var page = cdc.Page;
        await cdc.LoginAsync("cdc@demo.it");
        await cdc.OpenSectionAsync("Richieste Comuni");
        await cdc.WaitForCircuitAsync();
        await page.GetByTestId("open-crm").ClickAsync();
        await Expect(cdc.Heading).ToHaveTextAsync("Comuni e convenzioni");
        await cdc.WaitForCircuitAsync();
        await Expect(page.GetByTestId("overdue-quotas")).ToContainTextAsync("Conegliano");
        await Expect(page.GetByTestId("expiring-agreements")).ToContainTextAsync("Oderzo");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Solo i Comuni con una convenzione" }).Or(page.GetByLabel("Solo i Comuni con una convenzione")).First.CheckAsync();
        await Expect(page.GetByTestId("crm-comune-link")).ToHaveCountAsync(3);
        await cdc.AssertAccessibleAsync("Comuni e convenzioni");
        await cdc.ScreenshotAsync("crm-comuni.png");

        await page.GetByTestId("crm-comune-link").Filter(new() { HasText = "Conegliano" }).ClickAsync();
        await Expect(cdc.Heading).ToHaveTextAsync("Comune di Conegliano");
        await cdc.WaitForCircuitAsync();
        var quota = page.GetByTestId($"quota-{year}");
        await Expect(quota.GetByTestId("quota-status")).ToHaveTextAsync("Scaduta");
        await Expect(quota.GetByTestId("quota-residual")).ToHaveTextAsync("€ 4.664,20");
        await cdc.AssertAccessibleAsync("Scheda del Comune (convenzione)");

        await page.GetByTestId($"pay-{year}").ClickAsync();
        await Field(page, "payment-amount").FillAsync("99999");
        await Field(page, "payment-amount").PressAsync("Tab");
        await Field(page, "payment-reference").FillAsync("pagoPA IUV 01000000000099999");
        await page.GetByTestId("payment-save").ClickAsync();
        await Expect(page.GetByTestId("payment-errors")).ToContainTextAsync($"Importo del pagamento: € 99.999,00 supera il residuo della quota {year} (€ 4.664,20).");
        await cdc.AssertAccessibleAsync("Registrazione di un pagamento");
        await Field(page, "payment-amount").FillAsync("1000");
        await Field(page, "payment-amount").PressAsync("Tab");
        await cdc.ScreenshotAsync("crm-pagamento.png");
        await page.GetByTestId("payment-save").ClickAsync();
        await Expect(quota.GetByTestId("quota-residual")).ToHaveTextAsync("€ 3.664,20");
        await Expect(quota).ToContainTextAsync("pagoPA IUV 01000000000099999");
        await cdc.ScreenshotAsync("crm-comune.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Contatti" }).ClickAsync();
        await Expect(page.GetByTestId("contact-row")).ToHaveCountAsync(5);
        await cdc.AssertAccessibleAsync("Scheda del Comune (contatti)");
        await cdc.ScreenshotAsync("crm-contatti.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Interazioni" }).ClickAsync();
        await Field(page, "interaction-subject").FillAsync(subject);
        await Field(page, "interaction-protocol").FillAsync("2026/0012345");
        await page.GetByTestId("interaction-save").ClickAsync();
        // A protocol number without its date is refused, naming the field.
        await Expect(page.GetByTestId("interaction-errors")).ToContainTextAsync("Data di protocollo: indicarla insieme al numero di protocollo.");
        await Field(page, "interaction-protocol").FillAsync("");
        await page.GetByTestId("interaction-save").ClickAsync();
        await Expect(page.GetByTestId("interaction-subject-cell").First).ToHaveTextAsync(subject);
        await cdc.AssertAccessibleAsync("Scheda del Comune (interazioni)");
        await cdc.ScreenshotAsync("crm-interazioni.png");

        await using var comune = await browser.NewPageAsync();
        await comune.LoginAsync("comune@demo.it");
        await comune.OpenSectionAsync("Richieste Comuni");
        await comune.WaitForCircuitAsync();
        await Expect(comune.Page.GetByTestId("open-crm")).ToHaveCountAsync(0);
        await comune.Page.GetByTestId("open-my-agreement").ClickAsync();
        await Expect(comune.Heading).ToHaveTextAsync("La mia convenzione");
        await comune.WaitForCircuitAsync();
        var mine = comune.Page.GetByTestId($"quota-{year}");
        await Expect(mine.GetByTestId("quota-residual")).ToHaveTextAsync("€ 3.664,20");
        await Expect(mine).ToContainTextAsync("pagoPA IUV 01000000000099999");
        await Expect(comune.Page.GetByTestId($"pay-{year}")).ToHaveCountAsync(0);
        await Expect(comune.Page.GetByTestId("agreement-edit")).ToHaveCountAsync(0);
        await comune.AssertAccessibleAsync("La mia convenzione");
        await comune.ScreenshotAsync("crm-mia-convenzione.png");

        // Another Comune's card is "not found" for the Comune user.
        await comune.Page.GotoAsync($"{browser.Address}/richieste/comuni/{await OderzoIdAsync()}");
        await Expect(comune.Heading).ToHaveTextAsync("Pagina non trovata");
    }

    /// <summary>A MudBlazor text or numeric field by its test id, whether the id lands on the input or on its wrapper.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    private async Task<int> OderzoIdAsync()
    {
        await using var db = await browser.App.CreateSystemDbAsync();
        return db.Comuni.Where(c => c.CadastralCode == "F999").Select(c => c.Id).Single();
    }
}
