using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Documents;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>The app with Documents:Store=S3 against a fake S3-compatible service on 127.0.0.1.</summary>
public sealed class S3DocumentsFactory : DocumentsFactory
{
    public FakeS3Server S3 { get; } = FakeS3Server.StartAsync().GetAwaiter().GetResult();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Documents:MaxUploadBytes", (32 * 1024 * 1024).ToString()),
        new("Documents:Store", "S3"),
        new("Documents:S3:ServiceUrl", S3.ServiceUrl),
        new("Documents:S3:BucketName", FakeS3Server.Bucket),
        new("Documents:S3:AccessKey", FakeS3Server.AccessKey),
        new("Documents:S3:SecretKey", FakeS3Server.SecretKey),
        new("Documents:S3:Region", "us-east-1"),
        new("Documents:S3:ForcePathStyle", "true"),
    ];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) S3.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

public sealed class S3DocumentStoreTests(S3DocumentsFactory factory) : IClassFixture<S3DocumentsFactory>
{
    private const string Sua = "sua@demo.it";
    private const string ProvinceAdmin = "provincia@demo.it";

    [Fact]
    public async Task UploadDedupDownloadRestoreAndPurge_GoThroughTheBucket()
    {
        Assert.IsType<S3DocumentStore>(factory.Services.GetRequiredService<IDocumentStore>());
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var text = "Convenzione per il servizio di sgombero neve " + Guid.NewGuid();
        var sha = Sha(text);
        var key = S3DocumentStore.KeyOf(sha);
        Assert.Equal($"documents/{sha[..2]}/{sha[2..4]}/{sha}", key);

        var first = await factory.UploadAsync(Sua, ws, "convenzione.txt", text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), factory.S3.Objects[key]);
        // Indexed from the object read back from the bucket.
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("sgombero")), h => h.DocumentId == first);

        // Same bytes again: one HEAD finds the object, no second PUT.
        var putsBefore = factory.S3.Requests.Count(r => r.StartsWith($"PUT /{FakeS3Server.Bucket}/{key}"));
        var second = await factory.UploadAsync(Sua, ws, "copia.txt", text);
        Assert.Equal(putsBefore, factory.S3.Requests.Count(r => r.StartsWith($"PUT /{FakeS3Server.Bucket}/{key}")));
        Assert.Single(factory.S3.Objects.Keys, k => k == key);

        var download = await factory.AsAsync(Sua, s => s.OpenVersionAsync(second, null));
        Assert.Equal(text, await DocumentsFactory.ReadAllAsync(download!.Content));

        // A new version, then the first one restored: its bytes come from the same object.
        await factory.AsAsync(Sua, s => s.AddVersionAsync(first, DocumentsFactory.Utf8("seconda stesura " + Guid.NewGuid()), "convenzione.txt", null));
        var restored = await factory.AsAsync(Sua, s => s.RestoreVersionAsync(first, 1));
        Assert.Equal(ExtractionStatus.Indicizzato, await factory.WaitIndexedAsync(first));
        Assert.Equal(text, await DocumentsFactory.ReadAllAsync((await factory.AsAsync(Sua, s => s.OpenVersionAsync(first, restored)))!.Content));
        var v2Sha = (await factory.AsAsync(Sua, s => s.ListVersionsAsync(first))).Single(v => v.Number == 2).Sha256;

        // Purge of the first document: its version-2 object goes, the shared one stays for the second document.
        await factory.AsAsync(Sua, async s => { await s.DeleteAsync(first); return 0; });
        await factory.AsAsync(ProvinceAdmin, async s => { await s.PurgeAsync(first); return 0; });
        Assert.False(factory.S3.Objects.ContainsKey(S3DocumentStore.KeyOf(v2Sha)));
        Assert.True(factory.S3.Objects.ContainsKey(key));
        await factory.AsAsync(Sua, async s => { await s.DeleteAsync(second); return 0; });
        await factory.AsAsync(ProvinceAdmin, async s => { await s.PurgeAsync(second); return 0; });
        Assert.False(factory.S3.Objects.ContainsKey(key));
        Assert.Equal(0, factory.S3.Unauthorized);
    }

    [Fact]
    public async Task BigFile_UsesMultipartUpload_AndReadsBackWhole()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        // Above TransferUtility's 16 MB threshold: sent in parts.
        var line = Encoding.UTF8.GetBytes("registro delle manutenzioni stradali " + Guid.NewGuid() + "\n");
        var bytes = new byte[17 * 1024 * 1024];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = line[i % line.Length];
        bytes[^1] = (byte)'\n';
        var id = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws }, bytes, "registro.txt");
        var sha = (await factory.AsAsync(Sua, s => s.ListVersionsAsync(id)))[0].Sha256;

        Assert.Contains(factory.S3.Requests, r => r.StartsWith("POST ") && r.EndsWith("?uploads"));
        Assert.True(factory.S3.Requests.Count(r => r.StartsWith("PUT ") && r.Contains("partNumber=")) >= 2);
        Assert.Equal(bytes, factory.S3.Objects[S3DocumentStore.KeyOf(sha)]);
        var download = await factory.AsAsync(Sua, s => s.OpenVersionAsync(id, null));
        await using var stream = download!.Content;
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms);
        Assert.Equal(bytes.Length, ms.Length);
        Assert.Contains(await factory.AsAsync(Sua, s => s.SearchAsync("manutenzioni stradali")), h => h.DocumentId == id);
    }

    [Fact]
    public async Task CorruptDocx_FromTheBucket_IsFlaggedNotIndexed()
    {
        var ws = await factory.WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var id = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws, Title = "Allegato danneggiato s3" }, SampleFiles.CorruptDocx(), "allegato.docx");
        Assert.Equal(ExtractionStatus.NonIndicizzato, (await factory.AsAsync(Sua, s => s.ListVersionsAsync(id)))[0].ExtractionStatus);
        // A good DOCX read from a non-seekable S3 stream (spooled to a temporary file) is indexed.
        var ok = await factory.UploadAsync(Sua, new NewDocument { WorkspaceId = ws }, SampleFiles.Docx("paratoie idrauliche", "x", "y", "z"), "paratoie.docx");
        Assert.Equal(ExtractionStatus.Indicizzato, (await factory.AsAsync(Sua, s => s.ListVersionsAsync(ok)))[0].ExtractionStatus);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(factory.Database.DataDirectory, "documents", "tmp")));
    }

    private static string Sha(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}

public sealed class S3ConfigurationTests
{
    private sealed class IncompleteS3Factory : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
            [new("Documents:Store", "S3"), new("Documents:S3:ServiceUrl", "http://127.0.0.1:1"), new("Documents:S3:AccessKey", "x")];
    }

    [Fact]
    public void S3Chosen_ButIncomplete_StopsStartUpWithTheMissingKeys()
    {
        using var factory = new IncompleteS3Factory();
        var ex = Assert.ThrowsAny<Exception>(() => factory.Services);
        var message = ex is InvalidOperationException ? ex.Message : ex.InnerException?.Message ?? ex.Message;
        Assert.Contains("Documents:Store è «S3» ma la configurazione è incompleta", message);
        Assert.Contains("Documents:S3:BucketName", message);
        Assert.Contains("Documents:S3:SecretKey", message);
        Assert.DoesNotContain("Documents:S3:AccessKey", message);
    }
}
