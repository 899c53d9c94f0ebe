using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Documents;

public sealed record WorkspaceInfo(int Id, string Name, WorkspaceKind Kind, int? ProvinceId, int? ComuneId, bool CanWrite);
public sealed record FolderInfo(int Id, int? ParentId, string Name);
public sealed record DocumentRow(int Id, string Title, string? DocumentType, string Tags, int CurrentVersionNumber, DateTime UpdatedAtUtc, int? FolderId);
public sealed record DocumentDetails(
    int Id, WorkspaceInfo Workspace, int? FolderId, string Title, string? Description, string? DocumentType, string Tags,
    DateOnly? ValidFrom, DateOnly? ValidTo, string? LinkedModule, string? LinkedRecordId, int CurrentVersionNumber,
    DateTime CreatedAtUtc, string CreatedBy, DateTime UpdatedAtUtc, DateTime? DeletedAtUtc, bool CanWrite, bool CanAdminister);
public sealed record VersionInfo(int Number, string AuthorName, DateTime CreatedAtUtc, string? Comment, long SizeBytes, string Sha256,
    string OriginalFileName, string ContentType, ExtractionStatus ExtractionStatus);
public sealed record TrashRow(int Id, string Title, string WorkspaceName, DateTime DeletedAtUtc, string? DeletedBy);
public sealed record VersionContent(Stream Content, string FileName, string ContentType, long Size);

/// <summary>What the user types when creating a document; the file name comes with the stream.</summary>
public sealed class NewDocument
{
    public int WorkspaceId { get; set; }
    public int? FolderId { get; set; }
    /// <summary>Empty: the file name without extension.</summary>
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? DocumentType { get; set; }
    public string? Tags { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? LinkedModule { get; set; }
    public string? LinkedRecordId { get; set; }
    public string? Comment { get; set; }
}

/// <summary>The document library: workspaces, folders, documents with versions, trash and search. Permissions are checked here.</summary>
public sealed partial class DocumentService(
    PortalDbFactory dbFactory, CurrentUser currentUser, IDocumentStore store, IOptions<DocumentOptions> options,
    DataOptions data, DocumentIndexSignal indexSignal, ILogger<DocumentService> logger)
{
    public const string NationalKey = "nazionale";

    public long MaxUploadBytes => options.Value.MaxUploadBytes;
    public string AcceptAttribute => string.Join(",", options.Value.AllowedExtensions.Select(e => "." + e));

    // ---------- Workspaces and folders ----------

    /// <summary>The workspaces the user reads; the Province's service workspaces and the user's Comune workspace are created on first use.</summary>
    public async Task<IReadOnlyList<WorkspaceInfo>> ListWorkspacesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await EnsureDefaultWorkspacesAsync(user, ct);
        await using var db = await dbFactory.CreateAsync(ct);
        var list = await db.Workspaces.AsNoTracking().Where(DocumentAccess.CanRead(user))
            .OrderBy(w => w.Kind == WorkspaceKind.Nazionale ? 1 : 0).ThenBy(w => w.Kind).ThenBy(w => w.Name)
            .Select(w => new { w.Id, w.Name, w.Kind, w.ProvinceId, w.ComuneId }).Take(500).ToListAsync(ct);
        return list.Select(w => new WorkspaceInfo(w.Id, w.Name, w.Kind, w.ProvinceId, w.ComuneId,
            DocumentAccess.CanWrite(user, new Workspace { Kind = w.Kind }))).ToList();
    }

    public async Task<WorkspaceInfo?> GetWorkspaceAsync(int workspaceId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var w = await db.Workspaces.AsNoTracking().Where(DocumentAccess.CanRead(user)).FirstOrDefaultAsync(x => x.Id == workspaceId, ct);
        return w is null ? null : Info(user, w);
    }

    /// <summary>Opens (creating it the first time) the workspace a Comune shares with its Province.</summary>
    public async Task<WorkspaceInfo> OpenComuneWorkspaceAsync(int comuneId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var comune = await db.Comuni.AsNoTracking().FirstOrDefaultAsync(c => c.Id == comuneId, ct) ?? throw new DocumentNotFoundException();
        var allowed = user.IsPlatformAdmin
            || (user.IsInRole(Roles.ComuneUser) ? user.ComuneId == comuneId : user.ProvinceId == comune.ProvinceId);
        if (!allowed || !user.Satisfies(Policies.Documents)) throw new DocumentNotFoundException();
        var w = await GetOrCreateAsync(db, $"C{comuneId}", () => new Workspace
        {
            Kind = WorkspaceKind.Comune, Name = $"Comune di {comune.Name}", ProvinceId = comune.ProvinceId, ComuneId = comuneId,
        }, ct);
        return Info(user, w);
    }

