using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Documents;

/// <summary>Wakes the indexer after an upload. Only a nudge: the work list is the database (versions "InAttesa").</summary>
public sealed class DocumentIndexSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Returns when notified or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try { await channel.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}

/// <summary>
/// Extracts the text of uploaded versions in the background, so that an upload never waits for (or fails because of)
/// a slow or malformed file. Restart-safe: it picks the versions still "InAttesa" from the database at start and after
/// every nudge, and polls now and then for versions left by another app server.
/// </summary>
public sealed class DocumentIndexer(
    IDbContextFactory<PortalDbContext> dbFactory, IDocumentStore store, DocumentIndexSignal signal, DataOptions data,
    ILogger<DocumentIndexer> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private const int BatchSize = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int done;
            try
            {
                done = await IndexPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be migrating or briefly unavailable: try again at the next nudge or poll.
                logger.LogWarning(ex, "Indicizzazione dei documenti non riuscita; nuovo tentativo più tardi");
                done = 0;
            }
            if (done == 0) await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }

    /// <summary>Indexes up to one batch of waiting versions; returns how many it handled.</summary>
    public async Task<int> IndexPendingAsync(CancellationToken ct)
    {
        List<PendingVersion> pending;
        await using (var db = await CreateDbAsync(ct))
        {
            pending = await db.DocumentVersions.AsNoTracking().Where(v => v.ExtractionStatus == ExtractionStatus.InAttesa)
                .OrderBy(v => v.Id).Take(BatchSize)
                .Select(v => new PendingVersion(v.Id, v.DocumentId, v.Number, v.Sha256, v.OriginalFileName)).ToListAsync(ct);
        }
        foreach (var v in pending) await IndexAsync(v, ct);
        return pending.Count;
    }

    private async Task IndexAsync(PendingVersion v, CancellationToken ct)
    {
        var ext = DocumentRules.ExtensionOf(v.FileName);
        ExtractionStatus status;
        string? text = null;
        if (!TextExtractor.CanExtract(ext)) status = ExtractionStatus.NonApplicabile;
        else
        {
            try
            {
                text = await ExtractAsync(v, ext, ct);
                status = text is null ? ExtractionStatus.NonIndicizzato : ExtractionStatus.Indicizzato;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Estrazione del testo non riuscita per il documento {DocumentId} versione {Number} ({FileName}): cercabile solo per titolo, etichette e descrizione",
                    v.DocumentId, v.Number, v.FileName);
                status = ExtractionStatus.NonIndicizzato;
            }
        }
        await SaveAsync(v, status, text ?? "", ct);
    }

    /// <summary>Null when the stored bytes are missing. Non-seekable streams (S3) go through a temporary file for ZIP formats.</summary>
    private async Task<string?> ExtractAsync(PendingVersion v, string ext, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(v.Sha256, ct);
        if (stream is null)
        {
            logger.LogError("Contenuto mancante nell'archivio: documento {DocumentId} versione {Number} ({Sha256})", v.DocumentId, v.Number, v.Sha256);
            return null;
        }
        if (stream.CanSeek || !TextExtractor.NeedsSeekableStream(ext))
            return await Task.Run(() => TextExtractor.Extract(ext, stream, ct), ct);

        var tmpDir = Path.Combine(data.DataDirectory, "documents", "tmp");
        Directory.CreateDirectory(tmpDir);
        var tempPath = Path.Combine(tmpDir, Guid.NewGuid().ToString("N") + ".extract");
        try
        {
            await using var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await stream.CopyToAsync(file, ct);
            file.Position = 0;
            return await Task.Run(() => TextExtractor.Extract(ext, file, ct), ct);
        }
        finally
        {
            try { File.Delete(tempPath); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Sets the status and, only if the version is still the document's current one, its text. The condition is part of
    /// the UPDATE itself, so an upload of a newer version in the meantime is never overwritten by an older text.
    /// </summary>
    private async Task SaveAsync(PendingVersion v, ExtractionStatus status, string text, CancellationToken ct)
    {
        await using var db = await CreateDbAsync(ct);
        // Description edits rewrite the body too: retry when one slipped in between reading it and writing.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var doc = await db.Documents.AsNoTracking().Where(d => d.Id == v.DocumentId)
                .Select(d => new { d.CurrentVersionNumber, d.Description }).FirstOrDefaultAsync(ct);
            if (doc is null || doc.CurrentVersionNumber != v.Number) break;
            var body = DocumentService.ComposeBody(doc.Description, text);
            var description = doc.Description;
            var updated = await db.DocumentTexts
                .Where(t => t.DocumentId == v.DocumentId
                    && db.Documents.Any(d => d.Id == v.DocumentId && d.CurrentVersionNumber == v.Number && d.Description == description))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Body, body), ct);
            if (updated > 0) break;
        }
        // Not through SaveChanges: a machine's status change is not a user's edit for the audit trail.
        await db.DocumentVersions.Where(x => x.Id == v.Id && x.ExtractionStatus == ExtractionStatus.InAttesa)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExtractionStatus, status), ct);
    }

    private async Task<PortalDbContext> CreateDbAsync(CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        return db;
    }

    private sealed record PendingVersion(int Id, int DocumentId, int Number, string Sha256, string FileName);
}
