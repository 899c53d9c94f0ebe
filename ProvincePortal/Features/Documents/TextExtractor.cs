using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;
using A = DocumentFormat.OpenXml.Drawing;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ProvincePortal.Features.Documents;

/// <summary>
/// Plain text for the search index. Reads the stream as it goes (OpenXmlReader, XmlReader, PdfPig's page by page
/// reading) and stops at <see cref="MaxChars"/>, so a large file never sits whole in memory as text.
/// Office and OpenDocument files are ZIP packages and need a seekable stream (the indexer spools other streams to a
/// temporary file first).
/// </summary>
public static partial class TextExtractor
{
    /// <summary>Enough for search and snippets; very long texts are cut so that one file cannot bloat the index.</summary>
    public const int MaxChars = 1_000_000;

    private static readonly HashSet<string> Supported = new(StringComparer.OrdinalIgnoreCase)
    {
        "txt", "md", "csv", "html", "xml", "pdf", "docx", "xlsx", "pptx", "odt", "ods",
    };

    public static bool CanExtract(string extension) => Supported.Contains(extension);

    /// <summary>Formats read from a ZIP package: the stream must be seekable.</summary>
    public static bool NeedsSeekableStream(string extension) => extension is "docx" or "xlsx" or "pptx" or "odt" or "ods";

    /// <summary>The text, at most <see cref="MaxChars"/> characters; null when the type has no text we read. Throws on a malformed file.</summary>
    public static string? Extract(string extension, Stream content, CancellationToken ct = default)
    {
        if (!CanExtract(extension)) return null;
        var sink = new TextSink(MaxChars, ct);
        switch (extension.ToLowerInvariant())
        {
            case "txt" or "md" or "csv": ReadText(content, sink, MaxChars); break;
            // Markup: read a bounded prefix (tags take room), then strip.
            case "html" or "xml":
                var raw = new TextSink(MaxChars * 4, ct);
                ReadText(content, raw, MaxChars * 4);
                sink.Append(StripTags(raw.ToString()));
                break;
            case "pdf": ReadPdf(content, sink); break;
            case "docx": ReadDocx(content, sink); break;
            case "xlsx": ReadXlsx(content, sink); break;
            case "pptx": ReadPptx(content, sink); break;
            case "odt" or "ods": ReadOpenDocument(content, sink); break;
        }
        return sink.ToString();
    }

