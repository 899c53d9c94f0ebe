using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using ProvincePortal.Tests.E2E;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>Small genuine files of each format, written by the tests with the same libraries Office-like tools use.</summary>
public static class SampleFiles
{
    public static byte[] Docx(string body, string tableCell, string header, string footer)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var headerPart = main.AddNewPart<HeaderPart>();
            headerPart.Header = new W.Header(Paragraph(header));
            var footerPart = main.AddNewPart<FooterPart>();
            footerPart.Footer = new W.Footer(Paragraph(footer));
            main.Document = new W.Document(new W.Body(
                Paragraph(body),
                new W.Table(new W.TableRow(new W.TableCell(Paragraph(tableCell)), new W.TableCell(Paragraph("seconda colonna")))),
                new W.SectionProperties(
                    new W.HeaderReference { Type = W.HeaderFooterValues.Default, Id = main.GetIdOfPart(headerPart) },
                    new W.FooterReference { Type = W.HeaderFooterValues.Default, Id = main.GetIdOfPart(footerPart) })));
        }
        return ms.ToArray();

        static W.Paragraph Paragraph(string text) => new(new W.Run(new W.Text(text)));
    }

    public static byte[] Xlsx(string sheetName, string sharedText, string inlineText, double number)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new S.Workbook();
            var strings = book.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new S.SharedStringTable(new S.SharedStringItem(new S.Text(sharedText)));
            var sheetPart = book.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new S.Worksheet(new S.SheetData(new S.Row(
                new S.Cell { CellReference = "A1", DataType = S.CellValues.SharedString, CellValue = new S.CellValue("0") },
                new S.Cell { CellReference = "B1", DataType = S.CellValues.InlineString, InlineString = new S.InlineString(new S.Text(inlineText)) },
                new S.Cell { CellReference = "C1", CellValue = new S.CellValue(number.ToString(System.Globalization.CultureInfo.InvariantCulture)) })
            { RowIndex = 1 }));
            book.Workbook.AppendChild(new S.Sheets(new S.Sheet { Name = sheetName, SheetId = 1, Id = book.GetIdOfPart(sheetPart) }));
        }
        return ms.ToArray();
    }

    public static byte[] Pptx(string slideText, string notesText)
    {
        using var ms = new MemoryStream();
        using (var doc = PresentationDocument.Create(ms, PresentationDocumentType.Presentation))
        {
            var presentation = doc.AddPresentationPart();
            var slide = presentation.AddNewPart<SlidePart>("rIdSlide1");
            slide.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(TextShape(slideText))));
            var notes = slide.AddNewPart<NotesSlidePart>();
            notes.NotesSlide = new P.NotesSlide(new P.CommonSlideData(new P.ShapeTree(TextShape(notesText))));
            presentation.Presentation = new P.Presentation(new P.SlideIdList(new P.SlideId { Id = 256U, RelationshipId = "rIdSlide1" }));
        }
        return ms.ToArray();

        static P.Shape TextShape(string text) => new(
            new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = 2U, Name = "Testo" }, new P.NonVisualShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
            new P.ShapeProperties(),
            new P.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(text)))));
    }

    /// <summary>An OpenDocument text written entry by entry: mimetype first and stored, as the specification requires.</summary>
    public static byte[] Odt(string heading, string paragraph, string span, string mimetype = "application/vnd.oasis.opendocument.text")
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", mimetype, CompressionLevel.NoCompression);
            Write(zip, "content.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
                  <office:automatic-styles><style:style xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" style:name="P1">stile-non-indicizzato</style:style></office:automatic-styles>
                  <office:body><office:text>
                    <text:h text:outline-level="1">{heading}</text:h>
                    <text:p>{paragraph}<text:s/><text:span>{span}</text:span></text:p>
                  </office:text></office:body>
                </office:document-content>
                """, CompressionLevel.Optimal);
            Write(zip, "META-INF/manifest.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
                  <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                  <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>
                """, CompressionLevel.Optimal);
        }
        return ms.ToArray();
    }

    /// <summary>A ZIP that claims to be Word (it has word/document.xml) but whose XML is broken: passes the type check, fails extraction.</summary>
    public static byte[] CorruptDocx()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>", CompressionLevel.Optimal);
            Write(zip, "word/document.xml", "<w:document><w:body><w:p>non chiuso", CompressionLevel.Optimal);
        }
        return ms.ToArray();
    }

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries) Write(zip, name, content, CompressionLevel.Optimal);
        return ms.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content, CompressionLevel level)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>A one-page PDF with real embedded text, drawn by PDFsharp with the Titillium Web font of the repository.</summary>
    public static byte[] Pdf(string text)
    {
        // The app's resolver: PDFsharp's setting is global and cannot change once used, so tests and reports share one.
        ProvincePortal.Features.Reports.PortalFonts.EnsureRegistered();
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var gfx = XGraphics.FromPdfPage(page))
            gfx.DrawString(text, new XFont("Titillium Web", 14), XBrushes.Black, new XPoint(60, 100));
        using var ms = new MemoryStream();
        document.Save(ms, false);
        return ms.ToArray();
    }
}
