namespace ProvincePortal.Features.Agenda;

/// <summary>A PA digitale 2026 measure for Comuni, as our indicators name it.</summary>
public sealed record Pad26Measure(string Key, string Label);

/// <summary>
/// Which measure a row of a "candidature" file belongs to. The `misura` column alone is not enough: 1.4.3 covers both
/// pagoPA and app IO, 1.4.4 both SPID/CIE and ANPR/ANSC; the `avviso` title tells them apart
/// ("1.4.3 - pagoPA - Comuni - giugno 2024", "1.4.4 Adozione ANPR ANSC - Comuni - luglio 2024").
/// </summary>
public static class Pad26Measures
{
    public static readonly IReadOnlyList<Pad26Measure> All =
    [
        new("1.1", "1.1 Infrastrutture digitali"),
        new("1.2", "1.2 Abilitazione e facilitazione migrazione al Cloud"),
        new("1.3.1", "1.3.1 Piattaforma Digitale Nazionale Dati"),
        new("1.4.1", "1.4.1 Esperienza del cittadino nei servizi pubblici"),
        new("1.4.3 pagoPA", "1.4.3 Adozione pagoPA"),
        new("1.4.3 app IO", "1.4.3 Adozione app IO"),
        new("1.4.4 SPID CIE", "1.4.4 Adozione SPID CIE"),
        new("1.4.4 ANPR ANSC", "1.4.4 Adozione ANPR ANSC"),
        new("1.4.5", "1.4.5 Digitalizzazione degli avvisi pubblici (SEND)"),
    ];

    /// <summary>Not a measure: the indicator counts the measures a Comune renounced without applying again (B4).</summary>
    public const string RenouncedCount = "rinunce";

    /// <summary>Not a measure: € paid (E) over € assigned (A or E) on all measures, in % (B2).</summary>
    public const string PaidShare = "importi erogati";

    /// <summary>Not a measure: € assigned (A or E) on all measures per inhabitant (B3, ISTAT population).</summary>
    public const string AssignedPerCapita = "importi pro capite";

    /// <summary>The keys an indicator may name besides the measures: values derived from all measures of the files.</summary>
    public static bool IsDerived(string? key) => key is RenouncedCount or PaidShare or AssignedPerCapita;

    public static bool IsKnown(string? key) => key is not null && All.Any(m => m.Key == key);

    /// <summary>The measure key of a row, or null when neither column names a known measure.</summary>
    public static string? Classify(string misura, string avviso)
    {
        var m = misura.Trim();
        var a = avviso.ToLowerInvariant();
        if (m.StartsWith("1.4.3"))
            return a.Contains("pagopa") ? "1.4.3 pagoPA" : a.Contains("app io") || a.Contains("appio") ? "1.4.3 app IO" : null;
        if (m.StartsWith("1.4.4"))
            return a.Contains("anpr") || a.Contains("ansc") ? "1.4.4 ANPR ANSC" : a.Contains("spid") || a.Contains("cie") ? "1.4.4 SPID CIE" : null;
        foreach (var key in new[] { "1.3.1", "1.4.1", "1.4.5", "1.1", "1.2" })
            if (m == key || m.StartsWith(key + " ")) return key;
        return null;
    }

    /// <summary>
    /// The state of one Comune on one measure from all its rows: E anywhere = done; else A = in progress; only R =
    /// renounced (a Comune can renounce and apply again on a later call). No row at all is "not applied".
    /// </summary>
    public static MeasureStatus StatusOf(IEnumerable<char> states)
    {
        var result = MeasureStatus.NotApplied;
        foreach (var s in states)
        {
            var status = s switch { 'E' => MeasureStatus.Done, 'A' => MeasureStatus.InProgress, 'R' => MeasureStatus.Renounced, _ => MeasureStatus.NotApplied };
            if (status > result) result = status;
        }
        return result;
    }

    /// <summary>The raw value of a target indicator for a state: reached 1, in progress 0.5, otherwise 0.</summary>
    public static double ValueOf(MeasureStatus status) => status switch
    {
        MeasureStatus.Done => 1,
        MeasureStatus.InProgress => 0.5,
        _ => 0,
    };

    public static string Label(MeasureStatus status) => status switch
    {
        MeasureStatus.Done => "Raggiunto",
        MeasureStatus.InProgress => "In corso",
        MeasureStatus.Renounced => "Rinunciato",
        _ => "Non candidato",
    };
}
