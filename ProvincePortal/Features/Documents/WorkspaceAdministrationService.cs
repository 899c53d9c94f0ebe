using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Documents;

public sealed record CustomWorkspaceRow(int Id, string Name, string? Description, string ProvinceName, int MemberCount, DateTime CreatedAtUtc, DateTime? ArchivedAtUtc);
public sealed record WorkspaceMemberInfo(string UserId, string FullName, string Email, string? ComuneName);
public sealed record CustomWorkspaceDetails(int Id, string Name, string? Description, int ProvinceId, string ProvinceName, DateTime? ArchivedAtUtc,
    IReadOnlyList<WorkspaceMemberInfo> Members);

/// <summary>
/// The "Personalizzato" workspaces: working tables with chosen members (officers of the Province and of its Comuni).
/// Platform administrators manage all of them, provincial administrators those of their Province; for anybody else a
/// workspace id is "not found". Members must be users of the workspace's Province.
/// </summary>
public sealed class WorkspaceAdministrationService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    public const int MaxMembers = 200;

    public async Task<(IReadOnlyList<CustomWorkspaceRow> Items, int Total)> ListAsync(bool includeArchived, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = Manageable(db, user);
        if (!includeArchived) q = q.Where(w => w.ArchivedAtUtc == null);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(w => w.ArchivedAtUtc != null).ThenBy(w => w.Name)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200))
            .Select(w => new CustomWorkspaceRow(w.Id, w.Name, w.Description,
                db.Provinces.Where(p => p.Id == w.ProvinceId).Select(p => p.Name).FirstOrDefault() ?? "",
                w.Members.Count, w.CreatedAtUtc, w.ArchivedAtUtc))
            .ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Null when the workspace does not exist, is not "Personalizzato" or is outside the caller's reach.</summary>
    public async Task<CustomWorkspaceDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Administration)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var w = await Manageable(db, user).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (w is null) return null;
        var province = await db.Provinces.Where(p => p.Id == w.ProvinceId).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? "";
        return new CustomWorkspaceDetails(w.Id, w.Name, w.Description, w.ProvinceId!.Value, province, w.ArchivedAtUtc,
            await MembersAsync(db, w.Id, ct));
    }

    /// <summary>Active users of the Province (officers and Comune users) whose name or e-mail contains <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<WorkspaceMemberInfo>> SearchCandidatesAsync(int provinceId, string? text, CancellationToken ct = default)
    {
        var user = await RequireAdministratorAsync();
        if (!DocumentAccess.CanAdministerWorkspacesOf(user, provinceId)) return [];
        await using var db = await dbFactory.CreateAsync(ct);
        var q = db.Users.AsNoTracking().Where(u => u.ProvinceId == provinceId && u.IsActive);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var trimmed = text.Trim();
            var upper = trimmed.ToUpperInvariant();
            q = q.Where(u => u.FullName.ToUpper().Contains(upper) || u.FullName.Contains(trimmed) || u.NormalizedEmail!.Contains(upper));
        }
        return await q.OrderBy(u => u.FullName).Take(20)
            .Select(u => new WorkspaceMemberInfo(u.Id, u.FullName, u.Email ?? "", db.Comuni.Where(c => c.Id == u.ComuneId).Select(c => c.Name).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>Creates the workspace with its members; <paramref name="provinceId"/> is taken from a provincial administrator's own Province.</summary>
    public async Task<int> CreateAsync(int? provinceId, string name, string? description, IReadOnlyCollection<string> memberIds, CancellationToken ct = default)
    {
        var user = await RequireAdministratorAsync();
        var province = user.IsPlatformAdmin ? provinceId : user.ProvinceId;
        if (province is null) throw new DocumentValidationException("Provincia: scegliere la Provincia a cui appartiene lo spazio di lavoro.");
        if (!DocumentAccess.CanAdministerWorkspacesOf(user, province)) throw new DocumentNotFoundException();
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Provinces.AnyAsync(p => p.Id == province, ct)) throw new DocumentValidationException("Provincia: la Provincia scelta non esiste.");
        var clean = await CheckNameAsync(db, province.Value, name, null, ct);
        var members = await CheckMembersAsync(db, province.Value, memberIds, ct);
        var w = new Workspace
        {
            Key = "X:" + Guid.NewGuid().ToString("N"), Kind = WorkspaceKind.Personalizzato, Name = clean,
            Description = CleanDescription(description), ProvinceId = province, CreatedAtUtc = DateTime.UtcNow,
            Members = members.Select(m => new WorkspaceMember { UserId = m }).ToList(),
        };
        db.Workspaces.Add(w);
        await db.SaveChangesAsync(ct);
        return w.Id;
    }

    /// <summary>Name, description and the whole member list (members not in <paramref name="memberIds"/> lose access at once).</summary>
    public async Task UpdateAsync(int id, string name, string? description, IReadOnlyCollection<string> memberIds, CancellationToken ct = default)
    {
        var user = await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var w = await Manageable(db, user).Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DocumentNotFoundException();
        w.Name = await CheckNameAsync(db, w.ProvinceId!.Value, name, w.Id, ct);
        w.Description = CleanDescription(description);
        var wanted = (await CheckMembersAsync(db, w.ProvinceId.Value, memberIds, ct)).ToHashSet();
        w.Members.RemoveAll(m => !wanted.Contains(m.UserId));
        foreach (var m in wanted.Where(m => w.Members.All(x => x.UserId != m)))
            w.Members.Add(new WorkspaceMember { WorkspaceId = w.Id, UserId = m });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Archived: read-only for its members and hidden from the explorer; <paramref name="archived"/> false reopens it.</summary>
    public async Task SetArchivedAsync(int id, bool archived, CancellationToken ct = default)
    {
        var user = await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var w = await Manageable(db, user).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DocumentNotFoundException();
        w.ArchivedAtUtc = archived ? w.ArchivedAtUtc ?? DateTime.UtcNow : null;
        await db.SaveChangesAsync(ct);
    }

    private static IQueryable<Workspace> Manageable(PortalDbContext db, PortalPrincipal user)
    {
        var q = db.Workspaces.Where(w => w.Kind == WorkspaceKind.Personalizzato);
        if (user.IsPlatformAdmin) return q;
        var provinceId = user.IsInRole(Roles.ProvinceAdmin) ? user.ProvinceId ?? -1 : -1;
        return q.Where(w => w.ProvinceId == provinceId);
    }

    private static async Task<IReadOnlyList<WorkspaceMemberInfo>> MembersAsync(PortalDbContext db, int workspaceId, CancellationToken ct) =>
        await db.WorkspaceMembers.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u)
            .OrderBy(u => u.FullName)
            .Select(u => new WorkspaceMemberInfo(u.Id, u.FullName, u.Email ?? "", db.Comuni.Where(c => c.Id == u.ComuneId).Select(c => c.Name).FirstOrDefault()))
            .ToListAsync(ct);

    private static async Task<string> CheckNameAsync(PortalDbContext db, int provinceId, string? name, int? self, CancellationToken ct)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0) throw new DocumentValidationException("Nome: il nome dello spazio di lavoro è obbligatorio.");
        if (clean.Length > 200) throw new DocumentValidationException("Nome: al massimo 200 caratteri.");
        if (await db.Workspaces.AnyAsync(w => w.ProvinceId == provinceId && w.Kind == WorkspaceKind.Personalizzato && w.Name == clean && w.Id != self, ct))
            throw new DocumentValidationException($"Nome: esiste già uno spazio di lavoro «{clean}» in questa Provincia.");
        return clean;
    }

    /// <summary>Every member must be a user of the Province: a guessed id of another Province is refused, never added.</summary>
    private static async Task<List<string>> CheckMembersAsync(PortalDbContext db, int provinceId, IReadOnlyCollection<string> memberIds, CancellationToken ct)
    {
        var ids = memberIds.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList();
        if (ids.Count == 0) throw new DocumentValidationException("Membri: scegliere almeno un membro.");
        if (ids.Count > MaxMembers) throw new DocumentValidationException($"Membri: al massimo {MaxMembers}.");
        var found = await db.Users.Where(u => ids.Contains(u.Id) && u.ProvinceId == provinceId).Select(u => u.Id).ToListAsync(ct);
        if (found.Count != ids.Count)
            throw new DocumentValidationException("Membri: si possono scegliere solo utenti della Provincia dello spazio di lavoro (e dei suoi Comuni).");
        return found;
    }

    private static string? CleanDescription(string? description)
    {
        var d = description?.Trim();
        if (string.IsNullOrEmpty(d)) return null;
        if (d.Length > 1000) throw new DocumentValidationException("Descrizione: al massimo 1000 caratteri.");
        return d;
    }

    private async Task<PortalPrincipal> RequireAdministratorAsync()
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Administration)) throw new DocumentNotFoundException();
        return user;
    }
}
