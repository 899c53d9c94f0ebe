using System.IO.Compression;
using ClosedXML.Excel;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Tests.Features.Reports;

/// <summary>
/// The streamed workbook (OpenXmlWriter) read back with ClosedXML: the same sheets, typed values, formats, frozen panes,
/// filters and widths as <see cref="ExcelReport"/> writes.
/// </summary>
public class StreamingExcelReportTests
{
    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    private static ReportTable Procedures()
    {
        var table = new ReportTable("Procedure per committente", [
            new ReportColumn("Committente"),
            new ReportColumn("Procedure", ReportValueKind.Integer),
            new ReportColumn("Valore", ReportValueKind.EuroCents),
            new ReportColumn("Ribasso medio", ReportValueKind.Percent),
            new ReportColumn("Ultima", ReportValueKind.Date),
            new ReportColumn("Punteggio", ReportValueKind.Decimal),
            new ReportColumn("Sigla"),
        ]) { FrozenColumns = 1 };
        table.AddRow("Comune di Conegliano", 12, 123_456L, 7.25, new DateOnly(2026, 2, 28), 71.123456789, "TV");
        table.AddRow("=SOMMA(A1:A9)", 3, null, null, new DateTime(2026, 5, 31, 22, 30, 0, DateTimeKind.Utc), null, "TV");
        table.AddRow("Unione dei Comuni della Marca Trevigiana Orientale", 1_234_567, -50L, 100.0, null, 0.5, "BS");
        return table;
    }

    private static ReportTable WithControlCharacter()
    {
        var table = Procedures();
        table.AddRow("Comune di Vittorio Veneto\u0001", 1, 1L, 1.0, null, double.NaN, "TV");
        return table;
    }

