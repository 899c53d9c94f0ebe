using System.Security.Cryptography;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Documents;

/// <summary>
/// Where the bytes of versions live, addressed by their SHA-256 so that identical files are stored once.
/// Uploads are first staged to a local temporary file (hashed and counted while streaming, then validated);
/// only a validated file is committed. Implementations: <see cref="LocalDocumentStore"/> and
/// <see cref="S3DocumentStore"/> (several app servers sharing one bucket).
/// </summary>
public interface IDocumentStore
{
    /// <summary>Copies <paramref name="content"/> to a temporary file, hashing it; throws <see cref="DocumentValidationException"/> past <paramref name="maxBytes"/>.</summary>
    Task<StagedContent> StageAsync(Stream content, long maxBytes, CancellationToken ct);

    /// <summary>Makes the staged bytes permanent under their hash (nothing to do when the same bytes are already stored).</summary>
    Task CommitAsync(StagedContent staged, CancellationToken ct);

    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct);

    Task DeleteAsync(string sha256, CancellationToken ct);
}

/// <summary>An upload waiting in a temporary file; disposing it removes the file if it was not committed.</summary>
public sealed class StagedContent(string tempPath, string sha256, long size) : IDisposable
{
    public string TempPath { get; } = tempPath;
    public string Sha256 { get; } = sha256;
    public long Size { get; } = size;

    public Stream OpenRead() => new FileStream(TempPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    public void Dispose()
    {
        try { if (File.Exists(TempPath)) File.Delete(TempPath); } catch (IOException) { }
    }
}

/// <summary>Copies an upload to a temporary file, hashing and counting it on the way; shared by every store.</summary>
public static class DocumentStaging
{
    public static async Task<StagedContent> StageAsync(string tmpDir, Stream content, long maxBytes, CancellationToken ct)
    {
        Directory.CreateDirectory(tmpDir);
        var tempPath = Path.Combine(tmpDir, Guid.NewGuid().ToString("N") + ".part");
        long size = 0;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    // Stop as soon as the limit is passed: a 5 GB upload must not fill the disk before being refused.
                    if (size > maxBytes)
                        throw new DocumentValidationException($"Il file supera la dimensione massima consentita di {DocumentRules.FormatSize(maxBytes)}.");
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return new StagedContent(tempPath, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), size);
        }
        catch
        {
            try { File.Delete(tempPath); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>documents/ab/cd/&lt;sha256&gt;: the same layout for files on disk and object keys.</summary>
    public static string RelativePathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new ArgumentException("Impronta SHA-256 non valida.", nameof(sha256));
        return $"{sha256[..2]}/{sha256[2..4]}/{sha256}";
    }
}

/// <summary>Files under {DataDirectory}/documents/ab/cd/&lt;sha256&gt;; temporary files in documents/tmp on the same volume so that the final move is atomic.</summary>
public sealed class LocalDocumentStore(DataOptions data) : IDocumentStore
{
    private string Root => Path.Combine(data.DataDirectory, "documents");

    public string PathOf(string sha256) => Path.Combine(Root, DocumentStaging.RelativePathOf(sha256));

    public Task<StagedContent> StageAsync(Stream content, long maxBytes, CancellationToken ct) =>
        DocumentStaging.StageAsync(Path.Combine(Root, "tmp"), content, maxBytes, ct);

    public Task CommitAsync(StagedContent staged, CancellationToken ct)
    {
        var target = PathOf(staged.Sha256);
        if (File.Exists(target)) return Task.CompletedTask;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(staged.TempPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another upload of the same bytes won the race: the content is there, identical by construction.
        }
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }
}
