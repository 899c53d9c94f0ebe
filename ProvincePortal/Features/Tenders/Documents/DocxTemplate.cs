using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ProvincePortal.Features.Tenders.Documents;

/// <summary>One row of a repeated table (the lots): field name → text.</summary>
public sealed record DocxRow(IReadOnlyDictionary<string, string> Values);

/// <summary>A placeholder the data does not know, with where it was found (for the Italian error message).</summary>
public sealed record UnknownPlaceholder(string Name, string Where);

/// <summary>
/// Fills a DOCX template: <c>{{nome}}</c> placeholders in body, headers and footers get the values; a table row that
/// contains <c>{{lotti}}</c> is repeated once per lot, its <c>{{lotto.campo}}</c> placeholders filled from that lot.
/// Word splits typed text into runs at will (spell checking, formatting, revisions), so a placeholder is searched in
/// the concatenated text of a paragraph and replaced across the runs that hold it; the first run's formatting is kept.
/// </summary>
public static partial class DocxTemplate
{
    public const string RepeatMarker = "lotti";
    public const string RowPrefix = "lotto.";

    /// <summary>The placeholders of a template, in order of appearance (distinct).</summary>
    public static IReadOnlyList<string> Placeholders(Stream template)
    {
        using var copy = Copy(template);
        using var doc = WordprocessingDocument.Open(copy, false);
        return Parts(doc).SelectMany(p => p.Descendants<Paragraph>())
            .SelectMany(p => Placeholder().Matches(TextOf(p)).Select(m => m.Groups[1].Value.Trim()))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// The filled document, or the list of placeholders the data does not know (then nothing is produced).
    /// Keys are compared case-insensitively.
    /// </summary>
    public static (byte[]? Document, IReadOnlyList<UnknownPlaceholder> Unknown) Fill(Stream template, IReadOnlyDictionary<string, string> values,
        IReadOnlyList<DocxRow> rows, IReadOnlyCollection<string> rowFields)
    {
        var known = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        var fields = new HashSet<string>(rowFields, StringComparer.OrdinalIgnoreCase);
        var output = Copy(template);
        var unknown = new List<UnknownPlaceholder>();
        using (var doc = WordprocessingDocument.Open(output, true))
        {
            foreach (var (part, partName) in NamedParts(doc))
            {
                var paragraphNumber = 0;
                foreach (var paragraph in part.Descendants<Paragraph>().ToList())
                {
                    paragraphNumber++;
                    foreach (Match m in Placeholder().Matches(TextOf(paragraph)))
                    {
                        var name = m.Groups[1].Value.Trim();
                        var ok = known.ContainsKey(name) || name.Equals(RepeatMarker, StringComparison.OrdinalIgnoreCase)
                            || (name.StartsWith(RowPrefix, StringComparison.OrdinalIgnoreCase) && fields.Contains(name[RowPrefix.Length..])
                                && paragraph.Ancestors<TableRow>().Any());
                        if (!ok) unknown.Add(new UnknownPlaceholder(name, $"{partName}, paragrafo {paragraphNumber}"));
                    }
                }
            }
            if (unknown.Count > 0) return (null, unknown);

            foreach (var part in Parts(doc))
            {
                RepeatRows(part, rows);
                foreach (var paragraph in part.Descendants<Paragraph>().ToList())
                    Replace(paragraph, name => known.TryGetValue(name, out var v) ? v : null);
            }
            doc.MainDocumentPart!.Document.Save();
        }
        return (output.ToArray(), unknown);
    }

    /// <summary>The Italian message for unknown placeholders: which ones and where.</summary>
    public static string Describe(string templateTitle, IReadOnlyList<UnknownPlaceholder> unknown) =>
        $"Il modello «{templateTitle}» contiene segnaposto sconosciuti: " +
        string.Join("; ", unknown.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => $"{{{{{g.Key}}}}} ({string.Join(", ", g.Select(x => x.Where).Distinct().Take(3))})")) +
        ". Correggere il modello oppure usare uno dei segnaposto previsti.";

