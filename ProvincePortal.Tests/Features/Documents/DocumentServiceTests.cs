using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>The document library on the real database and the real local store.</summary>
public sealed class DocumentServiceTests(DocumentsFactory factory) : IClassFixture<DocumentsFactory>
{
    private const string Sua = "sua@demo.it";
    private const string SuaBrescia = "sua.bs@demo.it";
    private const string Comune = "comune@demo.it";
    private const string ProvinceAdmin = "provincia@demo.it";

    [Fact]
    public async Task Versions_AddAndRestore_KeepHistoryAndServeEachVersion()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, ws, "capitolato.txt", "prima stesura");
        var second = await factory.AsAsync(Sua, s => s.AddVersionAsync(id, DocumentsFactory.Utf8("seconda stesura"), "capitolato.txt", "revisione"));
        Assert.Equal(2, second);
        Assert.Equal(ExtractionStatus.Indicizzato, await factory.WaitIndexedAsync(id));
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("seconda stesura")), h => h.DocumentId == id);

        var restored = await factory.AsAsync(Sua, s => s.RestoreVersionAsync(id, 1));
        Assert.Equal(3, restored);
        Assert.Equal(ExtractionStatus.Indicizzato, await factory.WaitIndexedAsync(id));
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("prima stesura")), h => h.DocumentId == id);
        Assert.DoesNotContain(await factory.AsAsync(Sua, s => s.SearchAsync("seconda stesura")), h => h.DocumentId == id);

        var versions = await factory.AsAsync(Sua, s => s.ListVersionsAsync(id));
        Assert.Equal([3, 2, 1], versions.Select(v => v.Number));
        Assert.Equal("Ripristino della versione 1", versions[0].Comment);
        Assert.Equal(versions[2].Sha256, versions[0].Sha256);
        Assert.Equal("revisione", versions[1].Comment);
        Assert.Equal(Encoding.UTF8.GetByteCount("seconda stesura"), versions[1].SizeBytes);
        Assert.Equal("Silvia Stazione Appaltante", versions[1].AuthorName);

        var current = await factory.AsAsync(Sua, s => s.OpenVersionAsync(id, null));
        Assert.Equal("prima stesura", await DocumentsFactory.ReadAllAsync(current!.Content));
        var v2 = await factory.AsAsync(Sua, s => s.OpenVersionAsync(id, 2));
        Assert.Equal("seconda stesura", await DocumentsFactory.ReadAllAsync(v2!.Content));
        Assert.Equal(3, (await factory.AsAsync(Sua, s => s.GetDocumentAsync(id)))!.CurrentVersionNumber);
    }

    [Fact]
    public async Task Upload_IsAudited_ButTheExtractedTextIsNotCopiedIntoTheAuditTrail()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, ws, "verbale-audit.txt", "testo estratto che non deve finire nel registro");

        await using var db = await factory.CreateSystemDbAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.Entity == "Document").Select(a => a.EntityKey).ToListAsync(), k => k == id.ToString());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Entity == "DocumentText"));
        Assert.False(await db.AuditFieldChanges.AnyAsync(c => c.NewValue != null && c.NewValue.Contains("non deve finire nel registro")));
    }

    [Fact]
    public async Task Trash_DeleteRestorePurge_OnlyAdministratorsRestoreAndPurge()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, ws, "da-cestinare.txt", "contenuto unico da cestinare " + Guid.NewGuid());
        await factory.AsAsync(Sua, async s => { await s.DeleteAsync(id); return 0; });

        Assert.Null(await factory.AsAsync(Sua, s => s.GetDocumentAsync(id)));
        Assert.DoesNotContain(id, (await factory.AsAsync(Sua, s => s.ListDocumentsAsync(ws, null, 0, 100))).Items.Select(d => d.Id));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => factory.AsAsync(Sua, async s => { await s.RestoreFromTrashAsync(id); return 0; }));
        Assert.Contains(id, (await factory.AsAsync(ProvinceAdmin, s => s.ListTrashAsync(0, 100))).Items.Select(t => t.Id));

        await factory.AsAsync(ProvinceAdmin, async s => { await s.RestoreFromTrashAsync(id); return 0; });
        Assert.NotNull(await factory.AsAsync(Sua, s => s.GetDocumentAsync(id)));

        await factory.AsAsync(Sua, async s => { await s.DeleteAsync(id); return 0; });
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => factory.AsAsync(Sua, async s => { await s.PurgeAsync(id); return 0; }));
        var sha = (await factory.AsAsync(ProvinceAdmin, s => s.ListVersionsAsync(id)))[0].Sha256;
        await factory.AsAsync(ProvinceAdmin, async s => { await s.PurgeAsync(id); return 0; });

        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.Documents.AnyAsync(d => d.Id == id));
        Assert.False(await db.DocumentVersions.AnyAsync(v => v.DocumentId == id));
        Assert.False(File.Exists(factory.Services.GetRequiredService<LocalDocumentStore>().PathOf(sha)));
    }

    [Fact]
    public async Task PermanentLink_SurvivesMoveAndRename()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, ws, "bando.txt", "bando di gara");
        await factory.AsAsync(Sua, s => s.AddVersionAsync(id, DocumentsFactory.Utf8("bando di gara v2"), "bando.txt", null));
        var folder = await factory.AsAsync(Sua, s => s.CreateFolderAsync(ws, null, "Archivio 2026"));
        await factory.AsAsync(Sua, async s => { await s.UpdateAsync(id, "Bando rinominato", folder.Id, null, "Bando", "gara, lavori", null, null); return 0; });

        var client = await factory.LoginAsync(Sua);
        var page = await client.GetAsync($"/documenti/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var v1 = await client.GetAsync($"/documenti/{id}/versioni/1");
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("bando di gara", await v1.Content.ReadAsStringAsync());
        Assert.Equal("bando.txt", v1.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("bando di gara v2", await client.GetStringAsync($"/documenti/{id}/scarica"));
        var details = await factory.AsAsync(Sua, s => s.GetDocumentAsync(id));
        Assert.Equal(("Bando rinominato", folder.Id, "gara, lavori"), (details!.Title, details.FolderId, details.Tags));
    }

    [Fact]
    public async Task Isolation_OtherProvinceGetsNotFound_ComuneSeesOnlyItsWorkspaceAndNationalModels()
    {
        var sua = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var tvDocument = await factory.UploadAsync(Sua, sua, "riservato.txt", "documento riservato di Treviso");
        var national = await factory.WorkspaceAsync(ProvinceAdmin, WorkspaceKind.Nazionale);
        var model = await factory.UploadAsync(ProvinceAdmin, national, "modello.txt", "modello condiviso nazionale");

        // Another Province: nothing, whether through the service, the download endpoint or the workspace listing.
        Assert.Null(await factory.AsAsync(SuaBrescia, s => s.GetDocumentAsync(tvDocument)));
        Assert.Null(await factory.AsAsync(SuaBrescia, s => s.OpenVersionAsync(tvDocument, 1)));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => factory.AsAsync(SuaBrescia, s => s.ListDocumentsAsync(sua, null, 0, 10)));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => factory.AsAsync(SuaBrescia, s => s.AddVersionAsync(tvDocument, DocumentsFactory.Utf8("x"), "x.txt", null)));
        var brescia = await factory.LoginAsync(SuaBrescia);
        Assert.Equal(HttpStatusCode.NotFound, (await brescia.GetAsync($"/documenti/{tvDocument}/scarica")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await brescia.GetAsync($"/documenti/{tvDocument}/versioni/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await brescia.GetAsync($"/documenti/{tvDocument}")).StatusCode);
        Assert.NotNull(await factory.AsAsync(SuaBrescia, s => s.GetDocumentAsync(model)));

        // Utente Comune: its Comune workspace and the national models, not the SUA workspace.
        var comuneWorkspaces = await factory.AsAsync(Comune, s => s.ListWorkspacesAsync());
        Assert.Equal([WorkspaceKind.Comune, WorkspaceKind.Nazionale], comuneWorkspaces.Select(w => w.Kind).Order());
        Assert.Null(await factory.AsAsync(Comune, s => s.GetDocumentAsync(tvDocument)));
        Assert.NotNull(await factory.AsAsync(Comune, s => s.GetDocumentAsync(model)));
        Assert.False(comuneWorkspaces.Single(w => w.Kind == WorkspaceKind.Nazionale).CanWrite);
        var refused = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.UploadAsync(Comune, national, "mio.txt", "no"));
        Assert.Contains("Non è consentito", refused.Message);

        // The Comune workspace is shared with its Province, not with another one.
        var comuneWs = comuneWorkspaces.Single(w => w.Kind == WorkspaceKind.Comune).Id;
        var shared = await factory.UploadAsync(Comune, comuneWs, "istanza.txt", "istanza del Comune");
        Assert.NotNull(await factory.AsAsync(Sua, s => s.GetDocumentAsync(shared)));
        Assert.Null(await factory.AsAsync(SuaBrescia, s => s.GetDocumentAsync(shared)));
    }

    [Fact]
    public async Task Search_IgnoresAccents_RanksReadableDocumentsOnly_WithSnippet()
    {
        var sua = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, sua, "citta.md", "# Piano\nLa città metropolitana approva il piano della mobilità ciclabile.", "Piano della mobilità");
        var html = await factory.UploadAsync(Sua, sua, "pagina.html", "<html><body><script>var nascosto='zzzscript';</script><p>Ciclabile &amp; città</p></body></html>");

        var hits = await factory.AsAsync(Sua, s => s.SearchAsync("citta ciclabile"));
        Assert.Contains(hits, h => h.DocumentId == id);
        var hit = hits.First(h => h.DocumentId == id);
        Assert.Contains($"{DocumentSearchSql.MarkStart}città{DocumentSearchSql.MarkEnd}", hit.Snippet);
        Assert.Contains(hits, h => h.DocumentId == html);
        Assert.Empty(await factory.AsAsync(Sua, s => s.SearchAsync("zzzscript")));

        Assert.DoesNotContain(await factory.AsAsync(SuaBrescia, s => s.SearchAsync("citta ciclabile")), h => h.DocumentId == id);
        Assert.DoesNotContain(await factory.AsAsync(Comune, s => s.SearchAsync("citta ciclabile")), h => h.DocumentId == id);

        await factory.AsAsync(Sua, async s => { await s.DeleteAsync(id); return 0; });
        Assert.DoesNotContain(await factory.AsAsync(Sua, s => s.SearchAsync("citta")), h => h.DocumentId == id);
    }

    [Fact]
    public async Task Extraction_TxtAndPdf_AreIndexed_BrokenPdfStillUploadsAsNotIndexed()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var txt = await factory.UploadAsync(Sua, ws, "nota.txt", "Verbale sulla manutenzione stradale invernale");
        var pdf = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws }, DocumentsFactory.MinimalPdf("Relazione sulla viabilita provinciale"), "relazione.pdf");
        var broken = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws }, Encoding.UTF8.GetBytes("%PDF-1.4 questo non è un PDF vero"), "rotto.pdf");

        Assert.Equal(ExtractionStatus.Indicizzato, (await factory.AsAsync(Sua, s => s.ListVersionsAsync(txt)))[0].ExtractionStatus);
        Assert.Equal(ExtractionStatus.Indicizzato, (await factory.AsAsync(Sua, s => s.ListVersionsAsync(pdf)))[0].ExtractionStatus);
        Assert.Equal(ExtractionStatus.NonIndicizzato, (await factory.AsAsync(Sua, s => s.ListVersionsAsync(broken)))[0].ExtractionStatus);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("manutenzione")), h => h.DocumentId == txt);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("viabilita")), h => h.DocumentId == pdf);
    }

    [Theory]
    [InlineData("vuoto.txt", "", "è vuoto")]
    [InlineData("programma.exe", "MZ", "«.exe»")]
    [InlineData("falso.pdf", "non sono un pdf", "non corrisponde all'estensione «.pdf»")]
    [InlineData("falso.docx", "testo", "non corrisponde")]
    [InlineData("senza-estensione", "testo", "non ha estensione")]
    public async Task Create_BadInput_RefusedWithReason_NothingStored(string fileName, string content, string expected)
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var before = await CountAsync();
        var ex = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.UploadAsync(Sua, ws, fileName, content));
        Assert.Contains(expected, ex.Message);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Create_TooBig_RefusedBeforeStoring_AndInvalidUtf8Refused()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var before = await CountAsync();
        var big = new MemoryStream(Enumerable.Repeat((byte)'a', (int)DocumentsFactory.Limit + 1).ToArray());
        var ex = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.AsAsync(Sua, s => s.CreateAsync(new NewDocument { WorkspaceId = ws }, big, "grande.txt")));
        Assert.Contains("dimensione massima", ex.Message);
        var latin1 = new MemoryStream([0x63, 0x69, 0x74, 0x74, 0xE0]);
        var bad = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.AsAsync(Sua, s => s.CreateAsync(new NewDocument { WorkspaceId = ws }, latin1, "latin1.txt")));
        Assert.Contains("UTF-8", bad.Message);
        Assert.Equal(before, await CountAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(factory.Database.DataDirectory, "documents", "tmp")));
    }

    [Theory]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("C:\\Windows\\system32\\note.txt", "note.txt")]
    [InlineData("re\u0001port\t.txt", "report.txt")]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("a<b>:c?.txt", "abc.txt")]
    public void SanitizeFileName_RemovesPathsControlsAndReservedNames(string input, string expected) =>
        Assert.Equal(expected, DocumentRules.SanitizeFileName(input));

    [Fact]
    public async Task Create_PathInFileName_StoredWithSanitizedName()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, ws, "../../segreti/verbale.txt", "verbale");
        Assert.Equal("verbale.txt", (await factory.AsAsync(Sua, s => s.ListVersionsAsync(id)))[0].OriginalFileName);
    }

    [Fact]
    public async Task IdenticalBytes_StoredOnce()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var text = "stesso contenuto " + Guid.NewGuid();
        var a = await factory.UploadAsync(Sua, ws, "uno.txt", text);
        var b = await factory.UploadAsync(Sua, ws, "due.txt", text);
        var shaA = (await factory.AsAsync(Sua, s => s.ListVersionsAsync(a)))[0].Sha256;
        var shaB = (await factory.AsAsync(Sua, s => s.ListVersionsAsync(b)))[0].Sha256;
        Assert.Equal(shaA, shaB);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant(), shaA);
        var root = Path.Combine(factory.Database.DataDirectory, "documents");
        Assert.Single(Directory.EnumerateFiles(root, shaA, SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(root, shaA[..2], shaA[2..4], shaA)));
    }

    [Fact]
    public async Task Pages_RenderForTheirUsers_SearchPageHighlightsMatches()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        await factory.UploadAsync(Sua, ws, "parcheggi.txt", "Regolamento dei parcheggi della città di Treviso", "Regolamento parcheggi");
        var sua = await factory.LoginAsync(Sua);

        var explorerResponse = await sua.GetAsync($"/documenti?spazio={ws}");
        var explorer = await explorerResponse.Content.ReadAsStringAsync();
        Assert.True(explorerResponse.IsSuccessStatusCode, explorer[..Math.Min(3000, explorer.Length)]);
        Assert.Contains("Stazione Unica Appaltante (TV)", explorer);
        var search = await sua.GetStringAsync("/documenti/cerca?q=citta%20parcheggi");
        Assert.Contains("Regolamento parcheggi", search);
        // The renderer encodes non-ASCII letters (à as &#xE0;): the mark wraps the accented word found by "citta".
        Assert.Matches("<mark>citt(à|&#xE0;)</mark>", search);
        Assert.DoesNotContain("Regolamento parcheggi", await (await factory.LoginAsync(SuaBrescia)).GetStringAsync("/documenti/cerca?q=parcheggi"));

        Assert.Contains("Cestino dei documenti", await (await factory.LoginAsync(ProvinceAdmin)).GetStringAsync("/documenti/cestino"));
        var refused = await sua.GetAsync("/documenti/cestino");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/accesso-negato", refused.Headers.Location?.PathAndQuery);
    }

    private async Task<int> CountAsync()
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.DocumentVersions.CountAsync();
    }
}
