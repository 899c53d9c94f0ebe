using ClosedXML.Excel;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Reports;

/// <summary>
/// The Excel twin of <see cref="PdfReport"/>: a summary sheet with the headline figures and one sheet per table,
/// values kept typed (amounts in euro, percentages, dates) so that managers can sort, filter and sum them.
/// </summary>
public sealed class ExcelReport(string title, string organisation, DateTime generatedAtUtc)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>Header row of every table sheet (title and subtitle above it).</summary>
    public const int HeaderRow = 4;

    private IReadOnlyList<KeyFigure> figures = [];
    private readonly List<ReportTable> tables = [];

    public ExcelReport KeyFigures(IReadOnlyList<KeyFigure> keyFigures)
    {
        figures = keyFigures;
        return this;
    }

    public ExcelReport Sheet(ReportTable table)
    {
        tables.Add(table);
        return this;
    }

    public byte[] ToBytes()
    {
        using var workbook = new XLWorkbook();
        foreach (var (name, table) in SheetsOf(title, figures, tables)) Write(workbook.AddWorksheet(name), table);

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private void Write(IXLWorksheet sheet, ReportTable table)
    {
        sheet.Cell(1, 1).SetValue(title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        sheet.Cell(2, 1).SetValue($"{organisation} · {table.Title} · generato il {Formats.DateTime(generatedAtUtc)}");
        sheet.Cell(2, 1).Style.Font.FontColor = XLColor.FromHtml("#5C6F82");

        var widths = table.Columns.Select(c => (double)Math.Max(c.Header.Length, 8)).ToArray();
        for (var c = 0; c < table.Columns.Count; c++) sheet.Cell(HeaderRow, c + 1).SetValue(table.Columns[c].Header);
        var header = sheet.Range(HeaderRow, 1, HeaderRow, table.Columns.Count);
        header.Style.Font.Bold = true;
        header.Style.Font.FontColor = XLColor.White;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#0066CC");

        var row = HeaderRow + 1;
        foreach (var values in table.Rows)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var value = values[c];
                if (value is null) continue;
                var cell = sheet.Cell(row, c + 1);
                var kind = table.Columns[c].Kind;
                if (value is ReportCell own) SetTyped(cell, own.Kind, own.Value); // formatted after the column's range, below
                else
                {
                    SetTyped(cell, kind, value);
                    // A date or a number in a text column: formatted one by one (rare).
                    if (kind == ReportValueKind.Text && value is DateOnly or DateTime) cell.Style.DateFormat.Format = "dd/mm/yyyy";
                    else if (kind == ReportValueKind.Text && value is not string) cell.Style.NumberFormat.Format = "#,##0.00";
                }
                widths[c] = Math.Max(widths[c], Math.Min(ReportTable.Display(kind, value).Length, 60));
            }
            row++;
        }

        // One style per column range rather than one per cell: styling cell by cell is most of the time of a big sheet.
        if (row > HeaderRow + 1)
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var kind = table.Columns[c].Kind;
                var column = sheet.Range(HeaderRow + 1, c + 1, row - 1, c + 1);
                if (kind == ReportValueKind.Date) column.Style.DateFormat.Format = "dd/mm/yyyy";
                else if (kind != ReportValueKind.Text) column.Style.NumberFormat.Format = Format(kind, 0)!;
                foreach (var r in Enumerable.Range(0, table.Rows.Count).Where(r => table.Rows[r][c] is ReportCell))
                {
                    var own = (ReportCell)table.Rows[r][c]!;
                    var cell = sheet.Cell(HeaderRow + 1 + r, c + 1);
                    if (own.Value is null) continue;
                    if (own.Value is DateOnly or DateTime) cell.Style.DateFormat.Format = "dd/mm/yyyy";
                    else cell.Style.NumberFormat.Format = Format(own.Kind, own.Value) ?? "@";
                }
            }

        for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = widths[c] + 2;
        if (table.FrozenColumns > 0) sheet.SheetView.Freeze(HeaderRow, table.FrozenColumns);
        else sheet.SheetView.FreezeRows(HeaderRow);
        if (row > HeaderRow + 1) sheet.Range(HeaderRow, 1, row - 1, table.Columns.Count).SetAutoFilter();
    }

    /// <summary>Excel number format of a kind; null for text and dates (dates get "dd/mm/yyyy" as a date format).</summary>
    internal static string? Format(ReportValueKind kind, object value) => value is string or DateOnly or DateTime ? null : kind switch
    {
        ReportValueKind.EuroCents => "[$€-410] #,##0.00",
        ReportValueKind.Percent => "0.00%",
        ReportValueKind.Integer => "#,##0",
        ReportValueKind.Text or ReportValueKind.Date => null,
        _ => "#,##0.00",
    };

    private static void SetTyped(IXLCell cell, ReportValueKind kind, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                // SetValue keeps strings as text: "=..." stays a string (no formula injection), "026021" keeps its zero.
                cell.SetValue(text);
                return;
            case DateOnly date:
                cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
                return;
            case DateTime utc:
                cell.SetValue(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Rome).Date);
                return;
        }
        var number = Convert.ToDecimal(value, Formats.Italian);
        cell.SetValue(kind switch
        {
            ReportValueKind.EuroCents or ReportValueKind.Percent => number / 100m,
            _ => number,
        });
    }

    /// <summary>Excel allows 31 characters and none of : \ / ? * [ ]; names must be unique in the workbook.</summary>
    /// <summary>
    /// The sheets of a report with their names, the same for both writers (<see cref="StreamingExcelReport"/>): a
    /// summary of the headline figures first when there are any, then one sheet per table, an empty "Dati" sheet when
    /// there is nothing (a workbook needs one).
    /// </summary>
    internal static List<(string Name, ReportTable Table)> SheetsOf(string title, IReadOnlyList<KeyFigure> figures, IReadOnlyList<ReportTable> tables)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sheets = new List<(string Name, ReportTable Table)>();
        if (figures.Count > 0)
        {
            var summary = new ReportTable("Sintesi", [new ReportColumn("Indicatore", Width: 3), new ReportColumn("Valore", Width: 2)]);
            foreach (var figure in figures) summary.AddRow(figure.Label, figure.Value);
            sheets.Add((SheetName(summary.Title, names), summary));
        }
        foreach (var table in tables) sheets.Add((SheetName(table.Title, names), table));
        if (sheets.Count == 0) sheets.Add(("Dati", new ReportTable(title, [new ReportColumn("")])));
        return sheets;
    }

    internal static string SheetName(string wanted, HashSet<string> used)
    {
        var clean = new string(wanted.Select(ch => ":\\/?*[]".Contains(ch) ? '-' : ch).ToArray()).Trim();
        if (clean.Length == 0) clean = "Dati";
        if (clean.Length > 31) clean = clean[..31];
        var name = clean;
        for (var i = 2; !used.Add(name); i++)
        {
            var suffix = $" ({i})";
            name = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return name;
    }
}
