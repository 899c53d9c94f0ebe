using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Requests;

public sealed record OperatorGroupRow(int Id, string Name, bool IsActive, int MemberCount, int OpenRequests, bool CanManage);

public sealed record OperatorGroupMemberRow(string UserId, string FullName, string? Email, bool IsCoordinator);

public sealed record OperatorGroupDetails(int Id, string Name, bool IsActive, int RowVersion, bool CanManage, bool CanAdminister,
    IReadOnlyList<OperatorGroupMemberRow> Members, IReadOnlyList<NamedOption> Candidates);

/// <summary>
/// The operator groups of a Province's competence centre. The Province's administrators create, rename and deactivate
/// them and choose their coordinators; a coordinator may rename the group and change its members. Members are active
/// users of the same Province with the competence-centre role. Isolation: the tenant filter keeps each Province to its
/// own groups, so another Province's id is "not found".
/// </summary>
public sealed class OperatorGroupService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<OperatorGroupRow>> ListAsync(bool includeInactive, CancellationToken ct = default)
    {
        var user = await RequireOperatorAsync();
        var admin = RequestAccess.IsCatalogueAdmin(user);
        var me = user.UserId ?? "";
        await using var db = await dbFactory.CreateAsync(ct);
        var q = db.Set<OperatorGroup>().AsNoTracking();
        if (!includeInactive) q = q.Where(g => g.IsActive);
        return await q.OrderBy(g => g.Name).Take(200)
            .Select(g => new OperatorGroupRow(g.Id, g.Name, g.IsActive, g.Members.Count,
                db.Set<ServiceRequest>().Count(r => r.AssignedGroupId == g.Id && r.Status != RequestStatus.Chiusa),
                admin || g.Members.Any(m => m.UserId == me && m.IsCoordinator)))
            .ToListAsync(ct);
    }

    /// <summary>The group with its members and the operators that could join; null when it is not the user's Province's.</summary>
    public async Task<OperatorGroupDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await RequireOperatorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var g = await db.Set<OperatorGroup>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is null) return null;
        var members = await (from m in db.Set<OperatorGroupMember>()
                             join u in db.Users on m.UserId equals u.Id
                             where m.GroupId == id
                             orderby u.FullName
                             select new OperatorGroupMemberRow(u.Id, u.FullName, u.Email, m.IsCoordinator)).AsNoTracking().ToListAsync(ct);
        var admin = RequestAccess.IsCatalogueAdmin(user);
        var canManage = admin || members.Any(m => m.UserId == user.UserId && m.IsCoordinator);
        var candidates = canManage
            ? await CdcOperators(db, g.ProvinceId).Where(u => !db.Set<OperatorGroupMember>().Any(m => m.GroupId == id && m.UserId == u.Id))
                .OrderBy(u => u.FullName).Take(500).Select(u => new NamedOption(u.Id, u.FullName)).ToListAsync(ct)
            : [];
        return new OperatorGroupDetails(g.Id, g.Name, g.IsActive, g.RowVersion, canManage, admin, members, candidates);
    }

    public async Task<int> CreateAsync(string? name, CancellationToken ct = default)
    {
        var user = await RequireAdminAsync();
        if (user.ProvinceId is not int provinceId)
            throw new RequestForbiddenException("Un gruppo di operatori appartiene a una Provincia: l'utente non ne ha una.");
        var clean = ValidName(name);
        await using var db = await dbFactory.CreateAsync(ct);
        await EnsureUniqueAsync(db, clean, null, ct);
        var g = new OperatorGroup { ProvinceId = provinceId, Name = clean };
        db.Add(g);
        await SaveAsync(db, ct);
        return g.Id;
    }

    public async Task<int> RenameAsync(int id, string? name, int rowVersion, CancellationToken ct = default)
    {
        var clean = ValidName(name);
        await using var db = await dbFactory.CreateAsync(ct);
        var g = await LoadForChangeAsync(db, id, rowVersion, coordinatorMay: true, ct);
        await EnsureUniqueAsync(db, clean, id, ct);
        g.Name = clean;
        return await SaveAsync(db, g, rowVersion, ct);
    }

    /// <summary>Deactivates (or reactivates) a group. Requests assigned to it keep it; it is no longer offered for new assignments.</summary>
    public async Task<int> SetActiveAsync(int id, bool active, int rowVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var g = await LoadForChangeAsync(db, id, rowVersion, coordinatorMay: false, ct);
        g.IsActive = active;
        return await SaveAsync(db, g, rowVersion, ct);
    }

    public async Task<int> AddMemberAsync(int id, string? userId, bool coordinator, int rowVersion, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new RequestValidationException("UserId", "Membro: scegliere un operatore da aggiungere.");
        await using var db = await dbFactory.CreateAsync(ct);
        var g = await LoadForChangeAsync(db, id, rowVersion, coordinatorMay: true, ct);
        if (coordinator && !RequestAccess.IsCatalogueAdmin(await currentUser.GetAsync()))
            throw new RequestForbiddenException("Solo un amministratore della Provincia nomina i coordinatori di un gruppo.");
        var name = await CdcOperators(db, g.ProvinceId).Where(u => u.Id == userId).Select(u => u.FullName).FirstOrDefaultAsync(ct)
            ?? throw new RequestValidationException("UserId", "Membro: l'utente scelto non è un operatore attivo del Centro di Competenza di questa Provincia.");
        if (await db.Set<OperatorGroupMember>().AnyAsync(m => m.GroupId == id && m.UserId == userId, ct))
            throw new RequestValidationException("UserId", $"Membro: {name} fa già parte del gruppo «{g.Name}».");
        db.Add(new OperatorGroupMember { GroupId = id, UserId = userId, IsCoordinator = coordinator });
        return await SaveAsync(db, g, rowVersion, ct);
    }

    public async Task<int> SetCoordinatorAsync(int id, string userId, bool coordinator, int rowVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var g = await LoadForChangeAsync(db, id, rowVersion, coordinatorMay: false, ct);
        var m = await db.Set<OperatorGroupMember>().FirstOrDefaultAsync(x => x.GroupId == id && x.UserId == userId, ct)
            ?? throw new RequestValidationException("UserId", $"Membro: l'utente non fa parte del gruppo «{g.Name}».");
        m.IsCoordinator = coordinator;
        return await SaveAsync(db, g, rowVersion, ct);
    }

    public async Task<int> RemoveMemberAsync(int id, string userId, int rowVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var g = await LoadForChangeAsync(db, id, rowVersion, coordinatorMay: true, ct);
        var m = await db.Set<OperatorGroupMember>().FirstOrDefaultAsync(x => x.GroupId == id && x.UserId == userId, ct)
            ?? throw new RequestValidationException("UserId", $"Membro: l'utente non fa parte del gruppo «{g.Name}».");
        db.Remove(m);
        return await SaveAsync(db, g, rowVersion, ct);
    }

    // ---------- "Le richieste del mio gruppo" ----------

    /// <summary>The active groups the user belongs to (the choices of "Le richieste del mio gruppo").</summary>
    public async Task<IReadOnlyList<NamedOption>> ListMyGroupsAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!RequestAccess.IsOperator(user) || user.UserId is not { } me) return [];
        await using var db = await dbFactory.CreateAsync(ct);
        return (await db.Set<OperatorGroup>().AsNoTracking().Where(g => g.IsActive && g.Members.Any(m => m.UserId == me))
                .OrderBy(g => g.Name).Take(200).Select(g => new { g.Id, g.Name }).ToListAsync(ct))
            .Select(g => new NamedOption(g.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Name)).ToList();
    }

    /// <summary>
    /// The requests assigned to the user's groups (or to one of them), most recent activity first, one page at a time
    /// with a separate count. A group the user does not belong to gives an empty list, not someone else's requests.
    /// </summary>
    public async Task<(IReadOnlyList<RequestRow> Items, int Total)> ListGroupRequestsAsync(int? groupId, bool onlyOpen, int page, int pageSize,
        CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!RequestAccess.IsOperator(user) || user.UserId is not { } me) return ([], 0);
        await using var db = await dbFactory.CreateAsync(ct);
        var groups = await db.Set<OperatorGroup>().AsNoTracking().Where(g => g.IsActive && g.Members.Any(m => m.UserId == me))
            .Select(g => g.Id).ToListAsync(ct);
        if (groupId is int only) groups = groups.Where(g => g == only).ToList();
        if (groups.Count == 0) return ([], 0);
        var q = db.Set<ServiceRequest>().AsNoTracking().Where(r => r.AssignedGroupId != null && groups.Contains(r.AssignedGroupId.Value));
        if (onlyOpen) q = q.Where(r => r.Status != RequestStatus.Chiusa);
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var rows = await q.OrderByDescending(r => r.LastActivityAtUtc).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, page) * size).Take(size)
            .Select(r => new RequestRow(r.Id, r.Subject, r.Service!.Name,
                db.Comuni.Where(c => c.Id == r.ComuneId).Select(c => c.Name).FirstOrDefault(),
                r.Status, r.Priority, r.SlaState, r.AssignedUserName, r.CreatedAtUtc, r.LastActivityAtUtc, r.TakeChargeDueUtc, r.ResolveDueUtc,
                r.TakenInChargeAtUtc))
            .ToListAsync(ct);
        return (rows, total);
    }

    // ---------- Helpers ----------

    /// <summary>Who may join a group: active users of the Province with the competence-centre role.</summary>
    internal static IQueryable<PortalUser> CdcOperators(PortalDbContext db, int provinceId) =>
        from u in db.Users
        where u.IsActive && u.ProvinceId == provinceId
              && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.CdcOperator))
        select u;

    private static string ValidName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new RequestValidationException("Name", "Nome del gruppo: è obbligatorio.");
        var clean = name.Trim();
        if (clean.Length > MaxNameLength)
            throw new RequestValidationException("Name", $"Nome del gruppo: al massimo {MaxNameLength} caratteri (ne ha {clean.Length}).");
        return clean;
    }

    private static async Task EnsureUniqueAsync(PortalDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        var upper = name.ToUpper();
        if (await db.Set<OperatorGroup>().AnyAsync(g => g.Name.ToUpper() == upper && g.Id != (exceptId ?? 0), ct))
            throw new RequestValidationException("Name", $"Nome del gruppo: esiste già un gruppo «{name}» in questa Provincia.");
    }

    private async Task<OperatorGroup> LoadForChangeAsync(PortalDbContext db, int id, int rowVersion, bool coordinatorMay, CancellationToken ct)
    {
        var user = await RequireOperatorAsync();
        var g = await db.Set<OperatorGroup>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestNotFoundException();
        var admin = RequestAccess.IsCatalogueAdmin(user);
        var coordinator = coordinatorMay && user.UserId is { } me
            && await db.Set<OperatorGroupMember>().AnyAsync(m => m.GroupId == id && m.UserId == me && m.IsCoordinator, ct);
        if (!admin && !coordinator)
            throw new RequestForbiddenException(coordinatorMay
                ? "Solo un amministratore della Provincia o un coordinatore del gruppo può modificarlo."
                : "Solo un amministratore della Provincia può fare questa modifica al gruppo.");
        if (g.RowVersion != rowVersion) throw new RequestConcurrencyException(GroupChanged);
        return g;
    }

    public const string GroupChanged = "Il gruppo è stato modificato da un altro utente dopo che l'ha aperto: ricarichi la pagina e ripeta la modifica.";

    private static async Task<int> SaveAsync(PortalDbContext db, OperatorGroup g, int rowVersion, CancellationToken ct)
    {
        // Every change of the group or of its members moves the version, so two editors never overwrite each other.
        db.Entry(g).Property(x => x.RowVersion).OriginalValue = rowVersion;
        g.RowVersion = rowVersion + 1;
        await SaveAsync(db, ct);
        return g.RowVersion;
    }

    private static async Task SaveAsync(PortalDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new RequestConcurrencyException(GroupChanged); }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw new RequestValidationException("Name", "Il gruppo o il membro esiste già: ricarichi la pagina.");
        }
    }

    // Two admins creating the same name at once: SQLite says "UNIQUE constraint failed", PostgreSQL "duplicate key".
    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message is { } m && (m.Contains("UNIQUE constraint", StringComparison.OrdinalIgnoreCase) || m.Contains("duplicate key", StringComparison.OrdinalIgnoreCase));

    private async Task<PortalPrincipal> RequireOperatorAsync()
    {
        var user = await currentUser.GetAsync();
        if (!RequestAccess.IsOperator(user)) throw new RequestForbiddenException("I gruppi di operatori sono visibili solo al Centro di Competenza e agli amministratori.");
        return user;
    }

    private async Task<PortalPrincipal> RequireAdminAsync()
    {
        var user = await currentUser.GetAsync();
        if (!RequestAccess.IsCatalogueAdmin(user)) throw new RequestForbiddenException("Solo un amministratore della Provincia crea i gruppi di operatori.");
        return user;
    }
}
