using Microsoft.Playwright;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium for every browser test (Playwright's own downloads never work here: the machines are offline).
/// Absent: tests skip with the reason; under CI=true they fail instead, since a CI without Chromium is broken.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";
    public const string MissingReason = "Chromium non installato (/usr/bin/chromium)";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
    public static bool IsInstalled => File.Exists(Path);

    /// <summary>Call at the start of a browser test: skips, or fails under CI, when Chromium is missing.</summary>
    public static void RequireOrSkip()
    {
        if (IsInstalled) return;
        if (IsCi) throw new InvalidOperationException($"{MissingReason}: con CI=true i test end-to-end non vengono saltati.");
        Skip.If(true, MissingReason);
    }

    /// <summary>Headless, and without the background connections that the closed network refuses many at a time.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
}
