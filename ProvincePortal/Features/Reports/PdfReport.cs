using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Reports;

/// <summary>
/// The platform's small PDF layout layer on PDFsharp 6.2.4: an A4 report made of blocks (headings, paragraphs,
/// headline figures, tables that continue on the next page with their header, horizontal bar charts), with a running
/// header and "Pagina X di Y" in the footer. Modules describe what to print; page breaking and drawing live here.
/// </summary>
public sealed class PdfReport(string title, string organisation, DateTime generatedAtUtc)
{
    private readonly List<Action<PdfCanvas>> blocks = [];
    private PdfCover? cover;

    public string Title { get; } = title;
    public string Organisation { get; } = organisation;
    public DateTime GeneratedAtUtc { get; } = generatedAtUtc;

    public PdfReport Heading(string text)
    {
        blocks.Add(canvas => canvas.Heading(text));
        return this;
    }

    public PdfReport Paragraph(string text)
    {
        blocks.Add(canvas => canvas.Paragraph(text, canvas.Styles.Body, canvas.Styles.Text));
        return this;
    }

    /// <summary>A grey note (filters applied, data source...).</summary>
    public PdfReport Note(string text)
    {
        blocks.Add(canvas => canvas.Paragraph(text, canvas.Styles.Small, canvas.Styles.Muted));
        return this;
    }

    public PdfReport KeyFigures(IReadOnlyList<KeyFigure> figures)
    {
        blocks.Add(canvas => canvas.KeyFigures(figures));
        return this;
    }

    public PdfReport Table(ReportTable table)
    {
        blocks.Add(canvas => canvas.Table(table));
        return this;
    }

    /// <summary>Horizontal bars; <paramref name="scaleMax"/> fixes the full length (100 for scores), else the longest bar.</summary>
    public PdfReport BarChart(string chartTitle, IReadOnlyList<ChartBar> bars, double? scaleMax = null)
    {
        blocks.Add(canvas => canvas.BarChart(chartTitle, bars, scaleMax));
        return this;
    }

    /// <summary>Vertical columns with the label under each and the value above (a distribution in classes).</summary>
    public PdfReport ColumnChart(string chartTitle, IReadOnlyList<ChartBar> columns)
    {
        blocks.Add(canvas => canvas.ColumnChart(chartTitle, columns));
        return this;
    }

    /// <summary>Continues on a new page (unless the current one is still empty).</summary>
    public PdfReport PageBreak()
    {
        blocks.Add(canvas => canvas.PageBreak());
        return this;
    }

    /// <summary>A first page of its own, without the running header; the blocks start on the next page.</summary>
    public PdfReport Cover(PdfCover pageCover)
    {
        cover = pageCover;
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    public void WriteTo(Stream output)
    {
        PortalFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = Title;
        document.Info.Author = Organisation;
        document.Info.Creator = "ProvincePortal";
        using (var canvas = new PdfCanvas(document, this, cover))
        {
            foreach (var block in blocks) block(canvas);
        }
        DrawFooters(document);
        document.Save(output, closeStream: false);
    }

    private void DrawFooters(PdfDocument document)
    {
        var styles = new PdfStyles();
        var generated = "Generato il " + Formats.DateTime(GeneratedAtUtc);
        for (var i = 0; i < document.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var y = PdfCanvas.PageHeight - PdfCanvas.BottomMargin + 18;
            gfx.DrawLine(styles.RulePen, PdfCanvas.Margin, y, PdfCanvas.PageWidth - PdfCanvas.Margin, y);
            var box = new XRect(PdfCanvas.Margin, y + 6, PdfCanvas.ContentWidth, 12);
            gfx.DrawString(generated, styles.Small, styles.Muted, box, XStringFormats.TopLeft);
            gfx.DrawString($"Pagina {i + 1} di {document.PageCount}", styles.Small, styles.Muted, box, XStringFormats.TopRight);
        }
    }
}

/// <summary>The cover: a kicker line, the big title, the subject (a Province), then short lines (dates, period).</summary>
public sealed record PdfCover(string Kicker, string Title, string Subject, IReadOnlyList<string> Lines);

/// <summary>Fonts, colours and pens of the reports: the Italian PA palette (primary #0066CC) and Titillium Web.</summary>
internal sealed class PdfStyles
{
    public XFont Title { get; } = new(PortalFonts.Family, 15, XFontStyleEx.Bold);
    public XFont HeadingFont { get; } = new(PortalFonts.Family, 12.5, XFontStyleEx.Bold);
    public XFont Body { get; } = new(PortalFonts.Family, 10, XFontStyleEx.Regular);
    public XFont Small { get; } = new(PortalFonts.Family, 8, XFontStyleEx.Regular);
    public XFont Cell { get; } = new(PortalFonts.Family, 8.5, XFontStyleEx.Regular);
    public XFont CellBold { get; } = new(PortalFonts.Family, 8.5, XFontStyleEx.Bold);
    public XFont FigureValue { get; } = new(PortalFonts.Family, 15, XFontStyleEx.Bold);
    public XFont CoverTitle { get; } = new(PortalFonts.Family, 28, XFontStyleEx.Bold);
    public XFont CoverSubject { get; } = new(PortalFonts.Family, 20, XFontStyleEx.Regular);

