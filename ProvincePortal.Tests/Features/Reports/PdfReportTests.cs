using ProvincePortal.Features.Reports;
using UglyToad.PdfPig;

namespace ProvincePortal.Tests.Features.Reports;

/// <summary>The PDF layout layer read back with PdfPig: text, accents, page breaks, repeated headers, page numbers, fonts.</summary>
public class PdfReportTests
{
    private static readonly DateTime Generated = new(2026, 11, 26, 9, 30, 0, DateTimeKind.Utc);

    private static ReportTable Rows(int count)
    {
        var table = new ReportTable("Procedure", [
            new ReportColumn("Oggetto", Width: 3),
            new ReportColumn("Importo", ReportValueKind.EuroCents),
            new ReportColumn("Ribasso", ReportValueKind.Percent),
            new ReportColumn("Pubblicazione", ReportValueKind.Date),
        ]);
        for (var i = 1; i <= count; i++)
            table.AddRow($"Riga {i:000} manutenzione strade", 123_456_78L + i, 12.5, new DateOnly(2026, 3, 1));
        return table;
    }

    [Fact]
    public void LongTable_ContinuesOnNewPages_WithHeaderRepeatedAndEveryRowOnce()
    {
        var bytes = new PdfReport("Cruscotto Gare", "Provincia di Treviso", Generated)
            .Heading("Sintesi dell'attività")
            .Paragraph("Attività più rilevanti: àèéìòù € — città, qualità, perché.")
            .KeyFigures([new KeyFigure("Procedure in corso", "42"), new KeyFigure("Valore aggiudicato", "€ 1.234.567,89")])
            .Table(Rows(150))
            .ToBytes();

        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 3, $"attese almeno 3 pagine, trovate {pdf.NumberOfPages}");
        var pages = Enumerable.Range(1, pdf.NumberOfPages).Select(n => pdf.GetPage(n).Text).ToList();
        var all = string.Concat(pages);

        Assert.Contains("àèéìòù €", pages[0]);
        Assert.Contains("€ 1.234.567,89", pages[0]);
        Assert.Contains("€ 123.457,79", all); // 12.345.679 cents of row 1
        Assert.Contains("12,50 %", all);
        Assert.Contains("01/03/2026", all);
        for (var n = 0; n < pages.Count; n++)
        {
            Assert.Contains($"Pagina {n + 1} di {pages.Count}", pages[n]);
            Assert.Contains("Cruscotto Gare", pages[n]);
            Assert.Contains("Generato il 26/11/2026 10:30", pages[n]);
        }
        // The table header is drawn again on every page the table continues on.
        Assert.All(pages.Skip(1), p => Assert.Contains("Pubblicazione", p));
        for (var i = 1; i <= 150; i++)
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, $"Riga {i:000} "));
    }

    [Fact]
    public void Text_IsSetInEmbeddedTitilliumWeb()
    {
        var bytes = new PdfReport("Prova", "Provincia di Treviso", Generated).Paragraph("Testo in grassetto e normale").ToBytes();

        using var pdf = PdfDocument.Open(bytes);
        var fonts = pdf.GetPage(1).Letters.Select(l => l.FontName).Distinct().ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Contains("Titillium", f, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Prova", pdf.Information.Title);
    }

    [Fact]
    public void OverlongCell_IsCutWithEllipsis_NotSpilledIntoOtherRows()
    {
        var table = new ReportTable("", [new ReportColumn("Oggetto"), new ReportColumn("Importo", ReportValueKind.EuroCents)]);
        var longText = string.Join(" ", Enumerable.Range(1, 200).Select(i => $"parola{i}"));
        table.AddRow(longText, 100L).AddRow("seconda riga", 200L);

        using var pdf = PdfDocument.Open(new PdfReport("Prova", "Provincia di Treviso", Generated).Table(table).ToBytes());
        var text = pdf.GetPage(1).Text;
        Assert.Contains("parola1 ", text);
        Assert.DoesNotContain("parola200", text);
        Assert.Contains("…", text);
        Assert.Contains("seconda riga", text);
        Assert.Equal(1, pdf.NumberOfPages);
    }

    [Fact]
    public void BarChart_WritesLabelsAndValues_AndEmptyDataSaysSo()
    {
        var bytes = new PdfReport("Grafici", "Provincia di Treviso", Generated)
            .BarChart("Procedure per tipo", [new ChartBar("Procedura aperta", 12, "12"), new ChartBar("Affidamento diretto", 0, "0")])
            .BarChart("Valore per fase", [])
            .ToBytes();

        using var pdf = PdfDocument.Open(bytes);
        var text = pdf.GetPage(1).Text;
        Assert.Contains("Procedure per tipo", text);
        Assert.Contains("Procedura aperta", text);
        Assert.Contains("Affidamento diretto", text);
        Assert.Contains("Nessun dato.", text);
    }

    [Fact]
    public void AddRow_WithWrongNumberOfValues_IsRefusedInItalian()
    {
        var table = new ReportTable("Procedure", [new ReportColumn("A"), new ReportColumn("B")]);
        var error = Assert.Throws<ArgumentException>(() => table.AddRow("solo uno"));
        Assert.Contains("La riga ha 1 valori, la tabella \"Procedure\" ha 2 colonne", error.Message);
    }
}
