using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Documents;

public sealed record DocumentTypeRow(int Id, string Name, bool Active, int DocumentCount);

/// <summary>
/// The platform-wide list of document types, edited by platform and provincial administrators. Documents keep the
/// type's name, so a rename is carried onto them; a type that any document uses can only be deactivated.
/// </summary>
public sealed class DocumentTypeService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<DocumentTypeRow>> ListAsync(CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        // Documents carry no tenant filter: the count covers every Province (trash included), as the list is shared.
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.DocumentTypes.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new DocumentTypeRow(t.Id, t.Name, t.DeactivatedAtUtc == null, db.Documents.Count(d => d.DocumentType == t.Name)))
            .Take(500).ToListAsync(ct);
    }

    public async Task<int> AddAsync(string name, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var clean = await CheckNameAsync(db, name, null, ct);
        // Explicit id: the seeded types (HasData) did not advance PostgreSQL's identity sequence, whose next value is 1.
        var type = new DocumentType { Id = (await db.DocumentTypes.MaxAsync(t => (int?)t.Id, ct) ?? 0) + 1, Name = clean };
        db.DocumentTypes.Add(type);
        await db.SaveChangesAsync(ct);
        return type.Id;
    }

    /// <summary>Renames the type and the documents that carry it, in one transaction.</summary>
    public async Task RenameAsync(int id, string name, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var type = await db.DocumentTypes.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new DocumentNotFoundException();
        var clean = await CheckNameAsync(db, name, id, ct);
        if (clean == type.Name) return;
        var old = type.Name;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        type.Name = clean;
        await db.SaveChangesAsync(ct);
        // A bulk update: the type's rename is in the audit trail, the documents' copy of the name follows it.
        await db.Documents.Where(d => d.DocumentType == old).ExecuteUpdateAsync(s => s.SetProperty(d => d.DocumentType, clean), ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var type = await db.DocumentTypes.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new DocumentNotFoundException();
        type.DeactivatedAtUtc = active ? null : type.DeactivatedAtUtc ?? DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Only a type no document has ever carried (trash included) is deleted.</summary>
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var type = await db.DocumentTypes.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new DocumentNotFoundException();
        var used = await db.Documents.CountAsync(d => d.DocumentType == type.Name, ct);
        if (used > 0)
            throw new DocumentValidationException($"Il tipo «{type.Name}» è usato da {used} documenti: non si può eliminare, si può solo disattivare.");
        db.DocumentTypes.Remove(type);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<string> CheckNameAsync(PortalDbContext db, string? name, int? self, CancellationToken ct)
    {
        var clean = string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0) throw new DocumentValidationException("Nome: il nome del tipo di documento è obbligatorio.");
        if (clean.Length > 100) throw new DocumentValidationException("Nome: al massimo 100 caratteri.");
        var upper = clean.ToUpperInvariant();
        if (await db.DocumentTypes.AnyAsync(t => t.Id != self && (t.Name == clean || t.Name.ToUpper() == upper), ct))
            throw new DocumentValidationException($"Nome: il tipo «{clean}» esiste già.");
        return clean;
    }

    private async Task RequireAdministratorAsync()
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Administration)) throw new DocumentNotFoundException();
    }
}