    private async Task EnsureDefaultWorkspacesAsync(PortalPrincipal user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateForSystemAsync(ct);
        await GetOrCreateAsync(db, NationalKey, () => new Workspace { Kind = WorkspaceKind.Nazionale, Name = "Modelli condivisi" }, ct);
        if (user.ProvinceId is int p && !user.IsInRole(Roles.ComuneUser))
        {
            if (!await db.Workspaces.AnyAsync(w => w.ProvinceId == p && w.Kind == WorkspaceKind.ServizioSua, ct))
                await EnsureProvinceWorkspacesAsync(db, p, ct);
        }
        if (user.IsInRole(Roles.ComuneUser) && user.ComuneId is int c)
        {
            var comune = await db.Comuni.AsNoTracking().FirstAsync(x => x.Id == c, ct);
            await GetOrCreateAsync(db, $"C{c}", () => new Workspace
            {
                Kind = WorkspaceKind.Comune, Name = $"Comune di {comune.Name}", ProvinceId = comune.ProvinceId, ComuneId = c,
            }, ct);
        }
    }

    /// <summary>The three service workspaces of a Province (also used by the demo seeding).</summary>
    public static async Task EnsureProvinceWorkspacesAsync(PortalDbContext db, int provinceId, CancellationToken ct)
    {
        var sigla = await db.Provinces.Where(x => x.Id == provinceId).Select(x => x.Sigla).FirstAsync(ct);
        (WorkspaceKind Kind, string Code, string Name)[] services =
        [
            (WorkspaceKind.ServizioSua, "SUA", "Stazione Unica Appaltante"),
            (WorkspaceKind.ServizioEuropa, "EU", "Servizio Europa"),
            (WorkspaceKind.CentroDiCompetenza, "CDC", "Centro di Competenza"),
        ];
        foreach (var s in services)
            await GetOrCreateAsync(db, $"P{provinceId}:{s.Code}", () => new Workspace { Kind = s.Kind, Name = $"{s.Name} ({sigla})", ProvinceId = provinceId }, ct);
    }

