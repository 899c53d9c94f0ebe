using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Formats = ProvincePortal.Localization.Formats;

namespace ProvincePortal.Features.Reports;

/// <summary>
/// Writes one <see cref="ReportTable"/> as a worksheet through <see cref="OpenXmlWriter"/>, row by row, with the
/// layout of <see cref="ExcelReport"/>: title (row 1), subtitle (row 2), header (row <see cref="ExcelReport.HeaderRow"/>,
/// bold white on blue), then the rows, typed: numbers as numbers with the column's format, dates as dates, strings in
/// the shared-string table (so "=…" stays text and "026021" keeps its zero). Header row and
/// <see cref="ReportTable.FrozenColumns"/> frozen, autofilter over the table, column widths from the data.
/// </summary>
public sealed class StreamingSheetWriter(SheetStyles styles, SharedStrings strings)
{
    private const int MaxWidth = 60;
    /// <summary>What ClosedXML adds to a column's width when it saves (cell padding): the same columns as its files.</summary>
    private const double WidthPadding = 0.710625;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    // The writer only reads an element's name: one instance of each serves every row and cell.
    private readonly Row row = new();
    private readonly Cell cell = new();
    private readonly CellValue value = new();
    private readonly List<OpenXmlAttribute> rowAttributes = [default];
    private readonly List<OpenXmlAttribute> cellAttributes = new(3);
    private OpenXmlWriter writer = null!;

