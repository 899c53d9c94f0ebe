using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.Documents;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>The extractor on its own, format by format, from files the tests write.</summary>
public sealed class TextExtractorTests
{
    private static string Extract(string ext, byte[] bytes) => TextExtractor.Extract(ext, new MemoryStream(bytes))!;

    [Fact]
    public void Docx_BodyTablesHeadersAndFooters()
    {
        var text = Extract("docx", SampleFiles.Docx("Capitolato speciale d'appalto", "importo a base d'asta", "Provincia di Treviso", "pagina di servizio"));
        Assert.Contains("Capitolato speciale d'appalto", text);
        Assert.Contains("importo a base d'asta", text);
        Assert.Contains("Provincia di Treviso", text);
        Assert.Contains("pagina di servizio", text);
    }

    [Fact]
    public void Xlsx_SheetNamesSharedAndInlineStringsAndNumbers()
    {
        var text = Extract("xlsx", SampleFiles.Xlsx("Bilancio 2026", "manutenzione strade", "sgombero neve", 12345.5));
        Assert.Contains("Bilancio 2026", text);
        Assert.Contains("manutenzione strade", text);
        Assert.Contains("sgombero neve", text);
        Assert.Contains("12345.5", text);
    }

    [Fact]
    public void Pptx_SlidesAndNotes()
    {
        var text = Extract("pptx", SampleFiles.Pptx("Piano triennale delle opere", "ricordare il cronoprogramma"));
        Assert.Contains("Piano triennale delle opere", text);
        Assert.Contains("ricordare il cronoprogramma", text);
    }

    [Fact]
    public void Odt_HeadingsParagraphsAndSpans_NotStyles()
    {
        var text = Extract("odt", SampleFiles.Odt("Verbale di gara", "La commissione si riunisce", "in seduta pubblica"));
        Assert.Contains("Verbale di gara", text);
        Assert.Contains("La commissione si riunisce in seduta pubblica", text);
        Assert.DoesNotContain("stile-non-indicizzato", text);
    }

    [Fact]
    public void Pdf_WrittenByPdfSharp()
    {
        var text = Extract("pdf", SampleFiles.Pdf("Relazione sulla viabilità provinciale"));
        Assert.Contains("viabilità provinciale", text);
    }

    [Fact]
    public void HtmlMarkdownText_ScriptsDropped_EntitiesDecoded()
    {
        Assert.Equal("Ciclabile & città", Extract("html", Encoding.UTF8.GetBytes("<html><script>var x='nascosto';</script><p>Ciclabile &amp; città</p></html>")));
        Assert.Contains("# Titolo", Extract("md", Encoding.UTF8.GetBytes("# Titolo\ntesto")));
        Assert.Equal("riga uno\nriga due", Extract("txt", Encoding.UTF8.GetBytes("riga uno\nriga due")));
    }

    [Fact]
    public void LongText_IsCutAtMaxChars()
    {
        var big = new MemoryStream(Encoding.UTF8.GetBytes(new string('a', TextExtractor.MaxChars + 5000)));
        Assert.Equal(TextExtractor.MaxChars, TextExtractor.Extract("txt", big)!.Length);
    }

    [Fact]
    public void CorruptDocx_Throws()
    {
        Assert.ThrowsAny<Exception>(() => Extract("docx", SampleFiles.CorruptDocx()));
    }

    [Theory]
    [InlineData("lettera.docx")]
    [InlineData("tabella.xlsx")]
    [InlineData("slide.pptx")]
    [InlineData("testo.odt")]
    public void PackageWithoutItsPart_IsRefused(string fileName)
    {
        var plainZip = SampleFiles.Zip(("readme.txt", "non sono un documento"));
        var ex = Assert.Throws<DocumentValidationException>(() => DocumentRules.CheckContent(fileName, new MemoryStream(plainZip)));
        Assert.Contains($"«{fileName}» non corrisponde all'estensione", ex.Message);
    }