    private static async Task<Workspace> GetOrCreateAsync(PortalDbContext db, string key, Func<Workspace> create, CancellationToken ct)
    {
        var existing = await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Key == key, ct);
        if (existing is not null) return existing;
        var w = create();
        w.Key = key;
        w.CreatedAtUtc = DateTime.UtcNow;
        db.Workspaces.Add(w);
        try
        {
            await db.SaveChangesAsync(ct);
            return w;
        }
        catch (DbUpdateException)
        {
            // Two first uses at once: the unique key kept one; use it.
            db.Entry(w).State = EntityState.Detached;
            return await db.Workspaces.AsNoTracking().FirstAsync(x => x.Key == key, ct);
        }
    }

    public async Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(int workspaceId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        await ReadableWorkspaceAsync(db, user, workspaceId, ct);
        return await db.Folders.AsNoTracking().Where(f => f.WorkspaceId == workspaceId).OrderBy(f => f.Name)
            .Select(f => new FolderInfo(f.Id, f.ParentId, f.Name)).Take(2000).ToListAsync(ct);
    }

    public async Task<FolderInfo> CreateFolderAsync(int workspaceId, int? parentId, string name, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        await WritableWorkspaceAsync(db, user, workspaceId, ct);
        var clean = DocumentRules.SanitizeFileName(name);
        if (string.IsNullOrWhiteSpace(name)) throw new DocumentValidationException("Il nome della cartella è obbligatorio.");
        if (parentId is int pid && !await db.Folders.AnyAsync(f => f.Id == pid && f.WorkspaceId == workspaceId, ct))
            throw new DocumentValidationException("La cartella superiore non appartiene a questo spazio di lavoro.");
        if (await db.Folders.AnyAsync(f => f.WorkspaceId == workspaceId && f.ParentId == parentId && f.Name == clean, ct))
            throw new DocumentValidationException($"Esiste già una cartella «{clean}» in questa posizione.");
        var folder = new Folder { WorkspaceId = workspaceId, ParentId = parentId, Name = clean };
        db.Folders.Add(folder);
        await db.SaveChangesAsync(ct);
        return new FolderInfo(folder.Id, folder.ParentId, folder.Name);
    }

    public async Task<IReadOnlyList<string>> ListDocumentTypesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.DocumentTypes.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
    }

    // ---------- Documents ----------

    public async Task<(IReadOnlyList<DocumentRow> Items, int Total)> ListDocumentsAsync(
        int workspaceId, int? folderId, int page, int pageSize, string? sortBy = null, bool descending = false, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        await ReadableWorkspaceAsync(db, user, workspaceId, ct);
        var q = db.Documents.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.DeletedAtUtc == null && d.FolderId == folderId);
        var total = await q.CountAsync(ct);
        q = (sortBy, descending) switch
        {
            ("UpdatedAtUtc", false) => q.OrderBy(d => d.UpdatedAtUtc),
            ("UpdatedAtUtc", true) => q.OrderByDescending(d => d.UpdatedAtUtc),
            ("DocumentType", false) => q.OrderBy(d => d.DocumentType).ThenBy(d => d.Title),
            ("DocumentType", true) => q.OrderByDescending(d => d.DocumentType).ThenBy(d => d.Title),
            (_, true) => q.OrderByDescending(d => d.Title),
            _ => q.OrderBy(d => d.Title),
        };
        var items = await q.Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200))
            .Select(d => new DocumentRow(d.Id, d.Title, d.DocumentType, d.Tags, d.CurrentVersionNumber, d.UpdatedAtUtc, d.FolderId))
            .ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Null when the document does not exist, is in the trash (except for administrators) or the user may not read it.</summary>
    public async Task<DocumentDetails?> GetDocumentAsync(int id, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var d = await Readable(db, user, includeTrash: DocumentAccess.IsDocumentAdmin(user)).Include(x => x.Workspace)
            .AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return null;
        var ws = Info(user, d.Workspace!);
        return new DocumentDetails(d.Id, ws, d.FolderId, d.Title, d.Description, d.DocumentType, d.Tags, d.ValidFrom, d.ValidTo,
            d.LinkedModule, d.LinkedRecordId, d.CurrentVersionNumber, d.CreatedAtUtc, d.CreatedBy, d.UpdatedAtUtc, d.DeletedAtUtc,
            ws.CanWrite && d.DeletedAtUtc is null, DocumentAccess.IsDocumentAdmin(user));
    }

    public async Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(int documentId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await Readable(db, user, DocumentAccess.IsDocumentAdmin(user)).AnyAsync(d => d.Id == documentId, ct)) throw new DocumentNotFoundException();
        return await db.DocumentVersions.AsNoTracking().Where(v => v.DocumentId == documentId).OrderByDescending(v => v.Number)
            .Select(v => new VersionInfo(v.Number, v.AuthorName, v.CreatedAtUtc, v.Comment, v.SizeBytes, v.Sha256, v.OriginalFileName, v.ContentType, v.ExtractionStatus))
            .ToListAsync(ct);
    }

    /// <summary>Creates a document with its first version. Nothing is stored when a check fails.</summary>
    public async Task<int> CreateAsync(NewDocument request, Stream content, string fileName, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var ws = await WritableWorkspaceAsync(db, user, request.WorkspaceId, ct);
        if (request.FolderId is int f && !await db.Folders.AnyAsync(x => x.Id == f && x.WorkspaceId == ws.Id, ct))
            throw new DocumentValidationException("La cartella scelta non appartiene a questo spazio di lavoro.");
        if (request.ValidFrom is { } from && request.ValidTo is { } to && to < from)
            throw new DocumentValidationException("Validità: la data di fine precede la data di inizio.");

        using var staged = await StageAsync(content, fileName, ct);
        var cleanName = DocumentRules.SanitizeFileName(fileName);
        var now = DateTime.UtcNow;
        var title = string.IsNullOrWhiteSpace(request.Title) ? Path.GetFileNameWithoutExtension(cleanName) : request.Title.Trim();
        var document = new Document
        {
            WorkspaceId = ws.Id, ProvinceId = ws.ProvinceId, FolderId = request.FolderId,
            Title = Truncate(title, 300), Description = request.Description?.Trim(), DocumentType = request.DocumentType,
            Tags = NormalizeTags(request.Tags), ValidFrom = request.ValidFrom, ValidTo = request.ValidTo,
            LinkedModule = request.LinkedModule, LinkedRecordId = request.LinkedRecordId,
            CurrentVersionNumber = 1, CreatedAtUtc = now, UpdatedAtUtc = now, CreatedBy = user.UserName ?? "",
        };
        var version = NewVersion(user, staged.Value, cleanName, 1, request.Comment, now);
        document.Versions.Add(version);
        db.Documents.Add(document);
        // Bytes first: a failure after this leaves only an unreferenced blob, never a version without its content.
        await store.CommitAsync(staged.Value, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Title, tags and description are searchable at once; the file's text follows when the indexer has read it.
        db.DocumentTexts.Add(new DocumentText { DocumentId = document.Id, Title = document.Title, Tags = document.Tags, Body = ComposeBody(document.Description, "") });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotifyIndexer(version);
        return document.Id;
    }

    /// <summary>Uploads a new current version onto a document.</summary>
    public async Task<int> AddVersionAsync(int documentId, Stream content, string fileName, string? comment, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await WritableDocumentAsync(db, user, documentId, ct);
        using var staged = await StageAsync(content, fileName, ct);
        var number = document.CurrentVersionNumber + 1;
        var version = NewVersion(user, staged.Value, DocumentRules.SanitizeFileName(fileName), number, comment, DateTime.UtcNow);
        await store.CommitAsync(staged.Value, ct);
        await SaveNewVersionAsync(db, document, version, ct);
        NotifyIndexer(version);
        return number;
    }

    /// <summary>Makes an old version current again by adding a new version with its bytes: history is never rewritten.</summary>
    public async Task<int> RestoreVersionAsync(int documentId, int number, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await WritableDocumentAsync(db, user, documentId, ct);
        var old = await db.DocumentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Number == number, ct)
            ?? throw new DocumentValidationException($"La versione {number} non esiste.");
        var next = document.CurrentVersionNumber + 1;
        var version = new DocumentVersion
        {
            Number = next, AuthorId = user.UserId, AuthorName = user.FullName, CreatedAtUtc = DateTime.UtcNow,
            Comment = $"Ripristino della versione {number}", SizeBytes = old.SizeBytes, Sha256 = old.Sha256,
            OriginalFileName = old.OriginalFileName, ContentType = old.ContentType, ExtractionStatus = InitialStatus(old.OriginalFileName),
        };
        // The text is read again from the stored bytes by the indexer: versions keep no copy of their text.
        await SaveNewVersionAsync(db, document, version, ct);
        NotifyIndexer(version);
        return next;
    }

    /// <summary>Rename, move to another folder and edit the metadata. The id, hence the permanent link, never changes.</summary>
    public async Task UpdateAsync(int documentId, string title, int? folderId, string? description, string? documentType, string? tags,
        DateOnly? validFrom, DateOnly? validTo, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await WritableDocumentAsync(db, user, documentId, ct);
        if (string.IsNullOrWhiteSpace(title)) throw new DocumentValidationException("Il titolo è obbligatorio.");
        if (validFrom is { } from && validTo is { } to && to < from)
            throw new DocumentValidationException("Validità: la data di fine precede la data di inizio.");
        if (folderId is int f && !await db.Folders.AnyAsync(x => x.Id == f && x.WorkspaceId == document.WorkspaceId, ct))
            throw new DocumentValidationException("La cartella scelta non appartiene a questo spazio di lavoro.");
        var oldDescription = document.Description;
        document.Title = Truncate(title.Trim(), 300);
        document.FolderId = folderId;
        document.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        document.DocumentType = documentType;
        document.Tags = NormalizeTags(tags);
        document.ValidFrom = validFrom;
        document.ValidTo = validTo;
        document.UpdatedAtUtc = DateTime.UtcNow;
        var text = await db.DocumentTexts.FirstOrDefaultAsync(t => t.DocumentId == documentId, ct);
        if (text is not null)
        {
            text.Title = document.Title;
            text.Tags = document.Tags;
            text.Body = ComposeBody(document.Description, ExtractedPart(text.Body, oldDescription));
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(int documentId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await WritableDocumentAsync(db, user, documentId, ct);
        document.DeletedAtUtc = DateTime.UtcNow;
        document.DeletedBy = user.UserName;
        await db.SaveChangesAsync(ct);
    }

    public async Task<(IReadOnlyList<TrashRow> Items, int Total)> ListTrashAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!DocumentAccess.IsDocumentAdmin(user)) return ([], 0);
        await using var db = await dbFactory.CreateAsync(ct);
        var q = Readable(db, user, includeTrash: true).AsNoTracking().Where(d => d.DeletedAtUtc != null);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(d => d.DeletedAtUtc).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200))
            .Select(d => new TrashRow(d.Id, d.Title, d.Workspace!.Name, d.DeletedAtUtc!.Value, d.DeletedBy)).ToListAsync(ct);
        return (items, total);
    }

    public async Task RestoreFromTrashAsync(int documentId, CancellationToken ct = default)
    {
        var document = await TrashedForAdminAsync(documentId, ct);
        await using var db = document.Db;
        document.Document.DeletedAtUtc = null;
        document.Document.DeletedBy = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes the document and its versions for good (a SaveChanges delete, so audited); bytes no other version uses are deleted after.</summary>
    public async Task PurgeAsync(int documentId, CancellationToken ct = default)
    {
        var trashed = await TrashedForAdminAsync(documentId, ct);
        await using var db = trashed.Db;
        var hashes = await db.DocumentVersions.Where(v => v.DocumentId == documentId).Select(v => v.Sha256).Distinct().ToListAsync(ct);
        var versions = await db.DocumentVersions.Where(v => v.DocumentId == documentId).ToListAsync(ct);
        var text = await db.DocumentTexts.FirstOrDefaultAsync(t => t.DocumentId == documentId, ct);
        db.DocumentVersions.RemoveRange(versions);
        if (text is not null) db.DocumentTexts.Remove(text);
        db.Documents.Remove(trashed.Document);
        await db.SaveChangesAsync(ct);
        foreach (var sha in hashes)
        {
            if (await db.DocumentVersions.AnyAsync(v => v.Sha256 == sha, ct)) continue;
            try { await store.DeleteAsync(sha, ct); }
            catch (IOException ex) { logger.LogWarning(ex, "Contenuto {Sha256} non eliminato dall'archivio", sha); }
        }
    }

    /// <summary>The bytes of a version (the current one when <paramref name="number"/> is null); null when not readable.</summary>
    public async Task<VersionContent?> OpenVersionAsync(int documentId, int? number, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await Readable(db, user, DocumentAccess.IsDocumentAdmin(user)).AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, ct);
        if (document is null) return null;
        var n = number ?? document.CurrentVersionNumber;
        var v = await db.DocumentVersions.AsNoTracking().FirstOrDefaultAsync(x => x.DocumentId == documentId && x.Number == n, ct);
        if (v is null) return null;
        var stream = await store.OpenReadAsync(v.Sha256, ct);
        if (stream is null)
        {
            logger.LogError("Contenuto mancante nell'archivio: documento {DocumentId} versione {Number} ({Sha256})", documentId, n, v.Sha256);
            return null;
        }
        return new VersionContent(stream, v.OriginalFileName, v.ContentType, v.SizeBytes);
    }

    // ---------- Helpers ----------

    private IQueryable<Document> Readable(PortalDbContext db, PortalPrincipal user, bool includeTrash = false)
    {
        var workspaces = db.Workspaces.Where(DocumentAccess.CanRead(user)).Select(w => w.Id);
        var q = db.Documents.Where(d => workspaces.Contains(d.WorkspaceId));
        return includeTrash ? q : q.Where(d => d.DeletedAtUtc == null);
    }

    private static async Task<Workspace> ReadableWorkspaceAsync(PortalDbContext db, PortalPrincipal user, int workspaceId, CancellationToken ct) =>
        await db.Workspaces.AsNoTracking().Where(DocumentAccess.CanRead(user)).FirstOrDefaultAsync(w => w.Id == workspaceId, ct)
        ?? throw new DocumentNotFoundException();

    private static async Task<Workspace> WritableWorkspaceAsync(PortalDbContext db, PortalPrincipal user, int workspaceId, CancellationToken ct)
    {
        var w = await ReadableWorkspaceAsync(db, user, workspaceId, ct);
        if (!DocumentAccess.CanWrite(user, w))
            throw new DocumentValidationException("Non è consentito modificare i documenti di questo spazio di lavoro.");
        return w;
    }

    private async Task<Document> WritableDocumentAsync(PortalDbContext db, PortalPrincipal user, int documentId, CancellationToken ct)
    {
        var d = await Readable(db, user).Include(x => x.Workspace).FirstOrDefaultAsync(x => x.Id == documentId, ct)
            ?? throw new DocumentNotFoundException();
        if (!DocumentAccess.CanWrite(user, d.Workspace!))
            throw new DocumentValidationException("Non è consentito modificare i documenti di questo spazio di lavoro.");
        return d;
    }

    private async Task<(PortalDbContext Db, Document Document)> TrashedForAdminAsync(int documentId, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        var db = await dbFactory.CreateAsync(ct);
        var d = DocumentAccess.IsDocumentAdmin(user)
            ? await Readable(db, user, includeTrash: true).FirstOrDefaultAsync(x => x.Id == documentId && x.DeletedAtUtc != null, ct)
            : null;
        if (d is null)
        {
            await db.DisposeAsync();
            throw new DocumentNotFoundException();
        }
        return (db, d);
    }

    /// <summary>
    /// A version waiting for the indexer leaves the previous text searchable until its own replaces it; a version
    /// without text (an image) clears it at once.
    /// </summary>
    private async Task SaveNewVersionAsync(PortalDbContext db, Document document, DocumentVersion version, CancellationToken ct)
    {
        version.DocumentId = document.Id;
        db.DocumentVersions.Add(version);
        document.CurrentVersionNumber = version.Number;
        document.UpdatedAtUtc = version.CreatedAtUtc;
        var text = await db.DocumentTexts.FirstOrDefaultAsync(t => t.DocumentId == document.Id, ct);
        if (text is null) db.DocumentTexts.Add(new DocumentText { DocumentId = document.Id, Title = document.Title, Tags = document.Tags, Body = ComposeBody(document.Description, "") });
        else if (version.ExtractionStatus != ExtractionStatus.InAttesa) text.Body = ComposeBody(document.Description, "");
        await db.SaveChangesAsync(ct);
    }

    private void NotifyIndexer(DocumentVersion version)
    {
        if (version.ExtractionStatus == ExtractionStatus.InAttesa) indexSignal.Notify();
    }

    private static ExtractionStatus InitialStatus(string fileName) =>
        TextExtractor.CanExtract(DocumentRules.ExtensionOf(fileName)) ? ExtractionStatus.InAttesa : ExtractionStatus.NonApplicabile;

    private const string DescriptionSeparator = "\n\n";

    /// <summary>The indexed body: the description, then the text read from the file.</summary>
    public static string ComposeBody(string? description, string extracted) =>
        string.IsNullOrWhiteSpace(description) ? extracted
        : extracted.Length == 0 ? description
        : description + DescriptionSeparator + extracted;

    /// <summary>The file's text inside a body built by <see cref="ComposeBody"/> with <paramref name="description"/>.</summary>
    public static string ExtractedPart(string body, string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return body;
        if (body == description) return "";
        return body.StartsWith(description + DescriptionSeparator, StringComparison.Ordinal) ? body[(description.Length + DescriptionSeparator.Length)..] : body;
    }

    /// <summary>Name, type, size and content checks, with the bytes in a temporary file: nothing reaches the store before they pass.</summary>
    private async Task<Staged> StageAsync(Stream content, string fileName, CancellationToken ct)
    {
        var o = options.Value;
        var clean = DocumentRules.SanitizeFileName(fileName);
        DocumentRules.CheckExtension(clean, o.AllowedExtensions);
        var staged = await store.StageAsync(content, o.MaxUploadBytes, ct);
        try
        {
            if (staged.Size == 0) throw new DocumentValidationException($"Il file «{clean}» è vuoto.");
            await using var read = staged.OpenRead();
            DocumentRules.CheckContent(clean, read);
            return new Staged(staged);
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    private static DocumentVersion NewVersion(PortalPrincipal user, StagedContent staged, string fileName, int number, string? comment, DateTime now) => new()
    {
        Number = number, AuthorId = user.UserId, AuthorName = string.IsNullOrEmpty(user.FullName) ? user.UserName ?? "" : user.FullName,
        CreatedAtUtc = now, Comment = string.IsNullOrWhiteSpace(comment) ? null : Truncate(comment.Trim(), 1000),
        SizeBytes = staged.Size, Sha256 = staged.Sha256, OriginalFileName = fileName,
        ContentType = DocumentRules.ContentTypeOf(fileName), ExtractionStatus = InitialStatus(fileName),
    };

    private static WorkspaceInfo Info(PortalPrincipal user, Workspace w) =>
        new(w.Id, w.Name, w.Kind, w.ProvinceId, w.ComuneId, DocumentAccess.CanWrite(user, w));

    public static string NormalizeTags(string? tags) =>
        Truncate(string.Join(", ", (tags ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Distinct()), 1000);

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;

    /// <summary>Keeps the staged file alive across the using block of the caller.</summary>
    private readonly struct Staged(StagedContent value) : IDisposable
    {
        public StagedContent Value { get; } = value;
        public void Dispose() => Value.Dispose();
    }
}
