using System.Net;
using ClosedXML.Excel;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>
/// The satisfaction and agreements blocks in the dashboard's downloads, on the demo data of Treviso: the periodic survey
/// "Indagine 2026" (four answers, NPS 25), Conegliano's quota overdue and Oderzo's agreement ending in 40 days.
/// </summary>
public sealed class RequestDashboardSectionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Manager = "dirigente@demo.it";

    [Fact]
    public async Task Excel_of_the_year_has_the_survey_NPS_the_overdue_quota_and_the_expiring_agreement()
    {
        using var client = await factory.LoginAsync(Manager);
        var response = await client.GetAsync("/richieste/cruscotto.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        var overdue = workbook.Worksheets.Single(w => w.Name == "Quote scadute");
        var overdueRows = overdue.RowsUsed().Skip(1).ToList();
        var conegliano = Assert.Single(overdueRows, r => r.Cell(1).GetString() == "Conegliano");
        Assert.True(conegliano.Cell(5).GetDouble() > 0, "la quota scaduta di Conegliano ha un residuo da pagare");
        Assert.DoesNotContain(overdueRows, r => r.Cell(1).GetString() == "Oderzo");

        var expiring = workbook.Worksheets.Single(w => w.Name == "Convenzioni in scadenza");
        var oderzo = Assert.Single(expiring.RowsUsed().Skip(1), r => r.Cell(1).GetString() == "Oderzo");
        Assert.Equal(40, oderzo.Cell(4).GetDouble());

        Assert.Contains(workbook.Worksheets, w => w.Name == "Soddisfazione per servizio");
        var figures = string.Join("\n", workbook.Worksheets.First().RowsUsed().Select(r => r.Cell(1).GetString() + "=" + r.Cell(2).GetString()));
        Assert.Contains($"NPS utenti esterni=25 («{QuestionariDemoData.CampaignTitle}», 4 risposte)", figures);
    }

    [Fact]
    public async Task Pdf_prints_the_two_blocks_after_the_help_desk_figures()
    {
        using var client = await factory.LoginAsync(Manager);
        var bytes = await client.GetByteArrayAsync("/richieste/cruscotto.pdf");
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        var helpDesk = text.IndexOf("Per servizio", StringComparison.Ordinal);
        var satisfaction = text.IndexOf("Soddisfazione", StringComparison.Ordinal);
        var agreements = text.IndexOf("Convenzioni e quote", StringComparison.Ordinal);
        Assert.True(helpDesk >= 0 && satisfaction > 0 && agreements > satisfaction, text);
        Assert.Contains("NPS utenti esterni", text);
        Assert.Contains("Conegliano", text[agreements..]);
        Assert.Contains("Oderzo", text[agreements..]);
    }
}