    [Fact]
    public void Odt_WithSpreadsheetMimetype_IsRefused_GenuineOnesPass()
    {
        var ods = SampleFiles.Odt("a", "b", "c", mimetype: "application/vnd.oasis.opendocument.spreadsheet");
        var ex = Assert.Throws<DocumentValidationException>(() => DocumentRules.CheckContent("testo.odt", new MemoryStream(ods)));
        Assert.Contains("application/vnd.oasis.opendocument.text", ex.Message);
        DocumentRules.CheckContent("testo.odt", new MemoryStream(SampleFiles.Odt("a", "b", "c")));
        DocumentRules.CheckContent("lettera.docx", new MemoryStream(SampleFiles.Docx("a", "b", "c", "d")));
        DocumentRules.CheckContent("tabella.xlsx", new MemoryStream(SampleFiles.Xlsx("a", "b", "c", 1)));
        DocumentRules.CheckContent("slide.pptx", new MemoryStream(SampleFiles.Pptx("a", "b")));
    }
}

/// <summary>Upload, background indexing and search with filters on the real app and database.</summary>
public sealed class DocumentIndexingTests(DocumentsFactory factory) : IClassFixture<DocumentsFactory>
{
    private const string Sua = "sua@demo.it";
    private const string SuaBrescia = "sua.bs@demo.it";

