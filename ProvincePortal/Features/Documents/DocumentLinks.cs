using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Documents;

public sealed record LinkedDocumentRow(int Id, string Title, string? DocumentType, string WorkspaceName, int CurrentVersionNumber, DateTime UpdatedAtUtc, bool CanWrite);
public sealed record LinkCandidate(int Id, string Title, string WorkspaceName);

/// <summary>
/// Documents linked to a record of another module (a tender, a call, a request): what <see cref="Components.DocumentiCollegati"/>
/// lists. A document belongs to at most one record; the link is a field of the document, so its permissions are the document's.
/// </summary>
public sealed partial class DocumentService
{
    public async Task<IReadOnlyList<LinkedDocumentRow>> ListLinkedAsync(string module, string recordId, CancellationToken ct = default)
    {
        CheckLink(module, recordId);
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await Readable(db, user).AsNoTracking().Where(d => d.LinkedModule == module && d.LinkedRecordId == recordId)
            .OrderBy(d => d.Title).Take(200)
            .Select(d => new { d.Id, d.Title, d.DocumentType, d.CurrentVersionNumber, d.UpdatedAtUtc, Workspace = d.Workspace! })
            .ToListAsync(ct);
        return rows.Select(r => new LinkedDocumentRow(r.Id, r.Title, r.DocumentType, r.Workspace.Name, r.CurrentVersionNumber, r.UpdatedAtUtc,
            DocumentAccess.CanWrite(user, r.Workspace))).ToList();
    }

    /// <summary>Documents the user may link: readable, writable, not linked yet, title containing <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<LinkCandidate>> SearchLinkableAsync(string text, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var trimmed = text.Trim();
        var upper = trimmed.ToUpperInvariant();
        var rows = await Readable(db, user).AsNoTracking()
            .Where(d => d.LinkedModule == null && (d.Title.ToUpper().Contains(upper) || d.Title.Contains(trimmed)))
            .OrderBy(d => d.Title).Take(40)
            .Select(d => new { d.Id, d.Title, Workspace = d.Workspace! }).ToListAsync(ct);
        return rows.Where(r => DocumentAccess.CanWrite(user, r.Workspace)).Take(20)
            .Select(r => new LinkCandidate(r.Id, r.Title, r.Workspace.Name)).ToList();
    }

    public async Task LinkAsync(int documentId, string module, string recordId, CancellationToken ct = default)
    {
        CheckLink(module, recordId);
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await WritableDocumentAsync(db, user, documentId, ct);
        if (document.LinkedModule == module && document.LinkedRecordId == recordId) return;
        if (document.LinkedModule is not null)
            throw new DocumentValidationException($"Il documento «{document.Title}» è già collegato a un'altra scheda ({document.LinkedModule} {document.LinkedRecordId}).");
        document.LinkedModule = module;
        document.LinkedRecordId = recordId;
        document.UpdatedAtUtc = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes the link only: the document stays in its workspace.</summary>
    public async Task UnlinkAsync(int documentId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var document = await WritableDocumentAsync(db, user, documentId, ct);
        document.LinkedModule = null;
        document.LinkedRecordId = null;
        document.UpdatedAtUtc = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A module is a short lower-case code ("gare"); the record id is the other module's key as text.</summary>
    private static void CheckLink(string? module, string? recordId)
    {
        if (module is null && recordId is null) return;
        if (module is null || !ModuleCode().IsMatch(module))
            throw new DocumentValidationException($"Collegamento: il modulo «{module}» non è valido (lettere minuscole, cifre e trattini, al massimo 50).");
        if (string.IsNullOrWhiteSpace(recordId) || recordId.Length > 100)
            throw new DocumentValidationException("Collegamento: l'identificativo della scheda è obbligatorio (al massimo 100 caratteri).");
    }

    /// <summary>The type must be an active one; a deactivated type may stay on a document that already has it.</summary>
    private static async Task CheckDocumentTypeAsync(PortalDbContext db, string? type, string? current, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(type) || type == current) return;
        if (!await db.DocumentTypes.AnyAsync(t => t.Name == type && t.DeactivatedAtUtc == null, ct))
            throw new DocumentValidationException($"Il tipo di documento «{type}» non è tra quelli attivi.");
    }

    [GeneratedRegex("^[a-z0-9-]{1,50}$")]
    private static partial Regex ModuleCode();
}
