using System.Globalization;
using System.Text.RegularExpressions;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Audit;

/// <summary>
/// Values of audited fields are stored as invariant text, independent of the culture of whoever made the change;
/// <see cref="Display"/> turns them into what an Italian reader expects.
/// </summary>
public static partial class AuditValues
{
    /// <summary>Longer text (descriptions, notes) is cut: the log says what changed, the record keeps the text.</summary>
    public const int MaxLength = 2000;

    /// <remarks>Times keep microseconds, PostgreSQL's precision: a value read back compares equal to the one written.</remarks>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s.Length > MaxLength ? s[..MaxLength] + "…" : s,
        // Every DateTime of the platform is UTC; SQLite returns them without Kind.
        DateTime d => (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => $"({bytes.Length} byte)",
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Stored text as shown in the UI and in exports: dates dd/MM/yyyy (HH:mm in Europe/Rome), decimals with ',', sì/no.</summary>
    public static string Display(string? stored)
    {
        if (stored is null) return "—";
        if (stored.Length == 0) return "«»";
        if (stored == "true") return "sì";
        if (stored == "false") return "no";
        if (UtcDateTime().IsMatch(stored)
            && DateTime.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            return Formats.DateTime(utc);
        if (CalendarDate().IsMatch(stored) && DateOnly.TryParseExact(stored, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return Formats.Date(date);
        if (DecimalNumber().IsMatch(stored) && decimal.TryParse(stored, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            return number.ToString("#,##0.############", Formats.Italian);
        return stored;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex UtcDateTime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex CalendarDate();

    // Only numbers with a decimal part: integers are often codes or ids ("026021", "42") and stay as they are.
    [GeneratedRegex(@"^-?\d+\.\d+$")]
    private static partial Regex DecimalNumber();
}