    [Fact]
    public void Workbook_TypedValuesAndFormats_ReadBackWithClosedXml()
    {
        var bytes = new StreamingExcelReport("Cruscotto Gare", "Provincia di Treviso", DateTime.UtcNow)
            .KeyFigures([new KeyFigure("Procedure in corso", "42")])
            .Sheet(WithControlCharacter())
            .ToBytes();

        using var workbook = Open(bytes);
        Assert.Equal(["Sintesi", "Procedure per committente"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal("Procedure in corso", workbook.Worksheet("Sintesi").Cell(ExcelReport.HeaderRow + 1, 1).GetString());

        var sheet = workbook.Worksheet("Procedure per committente");
        Assert.Equal("Cruscotto Gare", sheet.Cell(1, 1).GetString());
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        Assert.StartsWith("Provincia di Treviso · Procedure per committente · generato il ", sheet.Cell(2, 1).GetString());
        var header = sheet.Cell(ExcelReport.HeaderRow, 4);
        Assert.Equal("Ribasso medio", header.GetString());
        Assert.True(header.Style.Font.Bold);
        Assert.Equal(XLColor.FromHtml("#0066CC"), header.Style.Fill.BackgroundColor);

        var first = ExcelReport.HeaderRow + 1;
        Assert.Equal(12, sheet.Cell(first, 2).GetDouble());
        Assert.Equal("#,##0", sheet.Cell(first, 2).Style.NumberFormat.Format);
        Assert.Equal(1234.56, sheet.Cell(first, 3).GetDouble(), 9);
        Assert.Contains("€", sheet.Cell(first, 3).Style.NumberFormat.Format);
        Assert.Equal(0.0725, sheet.Cell(first, 4).GetDouble(), 9);
        Assert.Equal("0.00%", sheet.Cell(first, 4).Style.NumberFormat.Format);
        Assert.Equal(new DateTime(2026, 2, 28), sheet.Cell(first, 5).GetDateTime());
        Assert.Equal(71.123456789, sheet.Cell(first, 6).GetDouble(), 12);
        Assert.Equal("#,##0.00", sheet.Cell(first, 6).Style.NumberFormat.Format);
        Assert.Equal(XLDataType.Number, sheet.Cell(first, 6).DataType);

        // Text stays text (no formula, shared strings), a late UTC evening is the next day in Rome.
        Assert.Equal(XLDataType.Text, sheet.Cell(first + 1, 1).DataType);
        Assert.False(sheet.Cell(first + 1, 1).HasFormula);
        Assert.Equal("=SOMMA(A1:A9)", sheet.Cell(first + 1, 1).GetString());
        Assert.Equal(new DateTime(2026, 6, 1), sheet.Cell(first + 1, 5).GetDateTime());
        Assert.True(sheet.Cell(first + 1, 3).IsEmpty());
        Assert.Equal("TV", sheet.Cell(first + 1, 7).GetString());
        // A control character XML cannot hold is dropped rather than breaking the file; NaN is left empty.
        Assert.Equal("Comune di Vittorio Veneto", sheet.Cell(first + 3, 1).GetString());
        Assert.True(sheet.Cell(first + 3, 6).IsEmpty());
        Assert.Equal(-0.5, sheet.Cell(first + 2, 3).GetDouble(), 9);
        Assert.Equal(1, sheet.Cell(first + 2, 4).GetDouble(), 9);
    }

    [Fact]
    public void Sheet_SameAsClosedXmlReport_FrozenPaneAutofilterWidthsValuesAndFormats()
    {
        var generated = DateTime.UtcNow;
        using var streamed = Open(new StreamingExcelReport("R", "P", generated).Sheet(Procedures()).ToBytes());
        using var reference = Open(new ExcelReport("R", "P", generated).Sheet(Procedures()).ToBytes());

        var sheet = streamed.Worksheet(1);
        var expected = reference.Worksheet(1);
        Assert.Equal(ExcelReport.HeaderRow, sheet.SheetView.SplitRow);
        Assert.Equal(1, sheet.SheetView.SplitColumn);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal($"A{ExcelReport.HeaderRow}:G{ExcelReport.HeaderRow + 3}", sheet.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal(expected.AutoFilter.Range.RangeAddress.ToString(), sheet.AutoFilter.Range.RangeAddress.ToString());
        for (var c = 1; c <= 7; c++)
            Assert.True(Math.Abs(expected.Column(c).Width - sheet.Column(c).Width) < 0.01, $"colonna {c}: {sheet.Column(c).Width} invece di {expected.Column(c).Width}");
        Assert.True(sheet.Column(1).Width > sheet.Column(2).Width); // the names are wider than the counts
        for (var r = ExcelReport.HeaderRow; r <= ExcelReport.HeaderRow + 3; r++)
            for (var c = 1; c <= 7; c++)
            {
                var (got, want) = (sheet.Cell(r, c), expected.Cell(r, c));
                var at = $"cella {got.Address}";
                Assert.True(want.IsEmpty() == got.IsEmpty(), at);
                if (want.IsEmpty()) continue;
                Assert.True(want.DataType == got.DataType, $"{at}: {got.DataType} invece di {want.DataType}");
                Assert.True(want.Value.Equals(got.Value), $"{at}: {got.Value} invece di {want.Value}");
                Assert.True(want.Style.NumberFormat.Format == got.Style.NumberFormat.Format, $"{at}: {got.Style.NumberFormat.Format} invece di {want.Style.NumberFormat.Format}");
            }
    }

    [Fact]
    public void SheetWithoutRows_HasHeaderFrozenRowsAndNoFilter_FileIsAValidZip()
    {
        var bytes = new StreamingExcelReport("R", "P", DateTime.UtcNow)
            .Sheet(new ReportTable("Scadenze: prossimi 30 giorni [tutte]", [new ReportColumn("Procedura"), new ReportColumn("Importo", ReportValueKind.EuroCents)]))
            .ToBytes();

        using (var zip = new ZipArchive(new MemoryStream(bytes)))
            foreach (var entry in zip.Entries)
            {
                using var s = entry.Open();
                s.CopyTo(Stream.Null); // a corrupt entry throws here (the CRC is checked at the end)
            }
        using var workbook = Open(bytes);
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Scadenze- prossimi 30 giorni -t", sheet.Name);
        Assert.Equal("Importo", sheet.Cell(ExcelReport.HeaderRow, 2).GetString());
        Assert.Equal(ExcelReport.HeaderRow, sheet.SheetView.SplitRow);
        Assert.Equal(0, sheet.SheetView.SplitColumn);
        Assert.False(sheet.AutoFilter.IsEnabled);
    }
}
