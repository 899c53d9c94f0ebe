using System.Net;
using ProvincePortal.Features.EuCalls.Analysis;
using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;
using static ProvincePortal.Tests.Features.EuCalls.EuWorkFactory;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>Schede di analisi: who writes and reads them, sharing with the Comuni, the PDF read back with PdfPig.</summary>
public sealed class CallAnalysisTests(EuWorkFactory factory) : IClassFixture<EuWorkFactory>
{
    private static AnalysisInput Sheet(bool shared = false) => new()
    {
        Obiettivi = "Sostenere la transizione energetica delle comunità locali: città più efficienti.",
        AzioniECosti = "Studi di fattibilità, assistenza tecnica, formazione; personale e subcontratti.",
        Beneficiari = "Enti pubblici, PMI, associazioni.",
        Partenariato = "Almeno 3 soggetti di 3 Stati membri.",
        Cofinanziamento = "95% dei costi ammissibili.",
        CriteriValutazione = "Rilevanza, impatto, qualità dell'attuazione.",
        PertinenzaComuni = "Adatto ai Comuni sopra i 10.000 abitanti con un PAESC approvato.",
        Raccomandazione = AnalysisRecommendation.Consigliato,
        Note = "Da presentare ai Sindaci nell'assemblea di gennaio.",
        SharedWithComuni = shared,
    };

    [Fact]
    public async Task EuOfficeWrites_DirigenteReads_AndComuniReadOnlyOnceShared()
    {
        var call = await factory.AddCallAsync("Comunità energetiche locali");
        var saved = await factory.AsAsync<CallAnalysisService, CallAnalysis>(Europa, s => s.SaveAsync(call, Sheet(), null));
        Assert.Equal("Elena Europa", saved.AuthorName);

        var read = await factory.AsAsync<CallAnalysisService, AnalysisView?>(Manager, s => s.GetAsync(call));
        Assert.NotNull(read);
        Assert.False(read.CanEdit);
        Assert.Equal(AnalysisRecommendation.Consigliato, read.Analysis!.Raccomandazione);
        await Assert.ThrowsAsync<EuWorkForbiddenException>(() => factory.AsAsync<CallAnalysisService, CallAnalysis>(Manager, s => s.SaveAsync(call, Sheet(), saved.RowVersion)));

        Assert.Null(await factory.AsAsync<CallAnalysisService, AnalysisView?>(ComuneConegliano, s => s.GetAsync(call)));
        var shared = await factory.AsAsync<CallAnalysisService, CallAnalysis>(Europa, s => s.SaveAsync(call, Sheet(shared: true), saved.RowVersion));
        Assert.NotNull((await factory.AsAsync<CallAnalysisService, AnalysisView?>(ComuneConegliano, s => s.GetAsync(call)))!.Analysis);

        // Another Province sees the shared EU call but not Treviso's sheet; a stale version is refused.
        var brescia = await factory.EuropeOperatorOfAsync("BS");
        var theirs = await factory.AsPrincipalAsync<CallAnalysisService, AnalysisView?>(brescia, s => s.GetAsync(call));
        Assert.Null(theirs!.Analysis);
        await Assert.ThrowsAsync<EuWorkConcurrencyException>(() => factory.AsAsync<CallAnalysisService, CallAnalysis>(Europa, s => s.SaveAsync(call, Sheet(), saved.RowVersion)));
        Assert.Equal(shared.RowVersion, saved.RowVersion + 1);
    }

    [Fact]
    public async Task AnotherProvincesOwnCall_IsNotFound()
    {
        var call = await factory.AddCallAsync("Bando regionale Lombardia per i borghi", "BS");
        Assert.Null(await factory.AsAsync<CallAnalysisService, AnalysisView?>(Europa, s => s.GetAsync(call)));
        await Assert.ThrowsAsync<EuWorkNotFoundException>(() => factory.AsAsync<CallAnalysisService, CallAnalysis>(Europa, s => s.SaveAsync(call, Sheet(), null)));
    }

    [Fact]
    public async Task Pdf_HoldsTheCallTheRecommendationAndEverySection()
    {
        var call = await factory.AddCallAsync("LIFE Clean Energy Transition — città sostenibili");
        await factory.AsAsync<CallAnalysisService, CallAnalysis>(Europa, s => s.SaveAsync(call, Sheet(), null));

        var pdf = await factory.AsAsync<CallAnalysisService, (byte[] Pdf, string FileName)?>(Europa, s => s.PdfAsync(call));

        Assert.NotNull(pdf);
        Assert.StartsWith("scheda-analisi-LIFE-2026-CET-", pdf.Value.FileName);
        using var doc = PdfDocument.Open(pdf.Value.Pdf);
        var text = string.Concat(Enumerable.Range(1, doc.NumberOfPages).Select(n => doc.GetPage(n).Text));
        Assert.Contains("Scheda di analisi del bando", text);
        Assert.Contains("Provincia di Treviso", text);
        Assert.Contains("LIFE Clean Energy Transition — città sostenibili", text);
        Assert.Contains("Consigliato", text);
        Assert.Contains("€ 2.500.000,00", text);
        Assert.Contains("18/12/2026", text);
        Assert.Contains("95 %", text);
        foreach (var label in new[] { "Obiettivi", "Azioni e costi ammissibili", "Beneficiari ammissibili", "Partenariato richiesto", "Cofinanziamento",
                     "Criteri di valutazione", "Pertinenza per i Comuni", "Note" })
            Assert.Contains(label, text);
        Assert.Contains("Adatto ai Comuni sopra i 10.000 abitanti con un PAESC approvato.", text);
        Assert.Contains("Scheda redatta da Elena Europa", text);
    }

    [Fact]
    public async Task PdfEndpoint_ServesTheSheetToTheOffice_AndNotFoundToAComuneBeforeSharing()
    {
        var call = await factory.AddCallAsync("Digital Europe — servizi pubblici digitali");
        await factory.AsAsync<CallAnalysisService, CallAnalysis>(Europa, s => s.SaveAsync(call, Sheet(), null));

        using var office = await factory.LoginAsync(Europa);
        var ok = await office.GetAsync($"/bandi/{call}/analisi.pdf");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/pdf", ok.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await ok.Content.ReadAsByteArrayAsync(), 0, 4));

        using var comune = await factory.LoginAsync(ComuneConegliano);
        Assert.Equal(HttpStatusCode.NotFound, (await comune.GetAsync($"/bandi/{call}/analisi.pdf")).StatusCode);
    }
}
