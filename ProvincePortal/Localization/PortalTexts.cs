using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ProvincePortal.Localization;

/// <summary>
/// The UI's localizer (<c>L</c> in every component): the resource lookup of <see cref="ResourceManagerStringLocalizer"/>,
/// remembered per language and key. The framework's localizer builds a new key string and a new
/// <see cref="LocalizedString"/> at every lookup, and a list page looks up each row's labels (phase, status, SLA) at every
/// load: 3–5 % of the bytes the server allocated with 500 active users (issue 9). The texts are the app's own, a bounded
/// set; the few keys that come from data (code lists) stop being remembered past <see cref="MaxEntries"/>.
/// </summary>
public sealed class PortalTexts : IStringLocalizer<SharedResource>
{
    internal const int MaxEntries = 20_000;
    private readonly IStringLocalizer resources;
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> known = new();

    public PortalTexts(IStringLocalizerFactory factory) => resources = factory.Create(typeof(SharedResource));

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (known.TryGetValue(key, out var text)) return text;
            text = resources[name];
            if (known.Count < MaxEntries) known.TryAdd(key, text);
            return text;
        }
    }

    /// <summary>The text with its placeholders filled in the current culture (numbers and dates in Italian).</summary>
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => resources.GetAllStrings(includeParentCultures);

    /// <summary>Localization with the resources of Resources/ and this localizer for <see cref="SharedResource"/>.</summary>
    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        return services.AddSingleton<IStringLocalizer<SharedResource>, PortalTexts>();
    }
}