    /// <summary>Writes the sheet into <paramref name="part"/>; returns the autofilter's range ("$A$4:$K$98"), null without rows.</summary>
    public string? Write(WorksheetPart part, string title, string subtitle, ReportTable table, bool selected)
    {
        var columns = table.Columns;
        var letters = Enumerable.Range(1, columns.Count).Select(ColumnName).ToArray();
        var headerRow = ExcelReport.HeaderRow;
        var lastRow = headerRow + table.Rows.Count;
        // <cols> comes before <sheetData> in the schema, so the widths are measured on the rows before writing them.
        var widths = Widths(table);
        var columnStyles = columns.Select(c => c.Kind switch
        {
            ReportValueKind.Date => styles.Date,
            ReportValueKind.Text => styles.Plain,
            _ => styles.Number(ExcelReport.Format(c.Kind, 0)!),
        }).ToArray();
        var numberInText = styles.Number(ExcelReport.Format(ReportValueKind.Decimal, 0)!);

        using (writer = OpenXmlWriter.Create(part))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetDimension { Reference = $"A1:{letters[^1]}{Math.Max(lastRow, headerRow)}" });
            writer.WriteElement(new SheetViews(View(table.FrozenColumns, selected)));
            writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
            writer.WriteElement(new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w + 2 + WidthPadding, CustomWidth = true })));
            writer.WriteStartElement(new SheetData());

            StartRow(1);
            Text("A1", title, styles.Title);
            writer.WriteEndElement();
            StartRow(2);
            Text("A2", subtitle, styles.Subtitle);
            writer.WriteEndElement();
            StartRow(headerRow);
            var headerNumber = headerRow.ToString(Invariant);
            for (var c = 0; c < columns.Count; c++) Text(letters[c] + headerNumber, columns[c].Header, styles.Header);
            writer.WriteEndElement();

            var number = headerRow;
            foreach (var values in table.Rows)
            {
                number++;
                StartRow(number);
                var rowNumber = number.ToString(Invariant);
                for (var c = 0; c < columns.Count; c++)
                {
                    var v = values[c];
                    if (v is null) continue;
                    var reference = letters[c] + rowNumber;
                    var kind = columns[c].Kind;
                    if (v is ReportCell own)
                    {
                        if (own.Value is null) continue;
                        // A cell with its own kind (a summary's mixed column): its own format, text if it has none.
                        var style = own.Value switch
                        {
                            DateOnly or DateTime => styles.Date,
                            _ => styles.Number(ExcelReport.Format(own.Kind, own.Value) ?? "@"),
                        };
                        Value(reference, own.Kind, own.Value, style);
                    }
                    else if (kind == ReportValueKind.Text && v is not string)
                        Value(reference, kind, v, v is DateOnly or DateTime ? styles.Date : numberInText);
                    else
                        Value(reference, kind, v, columnStyles[c]);
                }
                writer.WriteEndElement();
            }

            writer.WriteEndElement(); // sheetData
            string? filter = null;
            if (table.Rows.Count > 0)
            {
                writer.WriteElement(new AutoFilter { Reference = $"A{headerRow}:{letters[^1]}{lastRow}" });
                filter = $"$A${headerRow}:${letters[^1]}${lastRow}";
            }
            writer.WriteEndElement(); // worksheet
            writer.Close();
            return filter;
        }
    }

    private void StartRow(int number)
    {
        rowAttributes[0] = new OpenXmlAttribute("r", string.Empty, number.ToString(Invariant));
        writer.WriteStartElement(row, rowAttributes);
    }

    private void Value(string reference, ReportValueKind kind, object v, int style)
    {
        switch (v)
        {
            case string s:
                Text(reference, s, style);
                return;
            case DateOnly date:
                Number(reference, (date.DayNumber - ExcelEpoch.DayNumber).ToString(Invariant), style);
                return;
            case DateTime time:
                var day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(time, DateTimeKind.Utc), Formats.Rome);
                Number(reference, (DateOnly.FromDateTime(day).DayNumber - ExcelEpoch.DayNumber).ToString(Invariant), style);
                return;
        }
        if (NumberText(kind, v) is { } text) Number(reference, text, style);
    }

    /// <summary>The number as Excel stores it: amounts in euro (from cents), percentages as fractions; null for NaN and infinities.</summary>
    internal static string? NumberText(ReportValueKind kind, object v)
    {
        var hundredths = kind is ReportValueKind.EuroCents or ReportValueKind.Percent;
        switch (v)
        {
            case double d:
                return double.IsFinite(d) ? (hundredths ? d / 100 : d).ToString(Invariant) : null;
            case float f:
                return float.IsFinite(f) ? (hundredths ? f / 100.0 : f).ToString(Invariant) : null;
            case int or long or short or byte or uint or ushort or sbyte when !hundredths:
                return Convert.ToInt64(v, Invariant).ToString(Invariant);
        }
        var number = Convert.ToDecimal(v, Formats.Italian);
        return (hundredths ? number / 100m : number).ToString(Invariant);
    }

    private void Number(string reference, string text, int style)
    {
        cellAttributes.Clear();
        cellAttributes.Add(new OpenXmlAttribute("r", string.Empty, reference));
        if (style != 0) cellAttributes.Add(new OpenXmlAttribute("s", string.Empty, style.ToString(Invariant)));
        writer.WriteStartElement(cell, cellAttributes);
        writer.WriteStartElement(value);
        writer.WriteString(text);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void Text(string reference, string text, int style)
    {
        cellAttributes.Clear();
        cellAttributes.Add(new OpenXmlAttribute("r", string.Empty, reference));
        if (style != 0) cellAttributes.Add(new OpenXmlAttribute("s", string.Empty, style.ToString(Invariant)));
        cellAttributes.Add(new OpenXmlAttribute("t", string.Empty, "s"));
        writer.WriteStartElement(cell, cellAttributes);
        writer.WriteStartElement(value);
        writer.WriteString(strings.Add(text).ToString(Invariant));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static SheetView View(int frozenColumns, bool selected)
    {
        var topLeft = ColumnName(frozenColumns + 1) + (ExcelReport.HeaderRow + 1).ToString(Invariant);
        var active = frozenColumns > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft;
        var pane = new Pane
        {
            VerticalSplit = ExcelReport.HeaderRow, TopLeftCell = topLeft, ActivePane = active, State = PaneStateValues.Frozen,
        };
        if (frozenColumns > 0) pane.HorizontalSplit = frozenColumns;
        var view = new SheetView(pane, new Selection { Pane = active, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } })
        {
            WorkbookViewId = 0,
        };
        if (selected) view.TabSelected = true;
        return view;
    }

    /// <summary>
    /// Widths in characters as <see cref="ExcelReport"/> computes them (header, at least 8, the longest value as the
    /// report shows it, at most 60), with the length of a number worked out from its magnitude rather than by formatting
    /// each of the ~450,000 numbers of the national sheet.
    /// </summary>
    internal static double[] Widths(ReportTable table)
    {
        var widths = table.Columns.Select(c => (double)Math.Max(c.Header.Length, 8)).ToArray();
        foreach (var values in table.Rows)
            for (var c = 0; c < widths.Length; c++)
                if (values[c] is { } v)
                    widths[c] = Math.Max(widths[c], Math.Min(DisplayLength(table.Columns[c].Kind, v), MaxWidth));
        return widths;
    }

    /// <summary>The length of <see cref="ReportTable.Display"/>'s text, computed for numbers ("1.234,56 %": digits, dots, decimals, suffix).</summary>
    internal static int DisplayLength(ReportValueKind kind, object v)
    {
        switch (v)
        {
            case string s:
                return s.Length;
            case ReportCell own:
                return own.Value is null ? 0 : DisplayLength(own.Kind, own.Value);
            case DateOnly or DateTime:
                return 10;
        }
        if (kind is ReportValueKind.Text or ReportValueKind.Date || v is not IConvertible) return ReportTable.Display(kind, v).Length;
        var x = Convert.ToDouble(v, Invariant);
        if (!double.IsFinite(x)) return ReportTable.Display(kind, v).Length;
        var sign = x < 0 ? 1 : 0;
        x = Math.Abs(kind == ReportValueKind.EuroCents ? x / 100 : x);
        x = kind == ReportValueKind.Integer ? Math.Round(x) : Math.Round(x, 2);
        var digits = x < 1 ? 1 : (int)Math.Floor(Math.Log10(x)) + 1;
        var integer = sign + digits + (digits - 1) / 3;
        return kind switch
        {
            ReportValueKind.Integer => integer,
            ReportValueKind.EuroCents => integer + 5, // "€ " and ",00"
            ReportValueKind.Percent => integer + 5,   // ",00" and " %"
            _ => integer + 3,
        };
    }

    /// <summary>1 → "A", 27 → "AA".</summary>
    internal static string ColumnName(int number)
    {
        var name = new StringBuilder();
        for (; number > 0; number = (number - 1) / 26) name.Insert(0, (char)('A' + (number - 1) % 26));
        return name.ToString();
    }
}

