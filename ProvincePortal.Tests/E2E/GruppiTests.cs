using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Features.Requests;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// Operator groups and reminders in the browser: the Province administrator creates a group and adds the competence
/// centre's operator; the operator finds the group's request in "Le richieste del mio gruppo" and sees when the next
/// automatic reminder goes to the Comune. The month calendars of Gare and Bandi (one shared component) pass axe too.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class GruppiTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task Administrator_BuildsAGroup_Operator_SeesItsRequestsAndTheNextReminder()
    {
        var name = "Transizione al cloud " + Guid.NewGuid().ToString("N")[..5];
        await using var admin = await browser.NewPageAsync();
        var page = admin.Page;
        await admin.LoginAsync("provincia@demo.it");
        await admin.OpenSectionAsync("Richieste Comuni");
        await admin.WaitForCircuitAsync();
        await page.GetByTestId("open-groups").ClickAsync();
        await Expect(admin.Heading).ToHaveTextAsync("Gruppi di operatori");
        await admin.WaitForCircuitAsync();
        await Expect(page.GetByTestId("groups-table")).ToContainTextAsync("Siti web e servizi online");

        // An empty name is refused with its message; then the group is created.
        await page.GetByTestId("group-create").ClickAsync();
        await Expect(page.GetByText("Nome del gruppo: è obbligatorio.")).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("Gruppi di operatori");
        await page.GetByLabel("Nome del gruppo").FillAsync(name);
        await page.GetByLabel("Nome del gruppo").PressAsync("Tab");
        await page.GetByTestId("group-create").ClickAsync();
        await Expect(admin.Heading).ToHaveTextAsync(name);
        await admin.WaitForCircuitAsync();
        var groupId = int.Parse(Regex.Match(page.Url, @"/richieste/gruppi/(\d+)").Groups[1].Value);

        await page.GetByTestId("member-candidate").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Carlo Competenza", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "Carlo Competenza", Exact = true })).ToHaveCountAsync(0);
        await page.GetByTestId("member-add").ClickAsync();
        await Expect(page.GetByTestId("members-table")).ToContainTextAsync("Carlo Competenza");
        await admin.AssertAccessibleAsync("Gruppo di operatori");
        await admin.ScreenshotAsync("richieste-gruppo.png");

        // A request of Conegliano assigned to the group and put "In attesa", with reminders every 2 working days.
        var app = browser.App;
        await using (var db = await app.CreateSystemDbAsync())
        {
            var serviceId = await app.ServiceIdAsync(RequestsTestData.Website);
            var c = await db.CatalogServices.Where(s => s.Id == serviceId).Select(s => s.SlaClass!).SingleAsync();
            await app.AsUserAsync(RequestsTestData.ProvinceAdmin, sp => sp.GetRequiredService<CatalogueService>().SaveSlaClassAsync(new SlaClassInput
            {
                Id = c.Id, Name = c.Name, TakeChargeTarget = c.TakeChargeTarget, TakeChargeUnit = c.TakeChargeUnit, ResolveTarget = c.ResolveTarget,
                ResolveUnit = c.ResolveUnit, WarningPercent = c.WarningPercent, ReminderEveryWorkingDays = 2, ReminderMaxCount = 3,
            }));
        }
        var subject = "Migrazione della posta al cloud " + Guid.NewGuid().ToString("N")[..5];
        var id = await app.FileWebsiteRequestAsync(subject);
        await app.ActAsync(RequestsTestData.Cdc, id, RequestAction.Assegna, new ActionInput { AssignedGroupId = groupId });
        await app.ActAsync(RequestsTestData.Cdc, id, RequestAction.MettiInAttesa, new ActionInput { Text = "Servono le credenziali dell'amministratore del dominio." });

        await using var cdc = await browser.NewPageAsync();
        await cdc.LoginAsync("cdc@demo.it");
        await cdc.OpenSectionAsync("Richieste Comuni");
        await cdc.WaitForCircuitAsync();
        await cdc.Page.GetByTestId("open-my-group").ClickAsync();
        await Expect(cdc.Heading).ToHaveTextAsync("Le richieste del mio gruppo");
        await cdc.WaitForCircuitAsync();
        await Expect(cdc.Page.GetByTestId("request-link").Filter(new() { HasText = subject })).ToBeVisibleAsync();
        await cdc.AssertAccessibleAsync("Le richieste del mio gruppo");
        await cdc.ScreenshotAsync("richieste-mio-gruppo.png");

        await cdc.Page.GetByTestId("request-link").Filter(new() { HasText = subject }).ClickAsync();
        await Expect(cdc.Heading).ToContainTextAsync(subject);
        await cdc.WaitForCircuitAsync();
        await Expect(cdc.Page.GetByTestId("next-reminder")).ToContainTextAsync("Prossimo promemoria automatico al richiedente il");
        await Expect(cdc.Page.GetByTestId("next-reminder")).ToContainTextAsync("(1 di 3)");
        await cdc.AssertAccessibleAsync("Richiesta in attesa con promemoria");
        await cdc.ScreenshotAsync("richieste-promemoria.png");

        // Deactivated, the group is no longer the operator's: the page says so.
        await page.GetByTestId("group-toggle").ClickAsync();
        await Expect(page.GetByTestId("group-state")).ToHaveTextAsync("Disattivato");
        await cdc.Page.GotoAsync("/richieste/mio-gruppo");
        await cdc.WaitForCircuitAsync();
        await Expect(cdc.Page.GetByTestId("no-groups").Or(cdc.Page.GetByTestId("filter-group"))).ToBeVisibleAsync();
        await Expect(cdc.Page.GetByTestId("request-link").Filter(new() { HasText = subject })).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task MonthCalendars_OfGareAndBandi_AreAccessible()
    {
        await using var sua = await browser.NewPageAsync();
        await sua.LoginAsync("sua@demo.it");
        await sua.Page.GotoAsync("/gare/scadenze");
        await sua.WaitForCircuitAsync();
        await Expect(sua.Page.GetByTestId("calendar").Locator("td")).ToHaveCountAsync(await sua.Page.GetByTestId("calendar").Locator("tbody tr").CountAsync() * 7);
        await Expect(sua.Page.Locator("td[aria-current=date]")).ToHaveCountAsync(1);
        await sua.AssertAccessibleAsync("Scadenze delle gare (mese)");

        await using var europa = await browser.NewPageAsync();
        await europa.LoginAsync("europa@demo.it");
        await europa.Page.GotoAsync("/bandi/scadenzario");
        await europa.WaitForCircuitAsync();
        await europa.Page.GetByLabel("Tutti i bandi, non solo quelli seguiti").CheckAsync();
        await Expect(europa.Page.GetByTestId("month-calendar").Locator("caption")).Not.ToBeEmptyAsync();
        await europa.AssertAccessibleAsync("Scadenzario (mese)");
    }
}