    private static void ReadText(Stream content, TextSink sink, int max)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true);
        var buffer = new char[65536];
        int read;
        while (!sink.Full && (read = reader.Read(buffer, 0, Math.Min(buffer.Length, max - sink.Length + 1))) > 0)
            sink.Append(buffer.AsSpan(0, read));
    }

    public static string StripTags(string html)
    {
        var withoutScripts = ScriptOrStyle().Replace(html, " ");
        var text = WebUtility.HtmlDecode(Tag().Replace(withoutScripts, " "));
        return Spaces().Replace(text, " ").Trim();
    }

    private static void ReadPdf(Stream content, TextSink sink)
    {
        using var pdf = PdfDocument.Open(content);
        for (var i = 1; i <= pdf.NumberOfPages && !sink.Full; i++)
        {
            sink.Append(pdf.GetPage(i).Text);
            sink.NewLine();
        }
    }

    // ---------- Office Open XML (OpenXmlReader: one element at a time, never the whole part as a DOM) ----------

    private static void ReadDocx(Stream content, TextSink sink)
    {
        using var doc = WordprocessingDocument.Open(content, false);
        var main = doc.MainDocumentPart ?? throw new InvalidDataException("Documento Word senza corpo (word/document.xml).");
        ReadWordPart(main, sink);
        foreach (var header in main.HeaderParts) ReadWordPart(header, sink);
        foreach (var footer in main.FooterParts) ReadWordPart(footer, sink);
        if (main.FootnotesPart is { } notes) ReadWordPart(notes, sink);
    }

    private static void ReadWordPart(OpenXmlPart part, TextSink sink)
    {
        using var reader = OpenXmlReader.Create(part);
        while (!sink.Full && reader.Read())
        {
            if (reader.ElementType == typeof(W.Text) && reader.IsStartElement) sink.Append(reader.GetText());
            else if (reader.ElementType == typeof(W.TabChar)) sink.Append("\t");
            else if (reader.IsEndElement && reader.ElementType == typeof(W.TableCell)) sink.Append("\t");
            else if (reader.IsEndElement && reader.ElementType == typeof(W.Paragraph)) sink.NewLine();
        }
    }

    private static void ReadXlsx(Stream content, TextSink sink)
    {
        using var doc = SpreadsheetDocument.Open(content, false);
        var book = doc.WorkbookPart ?? throw new InvalidDataException("Cartella di lavoro Excel senza xl/workbook.xml.");
        foreach (var sheet in book.Workbook.Sheets?.Elements<S.Sheet>() ?? [])
        {
            sink.Append(sheet.Name?.Value ?? "");
            sink.NewLine();
        }
        // Shared strings are the text of the cells that use them: indexed once each, in table order.
        if (book.SharedStringTablePart is { } shared)
        {
            using var reader = OpenXmlReader.Create(shared);
            while (!sink.Full && reader.Read())
            {
                if (reader.ElementType == typeof(S.Text) && reader.IsStartElement) sink.Append(reader.GetText());
                else if (reader.IsEndElement && reader.ElementType == typeof(S.SharedStringItem)) sink.NewLine();
            }
        }
        foreach (var sheetPart in book.WorksheetParts)
        {
            using var reader = OpenXmlReader.Create(sheetPart);
            while (!sink.Full && reader.Read())
            {
                if (reader.ElementType != typeof(S.Cell) || !reader.IsStartElement) continue;
                var cell = (S.Cell)reader.LoadCurrentElement()!;
                var type = cell.DataType?.Value;
                if (type == S.CellValues.InlineString) sink.Append(cell.InlineString?.InnerText ?? "");
                else if (type is null || type == S.CellValues.Number || type == S.CellValues.String) sink.Append(cell.CellValue?.Text ?? "");
                else continue;
                sink.Append(" ");
            }
            sink.NewLine();
        }
    }

    private static void ReadPptx(Stream content, TextSink sink)
    {
        using var doc = PresentationDocument.Open(content, false);
        var presentation = doc.PresentationPart ?? throw new InvalidDataException("Presentazione senza ppt/presentation.xml.");
        var slideIds = presentation.Presentation.SlideIdList?.Elements<DocumentFormat.OpenXml.Presentation.SlideId>() ?? [];
        foreach (var id in slideIds)
        {
            if (sink.Full || id.RelationshipId?.Value is not { } rel) break;
            var slide = (SlidePart)presentation.GetPartById(rel);
            ReadDrawingText(slide, sink);
            if (slide.NotesSlidePart is { } notes) ReadDrawingText(notes, sink);
        }
    }

    private static void ReadDrawingText(OpenXmlPart part, TextSink sink)
    {
        using var reader = OpenXmlReader.Create(part);
        while (!sink.Full && reader.Read())
        {
            if (reader.ElementType == typeof(A.Text) && reader.IsStartElement) sink.Append(reader.GetText());
            else if (reader.IsEndElement && reader.ElementType == typeof(A.Paragraph)) sink.NewLine();
        }
    }

    // ---------- OpenDocument (content.xml with XmlReader) ----------

    private const string OdfTextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    private static void ReadOpenDocument(Stream content, TextSink sink)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        var entry = zip.GetEntry("content.xml") ?? throw new InvalidDataException("Documento OpenDocument senza content.xml.");
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
        var depth = 0; // > 0 inside text:p or text:h (spans and links are inside them)
        while (!sink.Full && reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI == OdfTextNs:
                    if (reader.LocalName is "p" or "h" && !reader.IsEmptyElement) depth++;
                    else if (reader.LocalName is "s" or "tab" or "line-break") sink.Append(" ");
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == OdfTextNs && reader.LocalName is "p" or "h":
                    depth--;
                    sink.NewLine();
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA when depth > 0:
                    sink.Append(reader.Value);
                    break;
            }
        }
    }

    /// <summary>A StringBuilder that refuses text past its limit, so that readers can stop early.</summary>
    private sealed class TextSink(int max, CancellationToken ct)
    {
        private readonly StringBuilder sb = new();
        public int Length => sb.Length;
        public bool Full => sb.Length >= max;

        public void Append(ReadOnlySpan<char> text)
        {
            ct.ThrowIfCancellationRequested();
            var room = max - sb.Length;
            if (room > 0) sb.Append(text.Length > room ? text[..room] : text);
        }

        public void NewLine() => Append("\n");
        public override string ToString() => sb.ToString();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
