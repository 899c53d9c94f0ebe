using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls.Projects;

/// <summary>
/// Who may do what in the Servizio Europa's working tools (schede di analisi, schede-progetto, ricerca partner):
/// the EU office and the administrators write; Dirigenti read the Province's work; a Comune's users read only what
/// concerns their Comune.
/// </summary>
public static class EuWorkAccess
{
    public static bool CanWrite(PortalPrincipal u) => u.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.EuropeOperator);

    /// <summary>A user who sees only what concerns one Comune (a Comune's user without a Province-wide role).</summary>
    public static bool IsComuneOnly(PortalPrincipal u) => u.IsInRole(Roles.ComuneUser) && !CanWrite(u) && !u.IsInRole(Roles.Manager);
}

/// <summary>The record does not exist for the user (another Province's, or outside the user's Comune).</summary>
public sealed class EuWorkNotFoundException(string message = "Scheda non trovata.") : Exception(message);

public sealed class EuWorkForbiddenException(string message) : Exception(message);

public sealed class EuWorkConcurrencyException() : Exception(
    "La scheda è stata modificata da un altro utente dopo che l'ha aperta: ricarichi la pagina e ripeta la modifica.");

/// <summary>Bad input: errors keyed by the input's property name, Italian messages naming the field.</summary>
public sealed class EuWorkValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public EuWorkValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }

    public static void ThrowIfAny(Dictionary<string, string> errors)
    {
        if (errors.Count > 0) throw new EuWorkValidationException(errors);
    }
}

/// <summary>The programmes and themes the office works with; stored as these Italian labels (the key of the localizer too).</summary>
public static class EuCodeLists
{
    public static readonly IReadOnlyList<string> Programmes =
    [
        "Horizon Europe", "Digital Europe", "LIFE", "CERV", "Erasmus+", "Europa Creativa", "CEF", "EU4Health", "Interreg",
        "FESR", "FSE+", "FEASR", "PNRR", "Programma regionale", "Altro",
    ];

    public static readonly IReadOnlyList<string> Themes =
    [
        "Ambiente e clima", "Energia", "Mobilità e trasporti", "Transizione digitale", "Inclusione sociale", "Istruzione e formazione",
        "Cultura e turismo", "Cittadinanza e democrazia", "Salute", "Ricerca e innovazione", "Agricoltura e sviluppo rurale",
        "Lavoro e occupazione", "Giovani", "Protezione civile", "Rigenerazione urbana", "Imprese e competitività",
    ];

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Localization.Formats.Rome));

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
