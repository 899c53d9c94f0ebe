using Microsoft.Playwright;
using ProvincePortal.Components.Layout;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// Each demo account logs in through the browser, lands on the Cruscotto, sees exactly the sections of its role and can
/// open each one; every page passes axe-core. The pages are photographed for the user guide (docs/images).
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class RoleNavigationTests(PortalBrowserFixture browser)
{
    // The platform administrator sees every section: its run photographs them for the guide.
    private const string SectionPhotographer = "admin@demo.it";

    private static readonly Dictionary<string, string> ProvinceNames = new()
    {
        ["TV"] = "Provincia di Treviso",
        ["BS"] = "Provincia di Brescia",
    };

    /// <summary>Pages reached from a section's own navigation that every role of the section may open.</summary>
    private static readonly Dictionary<string, (string Link, string Heading)[]> SubPages = new()
    {
        ["/bandi"] = [("Cruscotto", "Cruscotto Bandi UE"), ("Bollettini", "Bollettini")],
    };

    public static TheoryData<string> DemoAccounts() => new(DemoSeeder.Accounts.Select(a => a.Email));

    /// <summary>Cruscotto plus, in menu order, the sections whose policy admits the role.</summary>
    private static List<string> ExpectedEntries(string role) =>
        ["Cruscotto", .. NavMenu.Sections.Where(s => Policies.RolesByPolicy[s.Policy].Contains(role)).Select(s => s.Title)];

    [SkippableTheory]
    [MemberData(nameof(DemoAccounts))]
    public async Task DemoAccount_SeesAndOpensExactlyItsSections_AllAccessible(string email)
    {
        var account = DemoSeeder.Accounts.Single(a => a.Email == email);
        await using var portal = await browser.NewPageAsync();

        await portal.LoginAsync(email);

        Assert.Equal(browser.Address + "/", portal.Page.Url);
        await Expect(portal.Heading).ToHaveTextAsync("Cruscotto");
        await Expect(portal.Page.GetByTestId("user-menu")).ToContainTextAsync(account.FullName);
        await Expect(portal.TenantName).ToHaveTextAsync(ProvinceNames[account.ProvinceSigla]);
        Assert.Equal(ExpectedEntries(account.Role), await portal.NavigationEntriesAsync());
        await portal.AssertAccessibleAsync($"Cruscotto ({email})");
        await portal.ScreenshotAsync($"cruscotto-{email.Split('@')[0].Replace('.', '-')}.png");

        foreach (var section in NavMenu.Sections.Where(s => Policies.RolesByPolicy[s.Policy].Contains(account.Role)))
        {
            await portal.OpenSectionAsync(section.Title);
            Assert.EndsWith(section.Href, portal.Page.Url);
            // The menu marks the section opened (the layout gives it the new address at the navigation's render).
            await Expect(portal.MainNavigation.Locator($"a[href='{section.Href}']")).ToHaveAttributeAsync("aria-current", "page");
            await portal.AssertAccessibleAsync($"{section.Title} ({email})");
            // One picture per top-level section; a nested one (/richieste/cruscotto) has its own test and picture.
            if (email == SectionPhotographer && !section.Href.Trim('/').Contains('/'))
                await portal.ScreenshotAsync($"{section.Href.Trim('/')}.png");
            foreach (var (link, heading) in SubPages.GetValueOrDefault(section.Href, []))
            {
                await portal.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni dei bandi UE" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
                await Expect(portal.Heading).ToHaveTextAsync(heading);
                await portal.AssertAccessibleAsync($"{section.Title} › {link} ({email})");
                await portal.OpenSectionAsync(section.Title);
            }
        }
    }

    [SkippableFact]
    public async Task ComuneUser_HasNoAdministration_AndIsRefusedByUrl()
    {
        await using var portal = await browser.NewPageAsync();
        await portal.LoginAsync("comune@demo.it");

        // Gare is open to Comune users: they read the procedures their Comune commissioned (TenderService narrows them).
        var entries = await portal.NavigationEntriesAsync();
        Assert.Equal(["Cruscotto", "Gare", "Bandi UE", "Richieste Comuni", "Documenti", "Discussioni", "Agenda digitale", "Questionari"], entries);

        // Hidden is not enough: typing the address of a section of another role is refused by the server too.
        await portal.Page.GotoAsync("/amministrazione");
        await Expect(portal.Heading).ToHaveTextAsync("Accesso negato");
        await Expect(portal.Page.GetByText("Il suo ruolo non consente di aprire")).ToBeVisibleAsync();
        await portal.AssertAccessibleAsync("Accesso negato");

        // Training is for the Province's staff: the dashboard is refused by address too.
        await portal.Page.GotoAsync("/formazione/cruscotto");
        await Expect(portal.Heading).ToHaveTextAsync("Accesso negato");
    }
}
