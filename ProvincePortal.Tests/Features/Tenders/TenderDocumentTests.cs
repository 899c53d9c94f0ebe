using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Tenders.Documents;
using static ProvincePortal.Tests.Features.Tenders.TendersFactory;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>DOCX filling (split runs, lot rows, unknown placeholders) and generation from the demo template onto a procedure.</summary>
public sealed class TenderDocumentTests(TendersFactory factory) : IClassFixture<TendersFactory>
{
    private static string BodyText(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
    }

    private static readonly Dictionary<string, string> AllValues = TenderDocumentService.Placeholders.ToDictionary(p => p.Name, p => $"<{p.Name}>");

    [Fact]
    public void Fill_ReplacesPlaceholdersSplitAcrossRuns_AndRepeatsTheLotRow()
    {
        var template = DemoTemplates.Build(2);
        Assert.Contains("{{ogg", BodyText(template)); // the template really splits {{oggetto}} over two runs
        Assert.Contains("oggetto", DocxTemplate.Placeholders(new MemoryStream(template)));
        Assert.Contains("importo_base", DocxTemplate.Placeholders(new MemoryStream(template)));

        var values = new Dictionary<string, string>(AllValues) { ["oggetto"] = "Sgombero neve 2026/27", ["importo_base"] = "€ 1.234,56" };
        var lots = new[] { 1, 2, 3 }.Select(n => new DocxRow(new Dictionary<string, string>
        {
            ["numero"] = n.ToString(), ["cig"] = $"CIG{n}", ["oggetto"] = $"Zona {n}", ["importo"] = $"€ {n}00,00",
        })).ToList();
        var (docx, unknown) = DocxTemplate.Fill(new MemoryStream(template), values, lots, TenderDocumentService.LotFields);

        Assert.Empty(unknown);
        var text = BodyText(docx!);
        Assert.Contains("Oggetto: Sgombero neve 2026/27", text);
        Assert.Contains("Importo a base di gara: € 1.234,56, di cui", text);
        Assert.DoesNotContain("{{", text);
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx!), false);
        var rows = doc.MainDocumentPart!.Document.Body!.Descendants<TableRow>().ToList();
        Assert.Equal(4, rows.Count); // header + 3 lots
        Assert.Equal(["1", "CIG1", "Zona 1", "€ 100,00"], rows[1].Descendants<TableCell>().Select(c => c.InnerText).ToArray());
        Assert.Equal("Zona 3", rows[3].Descendants<TableCell>().ElementAt(2).InnerText);
    }

    [Fact]
    public void Fill_WithUnknownPlaceholders_ProducesNothing_AndSaysWhichAndWhere()
    {
        var values = new Dictionary<string, string>(AllValues);
        values.Remove("rup");
        var (docx, unknown) = DocxTemplate.Fill(new MemoryStream(DemoTemplates.Build(1)), values, [], TenderDocumentService.LotFields);
        Assert.Null(docx);
        var u = Assert.Single(unknown);
        Assert.Equal("rup", u.Name);
        var message = DocxTemplate.Describe("Lettera", unknown);
        Assert.StartsWith("Il modello «Lettera» contiene segnaposto sconosciuti: {{rup}} (corpo del documento, paragrafo ", message);
    }

    [Fact]
    public async Task Generate_UsesTheVersionInForceOnThePublicationDate_AndArchivesTheDocumentOnTheProcedure()
    {
        var input = Works("Servizio di sfalcio banchine stradali 2025");
        input.DataPubblicazione = new DateTime(2025, 6, 3);
        var old = await factory.AsAsync(Sua, s => s.CreateAsync(input));
        var cig = NewCig();
        await factory.AsAsync(Sua, s => s.AddLotAsync(old.Id, new LotInput { Cig = cig, Oggetto = "Zona nord", Importo = 240_000m }));
        await factory.AsAsync(Sua, s => s.AddLotAsync(old.Id, new LotInput { Oggetto = "Zona sud", Importo = 240_000m }));
        input.Oggetto = "Servizio di sfalcio banchine stradali 2026";
        input.DataPubblicazione = new DateTime(2026, 2, 3);
        var recent = await factory.AsAsync(Sua, s => s.CreateAsync(input));

        var families = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<TenderDocumentService>().ListTemplatesAsync());
        var family = Assert.Single(families, f => f.Title == DemoTemplates.Title);
        Assert.Equal(2, family.Versions.Count);

        var first = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<TenderDocumentService>().GenerateAsync(old.Id, DemoTemplates.Title));
        var second = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<TenderDocumentService>().GenerateAsync(recent.Id, DemoTemplates.Title));
        Assert.Equal(family.Versions.Single(v => v.ValidTo is not null).DocumentId, first.TemplateDocumentId);
        Assert.Equal(family.Versions.Single(v => v.ValidTo is null).DocumentId, second.TemplateDocumentId);

        var text = await factory.AsUserAsync(Sua, async sp =>
        {
            var content = await sp.GetRequiredService<DocumentService>().OpenVersionAsync(first.DocumentId, null);
            using var m = new MemoryStream();
            await content!.Content.CopyToAsync(m);
            await content.Content.DisposeAsync();
            return BodyText(m.ToArray());
        });
        Assert.Contains("Oggetto: Servizio di sfalcio banchine stradali 2025", text);
        Assert.Contains($"CIG: {cig}", text);
        Assert.Contains("Data di pubblicazione: 03/06/2025.", text);
        Assert.Contains("Il Responsabile unico del progetto è Ing. Giulia Zanin.", text);
        Assert.Contains("Modello in vigore fino al 15/09/2025.", text);
        Assert.Contains("Zona sud", text);

        var linked = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<TenderDocumentService>().ListLinkedAsync(old.Id));
        Assert.Equal(first.DocumentId, Assert.Single(linked).Id);
        // The Dirigente reads it; the Brescia SUA does not even see the procedure.
        Assert.Single(await factory.AsUserAsync(Manager, sp => sp.GetRequiredService<TenderDocumentService>().ListLinkedAsync(old.Id)));
        await Assert.ThrowsAsync<TenderNotFoundException>(() => factory.AsUserAsync(SuaBrescia, sp => sp.GetRequiredService<TenderDocumentService>().ListLinkedAsync(old.Id)));
        await Assert.ThrowsAsync<TenderForbiddenException>(() => factory.AsUserAsync(Manager, sp => sp.GetRequiredService<TenderDocumentService>().GenerateAsync(old.Id, DemoTemplates.Title)));

        await using var db = await factory.CreateSystemDbAsync();
        var stored = await db.Documents.SingleAsync(d => d.Id == first.DocumentId);
        Assert.Equal(("gare", old.Id.ToString()), (stored.LinkedModule, stored.LinkedRecordId));
        Assert.Equal(await db.Workspaces.Where(w => w.Kind == WorkspaceKind.ServizioSua && w.ProvinceId == stored.ProvinceId).Select(w => w.Id).SingleAsync(), stored.WorkspaceId);
        Assert.True(await db.DocumentTexts.AnyAsync(t => t.DocumentId == first.DocumentId && t.Title.Contains("sfalcio banchine stradali 2025")));
    }

    [Fact]
    public async Task Generated_Docx_IsFoundByItsContent_InTheDocumentiSearch()
    {
        var input = Works("Manutenzione straordinaria del ponte sul Meschio");
        input.DataPubblicazione = DateTime.Today.AddDays(-5);
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(input));
        var cig = NewCig(); // written in the body only (not in the title, tags or description of the generated document)
        await factory.AsAsync(Sua, s => s.AddLotAsync(saved.Id, new LotInput { Cig = cig, Oggetto = "Lotto unico", Importo = 100_000m }));
        var generated = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<TenderDocumentService>().GenerateAsync(saved.Id, DemoTemplates.Title));
        // The text is extracted by the background indexer, as for an upload.
        var until = DateTime.UtcNow.AddSeconds(60);
        ExtractionStatus status;
        do
        {
            await Task.Delay(100);
            await using var db = await factory.CreateSystemDbAsync();
            status = await db.DocumentVersions.Where(v => v.DocumentId == generated.DocumentId).Select(v => v.ExtractionStatus).SingleAsync();
        } while (status == ExtractionStatus.InAttesa && DateTime.UtcNow < until);
        Assert.Equal(ExtractionStatus.Indicizzato, status);

        var hits = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<DocumentService>().SearchAsync(new DocumentSearchQuery(cig)));
        var hit = Assert.Single(hits);
        Assert.Equal(generated.DocumentId, hit.DocumentId);
        Assert.Contains(cig, hit.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(generated.DocumentId, Assert.Single(await factory.AsUserAsync(Sua, sp =>
            sp.GetRequiredService<DocumentService>().SearchAsync(new DocumentSearchQuery("ponte Meschio") { DocumentType = "Bando" }))).DocumentId);
        Assert.Empty(await factory.AsUserAsync(SuaBrescia, sp => sp.GetRequiredService<DocumentService>().SearchAsync(new DocumentSearchQuery(cig))));
    }

    [Fact]
    public async Task Generate_WhenNoVersionIsInForce_SaysWhichDateAndWhichVersionsExist()
    {
        var input = Works("Procedura pubblicata prima dei modelli");
        input.DataPubblicazione = new DateTime(2022, 3, 1);
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(input));
        var ex = await Assert.ThrowsAsync<TenderValidationException>(() =>
            factory.AsUserAsync(Sua, sp => sp.GetRequiredService<TenderDocumentService>().GenerateAsync(saved.Id, DemoTemplates.Title)));
        Assert.Equal($"Nessuna versione del modello «{DemoTemplates.Title}» è in vigore il 01/03/2022 (data di pubblicazione della procedura). " +
            "Versioni disponibili: dal 01/07/2023 al 15/09/2025; dal 16/09/2025 senza scadenza.", ex.Message);
    }
}
