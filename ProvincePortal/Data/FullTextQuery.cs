using System.Globalization;
using System.Text;

namespace ProvincePortal.Data;

/// <summary>
/// What the full-text searches (documents, calls, requests) share: the user's text is cut into words of letters and digits
/// only, so quotes, asterisks, NEAR, AND or a column name never reach FTS5's MATCH or PostgreSQL's to_tsquery; every word is
/// then a prefix, all required.
/// </summary>
public static class FullTextQuery
{
    /// <summary>The runs of letters and digits of <paramref name="text"/>, in order.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }
        return words;
    }

    /// <summary>Lower case without accents ("Città" → "citta"), as unicode61 remove_diacritics and pp_unaccent index it.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>FTS5: each word quoted and used as a prefix, in <paramref name="column"/> when given; all required.</summary>
    public static string Fts5Prefixes(IEnumerable<string> words, string? column = null) =>
        string.Join(" ", words.Select(w => (column is null ? "" : column + ":") + "\"" + w + "\"*"));

    /// <summary>PostgreSQL tsquery: each word as a prefix, all required.</summary>
    public static string TsPrefixes(IEnumerable<string> words) => string.Join(" & ", words.Select(w => w + ":*"));
}