    public XBrush Primary { get; } = new XSolidBrush(XColor.FromArgb(0x00, 0x66, 0xCC));
    public XBrush Text { get; } = new XSolidBrush(XColor.FromArgb(0x1A, 0x1A, 0x1A));
    public XBrush Muted { get; } = new XSolidBrush(XColor.FromArgb(0x5C, 0x6F, 0x82));
    public XBrush White { get; } = XBrushes.White;
    public XBrush Zebra { get; } = new XSolidBrush(XColor.FromArgb(0xF2, 0xF7, 0xFC));
    public XBrush Tile { get; } = new XSolidBrush(XColor.FromArgb(0xE6, 0xF0, 0xFA));
    public XPen RulePen { get; } = new(XColor.FromArgb(0xC5, 0xC7, 0xC9), 0.5);
    public XPen PrimaryPen { get; } = new(XColor.FromArgb(0x00, 0x66, 0xCC), 1.2);
}

/// <summary>The cursor that lays blocks out top to bottom and opens a new page when the next piece does not fit.</summary>
internal sealed class PdfCanvas : IDisposable
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Margin = 48;
    public const double TopMargin = 84;
    public const double BottomMargin = 60;
    public const double ContentWidth = PageWidth - 2 * Margin;
    private const double Bottom = PageHeight - BottomMargin;

    private readonly PdfDocument document;
    private readonly PdfReport report;
    private XGraphics? gfx;
    private double y;

    public PdfCanvas(PdfDocument document, PdfReport report, PdfCover? cover = null)
    {
        this.document = document;
        this.report = report;
        if (cover is not null) DrawCover(cover);
        NewPage();
    }

