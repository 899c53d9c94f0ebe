using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>Page object for the portal: what a person does (log in, open a section) and what a test checks on a page.</summary>
public sealed class PortalPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public const string DemoPassword = Data.DemoSeeder.Password;

    public IPage Page { get; } = page;

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Navigazione principale" });

    public ILocator TenantName => Page.GetByTestId("tenant-name");

    public ILocator LoginError => Page.GetByTestId("login-error");

    public async Task OpenLoginAsync()
    {
        await Page.GotoAsync("/account/accedi");
        await Expect(Heading).ToHaveTextAsync("Accedi");
    }

    /// <summary>Fills and sends the static login form; does not check the outcome.</summary>
    public async Task SubmitLoginAsync(string email, string password)
    {
        await OpenLoginAsync();
        await Page.GetByLabel("Indirizzo e-mail", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Logs in as a demo account and waits until the Cruscotto is interactive.</summary>
    public async Task LoginAsync(string email, string password = DemoPassword)
    {
        await SubmitLoginAsync(email, password);
        await Page.WaitForURLAsync(url => !url.Contains("/account/accedi"));
        await WaitForCircuitAsync();
    }

    /// <summary>
    /// Clicks before the Blazor circuit is up are silently lost: the layout marks #circuit-state once the first
    /// interactive render is done.
    /// </summary>
    public Task WaitForCircuitAsync() =>
        Page.Locator("#circuit-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public async Task<IReadOnlyList<string>> NavigationEntriesAsync()
    {
        await Expect(MainNavigation).ToBeVisibleAsync();
        var texts = await MainNavigation.GetByRole(AriaRole.Link).AllInnerTextsAsync();
        return texts.Select(t => t.Trim()).ToList();
    }

    /// <summary>Opens a section from the main menu and waits for its title.</summary>
    public async Task OpenSectionAsync(string title)
    {
        await MainNavigation.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(Heading).ToHaveTextAsync(title);
    }

    /// <summary>
    /// Runs axe-core on the current page and fails on any violation of impact serious or critical, listing each
    /// rule with the elements that break it.
    /// </summary>
    public async Task AssertAccessibleAsync(string pageName)
    {
        var result = await Page.RunAxeLegacy(null, AxeOptions);
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (blocking.Count == 0) return;

        var message = new StringBuilder($"Accessibilità: {blocking.Count} violazioni gravi o critiche in \"{pageName}\" ({Page.Url}):\n");
        foreach (var violation in blocking)
        {
            message.AppendLine($"- [{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes.Take(5))
            {
                var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message);
                message.AppendLine($"    {node.Target}: {node.Html}\n      {string.Join("; ", checks)}");
            }
        }
        Assert.Fail(message.ToString());
    }

    /// <summary>Saves the viewport as docs/images/<paramref name="fileName"/> for the user guide.</summary>
    public Task ScreenshotAsync(string fileName) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.DocsImages, fileName), Animations = ScreenshotAnimations.Disabled });

    // WCAG 2.1 A/AA rules plus axe's best practices; only violations are reported back, which keeps a run short.
    // axe.run in the page itself (RunAxeLegacy): RunAxe runs axe per frame and then assembles the results in a new blank
    // page of the browser, which took ~3 s of every check (0.9 s this way on the Gare page, the same rules and results).
    // The portal's pages have no frames of their own markup: the one iframe, the PDF preview, shows a PDF; axe still checks
    // the iframe element (its title) in the page.
    private static readonly AxeRunOptions AxeOptions = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        ResultTypes = [ResultType.Violations],
        Iframes = false,
    };

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

public static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds ProvincePortal.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string DocsImages
    {
        get
        {
            var folder = Path.Combine(Root, "docs", "images");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ProvincePortal.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ProvincePortal.sln non trovato sopra {AppContext.BaseDirectory}.");
    }
}
