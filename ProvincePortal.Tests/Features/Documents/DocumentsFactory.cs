using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Documents;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>The app with a small upload limit (64 KB) so that "too big" is cheap to test.</summary>
public class DocumentsFactory : PortalFactory
{
    public const long Limit = 64 * 1024;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Documents:MaxUploadBytes", Limit.ToString())];

    public Task<T> AsAsync<T>(string email, Func<DocumentService, Task<T>> action) =>
        AsUserAsync(email, sp => action(sp.GetRequiredService<DocumentService>()));

    /// <summary>The id of a workspace of the given kind as the user sees it (service workspaces are created on first listing).</summary>
    public Task<int> WorkspaceAsync(string email, WorkspaceKind kind) =>
        AsAsync(email, async s => (await s.ListWorkspacesAsync()).First(w => w.Kind == kind).Id);

    /// <summary>Uploads and waits until the background indexer has read the text (so that content searches see it).</summary>
    public Task<int> UploadAsync(string email, int workspaceId, string fileName, string text, string? title = null) =>
        UploadAsync(email, new NewDocument { WorkspaceId = workspaceId, Title = title }, Encoding.UTF8.GetBytes(text), fileName);

    public async Task<int> UploadAsync(string email, NewDocument request, byte[] content, string fileName)
    {
        var id = await AsAsync(email, s => s.CreateAsync(request, new MemoryStream(content), fileName));
        await WaitIndexedAsync(id);
        return id;
    }

    /// <summary>Polls until the current version of the document has left "InAttesa"; returns its final status.</summary>
    public async Task<ExtractionStatus> WaitIndexedAsync(int documentId, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            await using (var db = await CreateSystemDbAsync())
            {
                var current = await db.Documents.Where(d => d.Id == documentId).Select(d => d.CurrentVersionNumber).FirstAsync();
                var status = await db.DocumentVersions.Where(v => v.DocumentId == documentId && v.Number == current).Select(v => v.ExtractionStatus).FirstAsync();
                if (status != ExtractionStatus.InAttesa) return status;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Il documento {documentId} è ancora in attesa di indicizzazione dopo {timeoutSeconds} s.");
            await Task.Delay(50);
        }
    }

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static async Task<string> ReadAllAsync(Stream s)
    {
        await using (s)
        using (var reader = new StreamReader(s)) return await reader.ReadToEndAsync();
    }

    /// <summary>A one-page PDF written by hand (Helvetica, no embedded font), with a correct cross-reference table.</summary>
    public static byte[] MinimalPdf(string text)
    {
        var content = $"BT /F1 18 Tf 72 720 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(sb.Length);
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = sb.Length;
        sb.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
