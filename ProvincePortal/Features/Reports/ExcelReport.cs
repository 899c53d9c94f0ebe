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
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (figures.Count > 0)
        {
            var summary = new ReportTable("Sintesi", [new ReportColumn("Indicatore", Width: 3), new ReportColumn("Valore", Width: 2)]);
            foreach (var figure in figures) summary.AddRow(figure.Label, figure.Value);
            Write(workbook.AddWorksheet(SheetName(summary.Title, names)), summary);
        }
        foreach (var table in tables) Write(workbook.AddWorksheet(SheetName(table.Title, names)), table);
        if (workbook.Worksheets.Count == 0) Write(workbook.AddWorksheet("Dati"), new ReportTable(title, [new ReportColumn("")]));

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
                var cell = sheet.Cell(row, c + 1);
                SetTyped(cell, table.Columns[c].Kind, values[c]);
                widths[c] = Math.Max(widths[c], Math.Min(ReportTable.Display(table.Columns[c].Kind, values[c]).Length, 60));
            }
            row++;
        }

        for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = widths[c] + 2;
        sheet.SheetView.FreezeRows(HeaderRow);
        if (row > HeaderRow + 1) sheet.Range(HeaderRow, 1, row - 1, table.Columns.Count).SetAutoFilter();
    }

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
                cell.Style.DateFormat.Format = "dd/mm/yyyy";
                return;
            case DateTime utc:
                cell.SetValue(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Rome).Date);
                cell.Style.DateFormat.Format = "dd/mm/yyyy";
                return;
        }
        var number = Convert.ToDecimal(value, Formats.Italian);
        switch (kind)
        {
            case ReportValueKind.EuroCents:
                cell.SetValue(number / 100m);
                cell.Style.NumberFormat.Format = "[$€-410] #,##0.00";
                break;
            case ReportValueKind.Percent:
                cell.SetValue(number / 100m);
                cell.Style.NumberFormat.Format = "0.00%";
                break;
            case ReportValueKind.Integer:
                cell.SetValue(number);
                cell.Style.NumberFormat.Format = "#,##0";
                break;
            default:
                cell.SetValue(number);
                cell.Style.NumberFormat.Format = "#,##0.00";
                break;
        }
    }

    /// <summary>Excel allows 31 characters and none of : \ / ? * [ ]; names must be unique in the workbook.</summary>
    private static string SheetName(string wanted, HashSet<string> used)
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