    private static void RepeatRows(OpenXmlPartRootElement part, IReadOnlyList<DocxRow> rows)
    {
        foreach (var row in part.Descendants<TableRow>().ToList())
        {
            var text = string.Concat(row.Descendants<Paragraph>().Select(TextOf));
            if (!Placeholder().Matches(text).Any(m => m.Groups[1].Value.Trim().Equals(RepeatMarker, StringComparison.OrdinalIgnoreCase))) continue;
            OpenXmlElement after = row;
            foreach (var data in rows)
            {
                var clone = (TableRow)row.CloneNode(true);
                var values = new Dictionary<string, string>(data.Values, StringComparer.OrdinalIgnoreCase);
                foreach (var paragraph in clone.Descendants<Paragraph>().ToList())
                    Replace(paragraph, name => name.Equals(RepeatMarker, StringComparison.OrdinalIgnoreCase) ? ""
                        : name.StartsWith(RowPrefix, StringComparison.OrdinalIgnoreCase) ? values.GetValueOrDefault(name[RowPrefix.Length..], "") : null);
                after.InsertAfterSelf(clone);
                after = clone;
            }
            row.Remove();
        }
    }

    /// <summary>
    /// Replaces the placeholders of one paragraph whose <paramref name="valueOf"/> is not null. Each match is located in
    /// the run texts by character offsets: the value goes into the text element where the match starts, and the rest of
    /// the match is cut from that and the following text elements.
    /// </summary>
    private static void Replace(Paragraph paragraph, Func<string, string?> valueOf)
    {
        while (true)
        {
            var texts = paragraph.Descendants<Text>().ToList();
            var full = string.Concat(texts.Select(t => t.Text));
            Match? match = null;
            string? value = null;
            foreach (Match m in Placeholder().Matches(full))
            {
                value = valueOf(m.Groups[1].Value.Trim());
                if (value is not null) { match = m; break; }
            }
            if (match is null) return;

            var start = match.Index;
            var end = match.Index + match.Length;
            var offset = 0;
            var placed = false;
            foreach (var t in texts)
            {
                var tStart = offset;
                var tEnd = offset + t.Text.Length;
                offset = tEnd;
                if (tEnd <= start || tStart >= end) continue;
                var cutFrom = Math.Max(start, tStart) - tStart;
                var cutTo = Math.Min(end, tEnd) - tStart;
                var before = t.Text[..cutFrom];
                var after = t.Text[cutTo..];
                t.Text = placed ? before + after : before + value + after;
                placed = true;
                t.Space = SpaceProcessingModeValues.Preserve;
            }
            // Line breaks in a value (an address, a list) become Word line breaks.
            foreach (var t in paragraph.Descendants<Text>().Where(t => t.Text.Contains('\n')).ToList()) SplitLines(t);
        }
    }

    private static void SplitLines(Text t)
    {
        var lines = t.Text.Split('\n');
        t.Text = lines[0];
        OpenXmlElement after = t;
        foreach (var line in lines.Skip(1))
        {
            var br = new Break();
            after.InsertAfterSelf(br);
            var next = new Text(line) { Space = SpaceProcessingModeValues.Preserve };
            br.InsertAfterSelf(next);
            after = next;
        }
    }

    private static string TextOf(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var t in p.Descendants<Text>()) sb.Append(t.Text);
        return sb.ToString();
    }

    private static IEnumerable<OpenXmlPartRootElement> Parts(WordprocessingDocument doc) => NamedParts(doc).Select(x => x.Root);

    private static IEnumerable<(OpenXmlPartRootElement Root, string Name)> NamedParts(WordprocessingDocument doc)
    {
        var main = doc.MainDocumentPart ?? throw new InvalidDataException("Il file non contiene il documento principale di Word.");
        yield return (main.Document, "corpo del documento");
        var h = 0;
        foreach (var header in main.HeaderParts) yield return (header.Header, $"intestazione {++h}");
        var f = 0;
        foreach (var footer in main.FooterParts) yield return (footer.Footer, $"piè di pagina {++f}");
    }

    private static MemoryStream Copy(Stream s)
    {
        var m = new MemoryStream();
        if (s.CanSeek) s.Position = 0;
        s.CopyTo(m);
        m.Position = 0;
        return m;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