    [Fact]
    public async Task Upload_IsPendingFirst_ThenIndexedInBackground_AndContentBecomesSearchable()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var word = "parolaunica" + Guid.NewGuid().ToString("N")[..8];
        var id = await factory.AsAsync(Sua, s => s.CreateAsync(new NewDocument { WorkspaceId = ws, Title = "Relazione tecnica" },
            new MemoryStream(SampleFiles.Docx($"Il ponte sul Piave richiede {word}", "cella", "intestazione", "piede")), "relazione.docx"));
        // The upload returned before any text was read: the version was stored as waiting.
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var status = await db.DocumentVersions.Where(v => v.DocumentId == id).Select(v => v.ExtractionStatus).SingleAsync();
            Assert.Contains(status, new[] { ExtractionStatus.InAttesa, ExtractionStatus.Indicizzato });
        }
        Assert.Equal(ExtractionStatus.Indicizzato, await factory.WaitIndexedAsync(id));
        var hit = Assert.Single(await factory.AsAsync(Sua, s => s.SearchAsync(word)));
        Assert.Equal(id, hit.DocumentId);
        Assert.Contains(DocumentSearchSql.MarkStart + word + DocumentSearchSql.MarkEnd, hit.Snippet);
        Assert.Empty(await factory.AsAsync(SuaBrescia, s => s.SearchAsync(word)));
    }

    [Theory]
    [InlineData("bilancio.xlsx")]
    [InlineData("presentazione.pptx")]
    [InlineData("verbale.odt")]
    [InlineData("relazione.pdf")]
    public async Task EachFormat_IsIndexedAndFound(string fileName)
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var word = "formato" + Guid.NewGuid().ToString("N")[..8];
        var bytes = DocumentRules.ExtensionOf(fileName) switch
        {
            "xlsx" => SampleFiles.Xlsx("Foglio", "testo condiviso", word, 1),
            "pptx" => SampleFiles.Pptx("diapositiva", word),
            "odt" => SampleFiles.Odt("titolo", "paragrafo", word),
            _ => SampleFiles.Pdf("documento " + word),
        };
        var id = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws }, bytes, fileName);
        Assert.Equal(ExtractionStatus.Indicizzato, (await factory.AsAsync(Sua, s => s.ListVersionsAsync(id)))[0].ExtractionStatus);
        Assert.Equal(id, Assert.Single(await factory.AsAsync(Sua, s => s.SearchAsync(word))).DocumentId);
    }

    [Fact]
    public async Task CorruptDocx_IsStoredAndFlagged_ButFoundByTitleTagsAndDescription()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var marker = "rottame" + Guid.NewGuid().ToString("N")[..6];
        var corrupt = SampleFiles.CorruptDocx();
        var id = await factory.UploadAsync(Sua, new NewDocument
        {
            WorkspaceId = ws, Title = $"Disciplinare {marker}", Tags = "illeggibile", Description = "Allegato tecnico sulla segnaletica orizzontale",
        }, corrupt, "disciplinare.docx");

        var version = (await factory.AsAsync(Sua, s => s.ListVersionsAsync(id)))[0];
        Assert.Equal(ExtractionStatus.NonIndicizzato, version.ExtractionStatus);
        var hit = Assert.Single(await factory.AsAsync(Sua, s => s.SearchAsync(marker)));
        Assert.Equal(ExtractionStatus.NonIndicizzato, hit.Extraction);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("segnaletica orizzontale")), h => h.DocumentId == id);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync(new DocumentSearchQuery(marker) { Tags = ["illeggibile"] })), h => h.DocumentId == id);

        // The bytes are kept as uploaded: the file can still be downloaded and opened elsewhere.
        var content = await factory.AsAsync(Sua, s => s.OpenVersionAsync(id, null));
        await using (content!.Content)
        {
            using var ms = new MemoryStream();
            await content.Content.CopyToAsync(ms);
            Assert.Equal(corrupt, ms.ToArray());
        }

        // The page says so.
        var page = await (await factory.LoginAsync(Sua)).GetStringAsync($"/documenti/cerca?q={marker}");
        Assert.Contains("Testo non indicizzato", page);
    }

    [Fact]
    public async Task MismatchedMagic_IsRefusedWithItalianReason_NothingStored()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        int before;
        await using (var db = await factory.CreateSystemDbAsync()) before = await db.DocumentVersions.CountAsync();
        var ex = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.AsAsync(Sua, s => s.CreateAsync(
            new NewDocument { WorkspaceId = ws }, new MemoryStream(SampleFiles.Xlsx("a", "b", "c", 1)), "contratto.docx")));
        Assert.Equal("Il contenuto del file «contratto.docx» non corrisponde all'estensione «.docx»: non è un documento Word (manca word/document.xml) valido.", ex.Message);
        await Assert.ThrowsAsync<DocumentValidationException>(() => factory.AsAsync(Sua, s => s.CreateAsync(
            new NewDocument { WorkspaceId = ws }, new MemoryStream(SampleFiles.Pdf("x")), "finto.odt")));
        await using (var db = await factory.CreateSystemDbAsync()) Assert.Equal(before, await db.DocumentVersions.CountAsync());
    }

    [Fact]
    public async Task Filters_WorkspaceTypeTagsAndDates()
    {
        var sua = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var europa = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioEuropa);
        var word = "filtro" + Guid.NewGuid().ToString("N")[..8];
        var delibera = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = sua, DocumentType = "Delibera", Tags = "strade, neve" }, Encoding.UTF8.GetBytes($"{word} uno"), "a.txt");
        var bando = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = europa, DocumentType = "Bando", Tags = "strade" }, Encoding.UTF8.GetBytes($"{word} due"), "b.txt");
        var old = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = sua, DocumentType = "Delibera", Tags = "neve" }, Encoding.UTF8.GetBytes($"{word} tre"), "c.txt");
        await using (var db = await factory.CreateSystemDbAsync())
            await db.Documents.Where(d => d.Id == old).ExecuteUpdateAsync(s => s.SetProperty(d => d.UpdatedAtUtc, new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc)));

        async Task<int[]> Ids(DocumentSearchQuery q) => (await factory.AsAsync(Sua, s => s.SearchAsync(q))).Select(h => h.DocumentId).Order().ToArray();

        Assert.Equal(new[] { delibera, bando, old }.Order(), await Ids(new DocumentSearchQuery(word)));
        Assert.Equal([bando], await Ids(new DocumentSearchQuery(word) { WorkspaceId = europa }));
        Assert.Equal(new[] { delibera, old }.Order(), await Ids(new DocumentSearchQuery(word) { DocumentType = "Delibera" }));
        Assert.Equal(new[] { delibera, bando }.Order(), await Ids(new DocumentSearchQuery(word) { Tags = ["Strade"] }));
        Assert.Equal([delibera], await Ids(new DocumentSearchQuery(word) { Tags = ["strade", "neve"] }));
        // "nev" is not a tag: tags match whole, not as substrings.
        Assert.Empty(await Ids(new DocumentSearchQuery(word) { Tags = ["nev"] }));
        // Italian calendar days, both ends included: 10/03/2025 09:00 UTC is 10:00 in Rome.
        Assert.Equal([old], await Ids(new DocumentSearchQuery(word) { UpdatedFrom = new DateOnly(2025, 3, 10), UpdatedTo = new DateOnly(2025, 3, 10) }));
        Assert.Equal(new[] { delibera, bando }.Order(), await Ids(new DocumentSearchQuery(word) { UpdatedFrom = new DateOnly(2025, 3, 11) }));
        Assert.Empty(await Ids(new DocumentSearchQuery(word) { UpdatedTo = new DateOnly(2025, 3, 9) }));
        var ex = await Assert.ThrowsAsync<DocumentValidationException>(() => Ids(new DocumentSearchQuery(word) { UpdatedFrom = new DateOnly(2025, 3, 10), UpdatedTo = new DateOnly(2025, 3, 1) }));
        Assert.Contains("data finale precede", ex.Message);
        // Another Province's user never sees them, whatever the filters.
        Assert.Empty(await factory.AsAsync(SuaBrescia, s => s.SearchAsync(new DocumentSearchQuery(word) { Tags = ["strade"] })));
    }

    [Fact]
    public async Task Citta_FindsCittaWithAccent_InTitleAndContent()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var inBody = await factory.UploadAsync(Sua, ws, "mobilita.txt", "Piano urbano: la città di Castelfranco Veneto e la sua viabilità");
        var inTitle = await factory.UploadAsync(Sua, ws, "titolo.txt", "nessuna parola accentata", "Regolamento della Città metropolitana");
        var hits = await factory.AsAsync(Sua, s => s.SearchAsync("citta"));
        Assert.Contains(hits, h => h.DocumentId == inBody && h.Snippet.Contains(DocumentSearchSql.MarkStart + "città" + DocumentSearchSql.MarkEnd));
        Assert.Contains(hits, h => h.DocumentId == inTitle);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("viabilita Castelfranco")), h => h.DocumentId == inBody);
    }

    [Fact]
    public async Task DescriptionEdit_KeepsTheExtractedText_AndIsSearchable()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var word = "contenuto" + Guid.NewGuid().ToString("N")[..8];
        var id = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws, Title = "Nota", Description = "prima descrizione" }, Encoding.UTF8.GetBytes(word), "nota.txt");
        await factory.AsAsync(Sua, async s => { await s.UpdateAsync(id, "Nota", null, "descrizione rivista ponteggi", null, null, null, null); return 0; });
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("ponteggi")), h => h.DocumentId == id);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync(word)), h => h.DocumentId == id);
        Assert.DoesNotContain(await factory.AsAsync(Sua, s => s.SearchAsync("prima descrizione")), h => h.DocumentId == id);
    }

    [Fact]
    public async Task PendingVersions_AreFoundInTheDatabase_NotOnlyThroughTheSignal()
    {
        // As after a restart: a version left "InAttesa" with nobody nudging the indexer.
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var word = "riavvio" + Guid.NewGuid().ToString("N")[..8];
        var id = await factory.UploadAsync(Sua, ws, "riavvio.txt", word);
        await using (var db = await factory.CreateSystemDbAsync())
        {
            await db.DocumentVersions.Where(v => v.DocumentId == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.ExtractionStatus, ExtractionStatus.InAttesa));
            await db.DocumentTexts.Where(t => t.DocumentId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Body, ""));
        }
        var indexer = factory.Services.GetService(typeof(DocumentIndexer)) as DocumentIndexer;
        await indexer!.IndexPendingAsync(CancellationToken.None);
        Assert.Equal(ExtractionStatus.Indicizzato, await factory.WaitIndexedAsync(id));
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync(word)), h => h.DocumentId == id);
    }
}

public sealed class DocumentSnippetTests
{
    private const char S = DocumentSearchSql.MarkStart;
    private const char E = DocumentSearchSql.MarkEnd;

    [Fact]
    public void MarksPrefixMatches_IgnoringAccentsAndCase_InTheBestWindow()
    {
        var body = string.Join(" ", Enumerable.Range(0, 40).Select(i => "parola" + i)) + " La Città di Treviso e la viabilità cittadina. " + string.Join(" ", Enumerable.Range(0, 40).Select(i => "coda" + i));
        var snippet = DocumentSnippet.Build(body, ["citta", "viabil"]);
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains($"{S}Città{E} di Treviso e la {S}viabilità{E} {S}cittadina{E}", snippet);
        Assert.DoesNotContain("parola0 ", snippet);
    }

    [Fact]
    public void NoMatchInBody_StartOfTheText_Unmarked()
    {
        Assert.Equal("Testo breve senza corrispondenze", DocumentSnippet.Build("Testo breve senza corrispondenze", ["titolo"]));
        Assert.Equal("", DocumentSnippet.Build("", ["x"]));
    }
}
