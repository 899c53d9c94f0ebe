using System.ComponentModel;
using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.EuCalls.Alerts;

public enum AlertFrequency
{
    /// <summary>One e-mail for each import or change that brings matching calls.</summary>
    Immediata = 1,
    Giornaliera = 2,
    Settimanale = 3,
    /// <summary>Only the notification bell, no e-mail.</summary>
    SoloPortale = 4,
}

/// <summary>
/// A user's saved search on the calls registry ("ricerca salvata / avviso"). New or changed calls that match it are recorded
/// as <see cref="CallAlert"/>s and notified in the app at once; e-mail follows <see cref="Frequency"/>.
/// Lists are kept as " | "-separated text, like <see cref="Call.Keywords"/>.
/// </summary>
[DisplayName("Ricerca salvata")]
public class SavedSearch
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Text { get; set; }
    public string Programmes { get; set; } = "";
    public string Beneficiaries { get; set; } = "";
    public string Themes { get; set; } = "";
    public CallStatus? Status { get; set; }
    public int? DeadlineWithinDays { get; set; }
    /// <summary>Tutti: shared EU calls and the Province's own; SoloUe: the own calls are left out.</summary>
    public CallKindFilter Kind { get; set; }
    public AlertFrequency Frequency { get; set; } = AlertFrequency.Giornaliera;
    public bool Paused { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public CallFilter ToFilter() => new(Text, Status: Status, DeadlineWithinDays: DeadlineWithinDays, Kind: Kind,
        Programmes: SavedSearchLists.Split(Programmes), Beneficiaries: SavedSearchLists.Split(Beneficiaries), Themes: SavedSearchLists.Split(Themes));
}

/// <summary>
/// One call reported to one saved search: new, or changed (which change). Unique per search, call and <see cref="ChangeKey"/>,
/// so a change is reported once however many times the matching runs.
/// </summary>
[NotAudited]
public class CallAlert
{
    public long Id { get; set; }
    public int SavedSearchId { get; set; }
    public SavedSearch? SavedSearch { get; set; }
    public int CallId { get; set; }
    public Call? Call { get; set; }
    /// <summary>"nuovo", or "modifica:{first CallChange id}" for the changes of one import or edit.</summary>
    public string ChangeKey { get; set; } = "";
    public bool IsNew { get; set; }
    /// <summary>What changed, in Italian ("Scadenza: 18/04/2030 19:00 → 02/05/2030 19:00").</summary>
    public string Summary { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>Waiting for the daily or weekly digest (false for immediate e-mails and in-app-only searches).</summary>
    public bool DigestDue { get; set; }
    public long? DigestId { get; set; }
    public AlertDigest? Digest { get; set; }
}

/// <summary>
/// A digest e-mail queued for one saved search and one period ("G:2026-11-26", "S:2026-11-23"). The unique index on
/// search and period is what makes the digest go out once, also after a restart or from two app servers.
/// </summary>
[NotAudited]
public class AlertDigest
{
    public long Id { get; set; }
    public int SavedSearchId { get; set; }
    public string Period { get; set; } = "";
    public DateTime QueuedAtUtc { get; set; }
    public int Alerts { get; set; }
}

public static class SavedSearchLists
{
    public const string Separator = " | ";

    /// <summary>Beneficiary types offered in the filters; matched as words inside a call's free-text beneficiaries.</summary>
    public static readonly IReadOnlyList<string> BeneficiaryTypes =
    [
        "Comuni", "Province", "Enti locali", "Enti pubblici", "Pubbliche amministrazioni", "PMI", "Imprese", "Associazioni",
        "Terzo settore", "Università", "Centri di ricerca", "Scuole", "Cittadini",
    ];

    public static IReadOnlyList<string> Split(string? joined) =>
        string.IsNullOrWhiteSpace(joined) ? [] : joined.Split(['|', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Join(IEnumerable<string>? values) =>
        string.Join(Separator, (values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));

    public static string Label(AlertFrequency f) => f switch
    {
        AlertFrequency.Immediata => "Immediata",
        AlertFrequency.Giornaliera => "Riepilogo giornaliero",
        AlertFrequency.Settimanale => "Riepilogo settimanale",
        _ => "Solo nel portale",
    };
}