    private void DrawCover(PdfCover cover)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        G.DrawRectangle(Styles.Primary, 0, 0, PageWidth, 12);
        var top = 220.0;
        G.DrawString(report.Organisation, Styles.Body, Styles.Muted, new XRect(Margin, top - 40, ContentWidth, 14), XStringFormats.TopLeft);
        G.DrawString(cover.Kicker, Styles.HeadingFont, Styles.Muted, new XRect(Margin, top, ContentWidth, 16), XStringFormats.TopLeft);
        top += 24;
        foreach (var line in Wrap(cover.Title, Styles.CoverTitle, ContentWidth))
        {
            G.DrawString(line, Styles.CoverTitle, Styles.Primary, new XRect(Margin, top, ContentWidth, 34), XStringFormats.TopLeft);
            top += 36;
        }
        G.DrawLine(Styles.PrimaryPen, Margin, top + 6, Margin + 120, top + 6);
        top += 18;
        foreach (var line in Wrap(cover.Subject, Styles.CoverSubject, ContentWidth))
        {
            G.DrawString(line, Styles.CoverSubject, Styles.Text, new XRect(Margin, top, ContentWidth, 26), XStringFormats.TopLeft);
            top += 28;
        }
        top += 16;
        foreach (var line in cover.Lines)
        {
            G.DrawString(line, Styles.Body, Styles.Text, new XRect(Margin, top, ContentWidth, 14), XStringFormats.TopLeft);
            top += 16;
        }
    }

    public void PageBreak()
    {
        if (y > TopMargin) NewPage();
    }

    public PdfStyles Styles { get; } = new();

    private XGraphics G => gfx!;

    private void NewPage()
    {
        gfx?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        G.DrawString(report.Organisation, Styles.Small, Styles.Muted, new XRect(Margin, 30, ContentWidth, 12), XStringFormats.TopLeft);
        G.DrawString(report.Title, Styles.Title, Styles.Primary, new XRect(Margin, 42, ContentWidth, 20), XStringFormats.TopLeft);
        G.DrawLine(Styles.PrimaryPen, Margin, 68, PageWidth - Margin, 68);
        y = TopMargin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits (or the page is still empty: then it must go here).</summary>
    private void Ensure(double height)
    {
        if (y + height > Bottom && y > TopMargin) NewPage();
    }

    public void Heading(string text)
    {
        y += 6;
        var lines = Wrap(text, Styles.HeadingFont, ContentWidth);
        var lineHeight = Styles.HeadingFont.GetHeight();
        // Keep a heading with at least a few lines of what follows it.
        Ensure(lines.Count * lineHeight + 40);
        foreach (var line in lines)
        {
            G.DrawString(line, Styles.HeadingFont, Styles.Primary, new XRect(Margin, y, ContentWidth, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }
        y += 4;
    }

    public void Paragraph(string text, XFont font, XBrush brush)
    {
        var lineHeight = font.GetHeight();
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            Ensure(lineHeight);
            G.DrawString(line, font, brush, new XRect(Margin, y, ContentWidth, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }
        y += 6;
    }

    public void KeyFigures(IReadOnlyList<KeyFigure> figures)
    {
        const int perRow = 3;
        const double gap = 8, height = 50;
        var width = (ContentWidth - gap * (perRow - 1)) / perRow;
        for (var start = 0; start < figures.Count; start += perRow)
        {
            Ensure(height + gap);
            for (var i = start; i < Math.Min(start + perRow, figures.Count); i++)
            {
                var x = Margin + (i - start) * (width + gap);
                G.DrawRectangle(Styles.Tile, x, y, width, height);
                G.DrawString(Fit(figures[i].Value, Styles.FigureValue, width - 16), Styles.FigureValue, Styles.Primary,
                    new XRect(x + 8, y + 6, width - 16, 20), XStringFormats.TopLeft);
                var label = Wrap(figures[i].Label, Styles.Small, width - 16, maxLines: 2);
                for (var l = 0; l < label.Count; l++)
                    G.DrawString(label[l], Styles.Small, Styles.Text, new XRect(x + 8, y + 28 + l * 9.5, width - 16, 10), XStringFormats.TopLeft);
            }
            y += height + gap;
        }
        y += 4;
    }

    public void Table(ReportTable table)
    {
        const double pad = 4;
        const int maxLinesPerCell = 3;
        var totalWeight = table.Columns.Sum(c => c.Width);
        var widths = table.Columns.Select(c => ContentWidth * c.Width / totalWeight).ToArray();
        var lineHeight = Styles.Cell.GetHeight();

        var headerCells = table.Columns.Select((c, i) => Wrap(c.Header, Styles.CellBold, widths[i] - 2 * pad, maxLinesPerCell)).ToArray();
        var headerHeight = headerCells.Max(l => l.Count) * lineHeight + 2 * pad;

        void DrawHeader()
        {
            G.DrawRectangle(Styles.Primary, Margin, y, ContentWidth, headerHeight);
            var x = Margin;
            for (var c = 0; c < widths.Length; c++)
            {
                DrawLines(headerCells[c], Styles.CellBold, Styles.White, x + pad, y + pad, widths[c] - 2 * pad, table.Columns[c].AlignRight);
                x += widths[c];
            }
            y += headerHeight;
        }

        if (!string.IsNullOrWhiteSpace(table.Title))
        {
            Ensure(Styles.Body.GetHeight() + headerHeight + 2 * lineHeight + 2 * pad);
            G.DrawString(table.Title, Styles.CellBold, Styles.Text, new XRect(Margin, y, ContentWidth, 12), XStringFormats.TopLeft);
            y += Styles.Body.GetHeight() + 2;
        }
        Ensure(headerHeight + lineHeight + 2 * pad);
        DrawHeader();

        if (table.Rows.Count == 0)
        {
            G.DrawString("Nessun dato.", Styles.Cell, Styles.Muted, new XRect(Margin + pad, y + pad, ContentWidth, lineHeight), XStringFormats.TopLeft);
            y += lineHeight + 2 * pad + 8;
            return;
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var cells = table.Columns.Select((c, i) => Wrap(ReportTable.Display(c.Kind, row[i]), Styles.Cell, widths[i] - 2 * pad, Math.Max(1, c.MaxLines))).ToArray();
            var rowHeight = cells.Max(l => Math.Max(1, l.Count)) * lineHeight + 2 * pad;
            if (y + rowHeight > Bottom)
            {
                NewPage();
                DrawHeader();
            }
            if (r % 2 == 1) G.DrawRectangle(Styles.Zebra, Margin, y, ContentWidth, rowHeight);
            var x = Margin;
            for (var c = 0; c < widths.Length; c++)
            {
                DrawLines(cells[c], Styles.Cell, Styles.Text, x + pad, y + pad, widths[c] - 2 * pad, table.Columns[c].AlignRight);
                x += widths[c];
            }
            y += rowHeight;
            G.DrawLine(Styles.RulePen, Margin, y, PageWidth - Margin, y);
        }
        y += 12;
    }

    public void BarChart(string title, IReadOnlyList<ChartBar> bars, double? scaleMax = null)
    {
        const double barHeight = 12, gap = 6, valueWidth = 90;
        var labelWidth = ContentWidth * 0.34;
        var areaWidth = ContentWidth - labelWidth - valueWidth - 8;
        var max = scaleMax ?? (bars.Count == 0 ? 0 : bars.Max(b => b.Value));

        Ensure(Styles.Body.GetHeight() + Math.Min(bars.Count, 3) * (barHeight + gap) + 8);
        G.DrawString(title, Styles.CellBold, Styles.Text, new XRect(Margin, y, ContentWidth, 12), XStringFormats.TopLeft);
        y += Styles.Body.GetHeight() + 4;
        if (bars.Count == 0)
        {
            G.DrawString("Nessun dato.", Styles.Cell, Styles.Muted, new XRect(Margin, y, ContentWidth, 12), XStringFormats.TopLeft);
            y += 20;
            return;
        }
        foreach (var bar in bars)
        {
            Ensure(barHeight + gap);
            G.DrawString(Fit(bar.Label, Styles.Cell, labelWidth - 6), Styles.Cell, Styles.Text,
                new XRect(Margin, y, labelWidth - 6, barHeight), XStringFormats.CenterRight);
            var length = max > 0 ? Math.Min(Math.Max(0, bar.Value) / max, 1) * areaWidth : 0;
            if (length > 0) G.DrawRectangle(Brush(bar), Margin + labelWidth, y, Math.Max(length, 1), barHeight);
            G.DrawString(bar.Display, Styles.Cell, Styles.Text,
                new XRect(Margin + labelWidth + length + 4, y, valueWidth + areaWidth - length, barHeight), XStringFormats.CenterLeft);
            y += barHeight + gap;
        }
        y += 8;
    }

    public void ColumnChart(string title, IReadOnlyList<ChartBar> columns)
    {
        const double plotHeight = 130, labelHeight = 14, valueHeight = 12;
        Ensure(Styles.Body.GetHeight() + 4 + valueHeight + plotHeight + labelHeight + 12);
        G.DrawString(title, Styles.CellBold, Styles.Text, new XRect(Margin, y, ContentWidth, 12), XStringFormats.TopLeft);
        y += Styles.Body.GetHeight() + 4;
        if (columns.Count == 0)
        {
            G.DrawString("Nessun dato.", Styles.Cell, Styles.Muted, new XRect(Margin, y, ContentWidth, 12), XStringFormats.TopLeft);
            y += 20;
            return;
        }
        var max = Math.Max(columns.Max(c => c.Value), 0);
        var slot = ContentWidth / columns.Count;
        var width = slot * 0.8;
        var baseline = y + valueHeight + plotHeight;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var x = Margin + i * slot + (slot - width) / 2;
            var height = max > 0 ? Math.Max(0, column.Value) / max * plotHeight : 0;
            if (height > 0) G.DrawRectangle(Brush(column), x, baseline - height, width, Math.Max(height, 0.5));
            G.DrawString(column.Display, Styles.Cell, Styles.Text, new XRect(x - 4, baseline - height - valueHeight, width + 8, valueHeight), XStringFormats.BottomCenter);
            G.DrawString(Fit(column.Label, Styles.Small, slot), Styles.Small, Styles.Text, new XRect(Margin + i * slot, baseline + 2, slot, labelHeight), XStringFormats.TopCenter);
        }
        G.DrawLine(Styles.RulePen, Margin, baseline, PageWidth - Margin, baseline);
        y = baseline + labelHeight + 12;
    }

    private XBrush Brush(ChartBar bar) => bar.Color is { Length: 7 } hex && hex[0] == '#'
        ? new XSolidBrush(XColor.FromArgb(Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16)))
        : Styles.Primary;

    private void DrawLines(IReadOnlyList<string> lines, XFont font, XBrush brush, double x, double top, double width, bool alignRight)
    {
        var lineHeight = font.GetHeight();
        for (var i = 0; i < lines.Count; i++)
            G.DrawString(lines[i], font, brush, new XRect(x, top + i * lineHeight, width, lineHeight),
                alignRight ? XStringFormats.TopRight : XStringFormats.TopLeft);
    }

    /// <summary>One line, cut with an ellipsis when too wide.</summary>
    private string Fit(string text, XFont font, double width)
    {
        var lines = Wrap(text, font, width, maxLines: 1);
        return lines.Count == 0 ? "" : lines[0];
    }

    /// <summary>Word wrap by measured width; a word longer than the line is cut; past <paramref name="maxLines"/> the last line ends in "…".</summary>
    public List<string> Wrap(string text, XFont font, double width, int maxLines = int.MaxValue)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Width(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                var rest = word;
                while (rest.Length > 1 && Width(rest, font) > width)
                {
                    var n = rest.Length - 1;
                    while (n > 1 && Width(rest[..n], font) > width) n--;
                    lines.Add(rest[..n]);
                    rest = rest[n..];
                }
                line = rest;
            }
            lines.Add(line);
        }
        if (lines.Count <= maxLines) return lines;

        var kept = lines.Take(maxLines).ToList();
        var last = kept[^1];
        while (last.Length > 0 && Width(last + "…", font) > width) last = last[..^1];
        kept[^1] = last.TrimEnd() + "…";
        return kept;
    }

    private double Width(string text, XFont font) => G.MeasureString(text, font).Width;

    public void Dispose() => gfx?.Dispose();
}
