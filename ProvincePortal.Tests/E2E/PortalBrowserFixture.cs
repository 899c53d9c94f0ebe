using Microsoft.Playwright;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.E2E;

/// <summary>Browser tests share one app and one Chromium: a collection runs its classes one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<PortalBrowserFixture>
{
    public const string Name = "E2E";
}

/// <summary>
/// The real app on a Kestrel port (real SQLite file, demo data) and one headless Debian Chromium driven by Playwright.
/// Playwright's own browser downloads are never used: the machines are offline.
/// </summary>
public sealed class PortalBrowserFixture : IAsyncLifetime
{
    private KestrelPortalFactory? app;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public string Address => app?.Address ?? throw new InvalidOperationException("L'app di prova non è avviata.");

    /// <summary>The app under test, to arrange data through its services and to compare with what the browser shows.</summary>
    public KestrelPortalFactory App => app ?? throw new InvalidOperationException("L'app di prova non è avviata.");

    public async Task InitializeAsync()
    {
        // Without Chromium nothing is started: each test then skips (or fails in CI) with the reason.
        if (!Chromium.IsInstalled) return;
        app = new KestrelPortalFactory();
        _ = app.Address;
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
    }

    /// <summary>A fresh browser context (its own cookies) on a 1280×800 Italian desktop, for one test.</summary>
    public async Task<PortalPage> NewPageAsync()
    {
        if (browser is null) Chromium.RequireOrSkip();
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address,
            Locale = "it-IT",
            TimezoneId = "Europe/Rome",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            // Messages appear without fading (portal.css honours the preference): axe reads them in their final colours.
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(15_000);
        return new PortalPage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null) await app.DisposeAsync();
    }
}
