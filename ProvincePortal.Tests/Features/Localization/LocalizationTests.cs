using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using ProvincePortal.Localization;
using ProvincePortal.Tests.E2E;

namespace ProvincePortal.Tests.Features.Localization;

public partial class LocalizationTests
{
    private static string AppFolder => Path.Combine(RepositoryPaths.Root, "ProvincePortal");

    [Fact]
    public void EveryLocalizerKeyInTheApp_HasAnEnglishTranslation()
    {
        var keys = Directory.EnumerateFiles(AppFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"")))
            .ToHashSet();
        var translated = XDocument.Load(Path.Combine(AppFolder, "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

        var missing = keys.Except(translated).Order().ToList();
        Assert.True(missing.Count == 0,
            "Testi senza traduzione inglese in Resources/SharedResource.en.resx (scripts/localization-keys.py li elenca):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Localizer_ShowsItalianByDefaultAndEnglishForEnglishUsers_EachLanguageRememberedApart()
    {
        var services = PortalTexts.AddTo(new ServiceCollection().AddLogging()).BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        Assert.IsType<PortalTexts>(localizer);
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Formats.Italian;
            Assert.Equal("Accedi", localizer["Accedi"].Value);
            Assert.Equal("1234,5 lotti in tutto", localizer["{0} lotti in tutto", 1234.5m].Value);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Sign in", localizer["Accedi"].Value);
            Assert.Equal("1234.5 lots in all", localizer["{0} lotti in tutto", 1234.5m].Value);
            // The English text remembered does not answer an Italian user, nor the Italian one an English user.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Formats.Italian;
            Assert.Equal("Accedi", localizer["Accedi"].Value);
            // A key with no resource is shown as it is, and says so.
            var missing = localizer["Testo senza risorsa di prova"];
            Assert.Equal("Testo senza risorsa di prova", missing.Value);
            Assert.True(missing.ResourceNotFound);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public void Formats_WriteItalianDatesAndEuroAmounts()
    {
        Assert.Equal("€ 1.234,56", Formats.Euro(1234.56m));
        Assert.Equal("€ 1.234,56", Formats.EuroCents(123456));
        Assert.Equal("04/10/2026", Formats.Date(new DateOnly(2026, 10, 4)));
        // 23:30 UTC on 31 December is already 1 January in Rome.
        Assert.Equal("01/01/2027 00:30", Formats.DateTime(new DateTime(2026, 12, 31, 23, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("7.904", Formats.Number(7904));
    }

    [Fact]
    public void SampleSettings_ParseAndCoverEverySettingOfAppsettings()
    {
        static IEnumerable<string> Keys(string file) => new ConfigurationBuilder().AddJsonFile(file).Build()
            .AsEnumerable().Select(kv => kv.Key);
        var sample = Keys(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json")).ToHashSet();
        var missing = Keys(Path.Combine(AppFolder, "appsettings.json")).Where(k => !sample.Contains(k)).ToList();
        Assert.Contains("Database:Provider", sample);
        Assert.True(missing.Count == 0, "Impostazioni di appsettings.json assenti da appsettings.sample.json: " + string.Join(", ", missing));
    }

    [GeneratedRegex("\\bL\\[\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LocalizerKey();
}
