using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.Features.Identity;

/// <summary>
/// The whole Microsoft Entra ID sign-in in a real browser: login page, redirect to the (fake) provider, form post
/// back to /signin-oidc, our callback, the Cruscotto. About 10 s per login.
/// </summary>
public sealed class EntraIdTests(EntraPortalFactory factory) : IClassFixture<EntraPortalFactory>
{

    [Fact]
    public async Task SettingsOfTheTestHost_ReachProgramBeforeBuild_EntraSchemeIsRegistered()
    {
        _ = factory.Address;
        var scheme = await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(IdentityModule.EntraScheme);
        Assert.NotNull(scheme);
        Assert.Equal("Microsoft Entra ID", scheme.DisplayName);
    }

    [Fact]
    public async Task AccediEntra_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = new HttpClient { BaseAddress = new Uri(factory.Address) };
        var response = await client.PostAsync("/account/accedi-entra", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [SkippableFact]
    public async Task Login_WithKnownAppRole_CreatesTheUserAndShowsTheMenuOfTheRole()
    {
        await using var browser = await BrowserSession.StartAsync();
        var (oid, email) = (Guid.NewGuid().ToString(), "giulia.rossi@provincia.treviso.it");
        factory.Entra.NextUser = new FakeEntraUser(oid, email, "Giulia Rossi", Roles.SuaOperator, "Ruolo.DiUnAltraApp");
        var page = browser.Page;

        await page.GotoAsync(factory.Address + "/account/accedi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi con Microsoft Entra ID" }).ClickAsync();
        await page.WaitForURLAsync(factory.Address + "/");
        await page.Locator("#circuit-state[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await Expect(page.GetByTestId("user-menu")).ToContainTextAsync("Giulia Rossi");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigazione principale" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Gare", Exact = true })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Amministrazione", Exact = true })).ToHaveCountAsync(0);

        // What Microsoft.Identity.Web asked for when it calls no API: an ID token posted back in a form.
        Assert.Equal("id_token", factory.Entra.LastRequest?.ResponseType);
        Assert.Equal("form_post", factory.Entra.LastRequest?.ResponseMode);

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByLoginAsync(EntraAccountService.LoginProvider, oid);
        Assert.NotNull(user);
        Assert.Equal(email, user.Email);
        Assert.Equal(oid, user.EntraObjectId);
        Assert.NotNull(user.LastLoginUtc);
        Assert.Equal([Roles.SuaOperator], await users.GetRolesAsync(user));
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal("TV", await db.Provinces.Where(p => p.Id == user.ProvinceId).Select(p => p.Sigla).SingleAsync());
    }

    [SkippableFact]
    public async Task Login_WithoutKnownRoleAndUnknownEmail_ReturnsToTheLoginPageWithTheError()
    {
        await using var browser = await BrowserSession.StartAsync();
        var email = "mario.sconosciuto@example.it";
        factory.Entra.NextUser = new FakeEntraUser(Guid.NewGuid().ToString(), email, "Mario Sconosciuto", "Ruolo.DiUnAltraApp");
        var page = browser.Page;

        await page.GotoAsync(factory.Address + "/account/accedi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi con Microsoft Entra ID" }).ClickAsync();
        await page.WaitForURLAsync(factory.Address + "/account/accedi?errore=esterno");

        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(
            "Accesso con Microsoft Entra ID non riuscito: l'account non è abilitato alla piattaforma.");
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email));
        // The refused sign-in leaves no session behind: the Cruscotto still asks to log in.
        await page.GotoAsync(factory.Address + "/");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account/accedi"));
    }

    [SkippableFact]
    public async Task Login_RefusedAtTheProvider_ReturnsToTheLoginPageWithTheError()
    {
        await using var browser = await BrowserSession.StartAsync();
        factory.Entra.NextUser = null;
        var page = browser.Page;

        await page.GotoAsync(factory.Address + "/account/accedi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi con Microsoft Entra ID" }).ClickAsync();
        await page.WaitForURLAsync(factory.Address + "/account/accedi?errore=esterno");

        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Accesso con Microsoft Entra ID non riuscito");
    }

    /// <summary>Debian's Chromium driven by Playwright; skipped when absent, except under CI=true where it must be there.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private IPlaywright playwright = null!;
        private IBrowser browser = null!;
        public IPage Page { get; private set; } = null!;

        public static async Task<BrowserSession> StartAsync()
        {
            Chromium.RequireOrSkip();
            var session = new BrowserSession { playwright = await Playwright.CreateAsync() };
            session.browser = await Chromium.LaunchAsync(session.playwright);
            var context = await session.browser.NewContextAsync(new() { Locale = "it-IT" });
            // Generous: the machines running the tests are shared, and the first challenge also fetches the metadata.
            context.SetDefaultTimeout(90_000);
            SetDefaultExpectTimeout(30_000);
            session.Page = await context.NewPageAsync();
            return session;
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
