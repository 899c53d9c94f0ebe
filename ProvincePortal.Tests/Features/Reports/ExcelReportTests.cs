using ClosedXML.Excel;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Tests.Features.Reports;

/// <summary>The Excel report read back with ClosedXML: sheets, typed values and their formats, text kept as text.</summary>
public class ExcelReportTests
{
    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    [Fact]
    public void Workbook_HasSummaryAndTableSheets_WithTypedValues()
    {
        var table = new ReportTable("Procedure per committente", [
            new ReportColumn("Committente"),
            new ReportColumn("Procedure", ReportValueKind.Integer),
            new ReportColumn("Valore", ReportValueKind.EuroCents),
            new ReportColumn("Ribasso medio", ReportValueKind.Percent),
            new ReportColumn("Ultima", ReportValueKind.Date),
        ]);
        table.AddRow("Comune di Conegliano", 12, 123_456L, 7.25, new DateOnly(2026, 2, 28));
        table.AddRow("=SOMMA(A1:A9)", 3, null, null, new DateTime(2026, 5, 31, 22, 30, 0, DateTimeKind.Utc));

        var bytes = new ExcelReport("Cruscotto Gare", "Provincia di Treviso", DateTime.UtcNow)
            .KeyFigures([new KeyFigure("Procedure in corso", "42")])
            .Sheet(table)
            .ToBytes();

        using var workbook = Open(bytes);
        Assert.Equal(["Sintesi", "Procedure per committente"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal("Procedure in corso", workbook.Worksheet("Sintesi").Cell(ExcelReport.HeaderRow + 1, 1).GetString());

        var sheet = workbook.Worksheet("Procedure per committente");
        Assert.Equal("Cruscotto Gare", sheet.Cell(1, 1).GetString());
        Assert.Equal("Ribasso medio", sheet.Cell(ExcelReport.HeaderRow, 4).GetString());
        var first = ExcelReport.HeaderRow + 1;
        Assert.Equal(12, sheet.Cell(first, 2).GetDouble());
        Assert.Equal(1234.56, sheet.Cell(first, 3).GetDouble(), 2);
        Assert.Contains("€", sheet.Cell(first, 3).Style.NumberFormat.Format);
        Assert.Equal(0.0725, sheet.Cell(first, 4).GetDouble(), 4);
        Assert.Equal(new DateTime(2026, 2, 28), sheet.Cell(first, 5).GetDateTime());
        // A formula-looking name stays text; a UTC time late in the evening is the next day in Rome.
        Assert.Equal(XLDataType.Text, sheet.Cell(first + 1, 1).DataType);
        Assert.False(sheet.Cell(first + 1, 1).HasFormula);
        Assert.Equal(new DateTime(2026, 6, 1), sheet.Cell(first + 1, 5).GetDateTime());
        Assert.True(sheet.Cell(first + 1, 3).IsEmpty());
    }

    [Fact]
    public void SheetNames_AreCleanedShortenedAndUnique()
    {
        var columns = new[] { new ReportColumn("A") };
        var bytes = new ExcelReport("R", "P", DateTime.UtcNow)
            .Sheet(new ReportTable("Scadenze: prossimi 30 giorni [tutte le procedure]", columns))
            .Sheet(new ReportTable("Scadenze: prossimi 30 giorni [tutte le procedure]", columns))
            .ToBytes();

        using var workbook = Open(bytes);
        var names = workbook.Worksheets.Select(w => w.Name).ToList();
        Assert.Equal(2, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= 31 && n.IndexOfAny([':', '[', ']']) < 0, n));
    }
}