/// <summary>
/// The cell formats of a streamed workbook, added as the sheets ask for them and written as the stylesheet at the end.
/// Every number format is a custom one (id 164 and up), also those Excel has built in, so that readers get the format
/// text back ("#,##0.00"), as from a ClosedXML file.
/// </summary>
public sealed class SheetStyles
{
    private const int TitleFont = 1, SubtitleFont = 2, HeaderFont = 3, HeaderFill = 2;
    private readonly Dictionary<string, uint> formats = [];
    private readonly Dictionary<(int Font, int Fill, uint Format), int> index = [];
    private readonly List<(int Font, int Fill, uint Format)> cellFormats = [];

    public SheetStyles()
    {
        Plain = Get(0, 0, 0);
        Title = Get(TitleFont, 0, 0);
        Subtitle = Get(SubtitleFont, 0, 0);
        Header = Get(HeaderFont, HeaderFill, 0);
        Date = Number("dd/mm/yyyy");
    }

    public int Plain { get; }
    public int Title { get; }
    public int Subtitle { get; }
    public int Header { get; }
    public int Date { get; }

    public int Number(string format)
    {
        if (!formats.TryGetValue(format, out var id)) formats[format] = id = (uint)(164 + formats.Count);
        return Get(0, 0, id);
    }

    private int Get(int font, int fill, uint format)
    {
        if (index.TryGetValue((font, fill, format), out var i)) return i;
        index[(font, fill, format)] = i = cellFormats.Count;
        cellFormats.Add((font, fill, format));
        return i;
    }

    public Stylesheet Build()
    {
        static Font Font(bool bold, double size, string? rgb)
        {
            var font = new Font();
            if (bold) font.Append(new Bold());
            font.Append(new FontSize { Val = size });
            font.Append(rgb is null ? new Color { Theme = 1 } : new Color { Rgb = rgb });
            font.Append(new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
            return font;
        }

        var stylesheet = new Stylesheet();
        if (formats.Count > 0)
            stylesheet.Append(new NumberingFormats(formats.Select(f => new NumberingFormat { NumberFormatId = f.Value, FormatCode = f.Key })) { Count = (uint)formats.Count });
        stylesheet.Append(
            new Fonts(Font(false, 11, null), Font(true, 14, null), Font(false, 11, "FF5C6F82"), Font(true, 11, "FFFFFFFF")) { Count = 4 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FF0066CC" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(cellFormats.Select(f =>
            {
                var format = new CellFormat { NumberFormatId = f.Format, FontId = (uint)f.Font, FillId = (uint)f.Fill, BorderId = 0, FormatId = 0 };
                if (f.Format != 0) format.ApplyNumberFormat = true;
                if (f.Font != 0) format.ApplyFont = true;
                if (f.Fill != 0) format.ApplyFill = true;
                return format;
            })) { Count = (uint)cellFormats.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        return stylesheet;
    }
}

/// <summary>The workbook's shared-string table: each distinct text once (a Province's sigla, a band), cells point to it.</summary>
public sealed class SharedStrings
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly List<string> texts = [];
    private int uses;

    public int Add(string text)
    {
        uses++;
        if (!index.TryGetValue(text, out var i))
        {
            index[text] = i = texts.Count;
            texts.Add(text);
        }
        return i;
    }

    public void WriteTo(SharedStringTablePart part)
    {
        var preserve = new[] { new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve") };
        var item = new SharedStringItem();
        var text = new Text();
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new SharedStringTable(),
            [new OpenXmlAttribute("count", string.Empty, uses.ToString(CultureInfo.InvariantCulture)),
             new OpenXmlAttribute("uniqueCount", string.Empty, texts.Count.ToString(CultureInfo.InvariantCulture))]);
        foreach (var t in texts)
        {
            var clean = XmlSafe(t);
            writer.WriteStartElement(item);
            if (clean.Length > 0 && (char.IsWhiteSpace(clean[0]) || char.IsWhiteSpace(clean[^1]) || clean.Contains('\n'))) writer.WriteStartElement(text, preserve);
            else writer.WriteStartElement(text);
            writer.WriteString(clean);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
        writer.Close();
    }

    /// <summary>Drops the characters XML cannot hold (control characters, lone surrogates), which would stop the writer.</summary>
    internal static string XmlSafe(string text)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) continue;
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) { i++; continue; }
            break;
        }
        if (i == text.Length) return text;
        var clean = new StringBuilder(text.Length);
        for (i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) clean.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) { clean.Append(text, i, 2); i++; }
        }
        return clean.ToString();
    }
}
