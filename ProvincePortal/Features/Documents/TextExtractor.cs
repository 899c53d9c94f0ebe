using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace ProvincePortal.Features.Documents;

/// <summary>Plain text for the search index. Returns null when the type has no text we read.</summary>
public static partial class TextExtractor
{
    /// <summary>Enough for search and snippets; very long texts are cut so that one file cannot bloat the index.</summary>
    public const int MaxChars = 1_000_000;

    public static bool CanExtract(string extension) => extension is "txt" or "md" or "csv" or "html" or "xml" or "pdf";

    public static string? Extract(string extension, Stream content)
    {
        string? text = extension switch
        {
            "txt" or "md" or "csv" => ReadUtf8(content),
            "html" or "xml" => StripTags(ReadUtf8(content)),
            "pdf" => ReadPdf(content),
            _ => null,
        };
        return text is { Length: > MaxChars } ? text[..MaxChars] : text;
    }

    private static string ReadUtf8(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return reader.ReadToEnd();
    }

    public static string StripTags(string html)
    {
        var withoutScripts = ScriptOrStyle().Replace(html, " ");
        var text = WebUtility.HtmlDecode(Tag().Replace(withoutScripts, " "));
        return Spaces().Replace(text, " ").Trim();
    }

    private static string ReadPdf(Stream content)
    {
        using var pdf = PdfDocument.Open(content);
        var sb = new StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            sb.AppendLine(page.Text);
            if (sb.Length > MaxChars) break;
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
