using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Tenders;

namespace ProvincePortal.Features.EuCalls.Projects;

public sealed record ProjectFilter(IReadOnlyList<ProjectStatus>? Statuses = null, int? ComuneId = null, string? Programme = null, string? Text = null);

public sealed record ProjectRow(int Id, string Title, string? Acronym, string? Programme, string LeadOrganisation, ProjectStatus Status,
    long TotalBudgetCents, long EuShareCents, string? Cup, int Comuni, DateOnly? NextMilestone);

public sealed record ComuneOption(int Id, string Name);

public sealed record ProjectDetails(Project Project, IReadOnlyList<ComuneOption> Comuni, bool CanWrite)
{
    public IReadOnlyList<(ProjectStatus Status, IReadOnlyList<string> Missing)> NextStatuses =>
        ProjectStatusRules.AllowedFrom(Project.Status).Select(s => (s, (IReadOnlyList<string>)ProjectStatusRules.Missing(Project, s))).ToList();
}

/// <summary>
/// One line of "Finanziamenti per Comune". A project involving several Comuni is split in equal parts among them
/// (<see cref="AttributedCents"/>; leftover cents go to the Comuni with the lowest ids), so the column adds up to the
/// EU contribution obtained; <see cref="FullCents"/> counts the whole EU share of every project the Comune is in, and
/// <see cref="SharedProjects"/> says how many of them are shared with other Comuni.
/// </summary>
public sealed record ComuneFunding(int ComuneId, string Comune, int Projects, int SharedProjects, long AttributedCents, long FullCents);

/// <summary>A dated milestone of a project, for the scadenzario.</summary>
public sealed record MilestoneDue(int ProjectId, string ProjectTitle, string? Acronym, string Title, DateOnly Date, bool Done);

/// <summary>
/// The project milestones the calendar of deadlines (scadenzario) shows beside the calls' deadlines: the ones the
/// current user may see (own Province; for a Comune's user the projects of the Comune), between two dates inclusive.
/// </summary>
public interface IProjectMilestoneSource
{
    Task<IReadOnlyList<MilestoneDue>> UpcomingMilestonesAsync(DateOnly from, DateOnly to, bool includeDone = false, CancellationToken ct = default);
}

/// <summary>
/// Schede-progetto. The EU office and administrators of the Province write; Dirigenti read; a Comune's users read only
/// the projects that involve their Comune; other Provinces' projects do not exist for the user (not found).
/// </summary>
public sealed class ProjectService(PortalDbFactory dbFactory, CurrentUser currentUser) : IProjectMilestoneSource
{
    public async Task<(IReadOnlyList<ProjectRow> Items, int Total)> ListAsync(ProjectFilter filter, int page, int pageSize,
        string? sortBy = null, bool descending = false, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = Visible(db, user);
        if (filter.Statuses is { Count: > 0 } statuses) q = q.Where(p => statuses.Contains(p.Status));
        if (filter.ComuneId is { } comune) q = q.Where(p => p.Comuni.Any(c => c.ComuneId == comune));
        if (!string.IsNullOrWhiteSpace(filter.Programme)) q = q.Where(p => p.Programme == filter.Programme);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var t = filter.Text.Trim().ToLower();
            var code = Identifier.Normalize(filter.Text);
            q = q.Where(p => p.Title.ToLower().Contains(t) || (p.Acronym != null && p.Acronym.ToLower().Contains(t)) || p.Cup == code
                || p.LeadOrganisation.ToLower().Contains(t));
        }
        var total = await q.CountAsync(ct);
        q = (sortBy, descending) switch
        {
            ("Title", false) => q.OrderBy(p => p.Title),
            ("Title", true) => q.OrderByDescending(p => p.Title),
            ("Status", false) => q.OrderBy(p => p.Status).ThenByDescending(p => p.Id),
            ("Status", true) => q.OrderByDescending(p => p.Status).ThenByDescending(p => p.Id),
            ("EuShareCents", false) => q.OrderBy(p => p.EuShareCents),
            ("EuShareCents", true) => q.OrderByDescending(p => p.EuShareCents),
            ("TotalBudgetCents", false) => q.OrderBy(p => p.TotalBudgetCents),
            ("TotalBudgetCents", true) => q.OrderByDescending(p => p.TotalBudgetCents),
            _ => q.OrderByDescending(p => p.UpdatedAtUtc).ThenByDescending(p => p.Id),
        };
        var rows = await q.Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200))
            .Select(p => new ProjectRow(p.Id, p.Title, p.Acronym, p.Programme, p.LeadOrganisation, p.Status, p.TotalBudgetCents, p.EuShareCents,
                p.Cup, p.Comuni.Count, p.Milestones.Where(m => !m.Done).OrderBy(m => m.Date).Select(m => (DateOnly?)m.Date).FirstOrDefault()))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>Null when the project does not exist or is not visible to the user.</summary>
    public async Task<ProjectDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).AsNoTracking().AsSplitQuery()
            .Include(x => x.Partners).Include(x => x.Comuni).Include(x => x.Milestones)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return null;
        var ids = p.Comuni.Select(c => c.ComuneId).ToList();
        var comuni = await db.Comuni.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new ComuneOption(c.Id, c.Name)).ToListAsync(ct);
        return new ProjectDetails(p, comuni, EuWorkAccess.CanWrite(user));
    }

    /// <summary>The Comuni of the user's Province (for a Comune's user, only its own), for filters and the form.</summary>
    public async Task<IReadOnlyList<ComuneOption>> ListComuniAsync(CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var provinceId = user.ProvinceId ?? -1;
        var q = db.Comuni.AsNoTracking().Where(c => c.ProvinceId == provinceId && c.SuppressedOn == null);
        if (EuWorkAccess.IsComuneOnly(user)) q = q.Where(c => c.Id == user.ComuneId);
        return await q.OrderBy(c => c.Name).Select(c => new ComuneOption(c.Id, c.Name)).Take(1000).ToListAsync(ct);
    }

    /// <summary>Calls of the registry the Province sees, for the form's call picker.</summary>
    public async Task<IReadOnlyList<CallOption>> SearchCallsAsync(string? text, CancellationToken ct = default)
    {
        await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        return await EuCallLookup.SearchAsync(db, text, 20, ct);
    }

    public async Task<CallOption?> FindCallAsync(int id, CancellationToken ct = default)
    {
        await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        return await EuCallLookup.FindAsync(db, id, ct);
    }

    public async Task<int> CreateAsync(ProjectInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        if (user.ProvinceId is not int provinceId)
            throw new EuWorkForbiddenException("Il suo profilo non è associato a una Provincia: non può creare schede progetto.");
        EuWorkValidationException.ThrowIfAny(input.Validate());
        await using var db = await dbFactory.CreateAsync(ct);
        await CheckReferencesAsync(db, provinceId, input, ct);
        var now = DateTime.UtcNow;
        var p = new Project { ProvinceId = provinceId, CreatedAtUtc = now, Status = ProjectStatus.Idea };
        Apply(p, input, now);
        db.Add(p);
        await db.SaveChangesAsync(ct);
        return p.Id;
    }

    /// <summary>Saves the card and its lists; returns the new row version.</summary>
    public async Task<int> UpdateAsync(int id, ProjectInput input, int rowVersion, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        EuWorkValidationException.ThrowIfAny(input.Validate());
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).AsSplitQuery().Include(x => x.Partners).Include(x => x.Comuni).Include(x => x.Milestones)
            .FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new EuWorkNotFoundException("Scheda progetto non trovata.");
        await CheckReferencesAsync(db, p.ProvinceId, input, ct);
        Apply(p, input, DateTime.UtcNow);
        // The status must still hold with the new data (e.g. the EU share of a funded project cannot be removed).
        if (ProjectStatusRules.Missing(p, p.Status) is { Count: > 0 } missing)
            throw new EuWorkValidationException("Status", $"Un progetto nello stato «{ProjectStatusRules.Label(p.Status)}» deve avere: {string.Join(", ", missing)}.");
        await SaveAsync(db, p, rowVersion, ct);
        return p.RowVersion;
    }

    public async Task<int> ChangeStatusAsync(int id, ProjectStatus target, int rowVersion, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new EuWorkNotFoundException("Scheda progetto non trovata.");
        if (!ProjectStatusRules.CanMove(p.Status, target))
        {
            var allowed = ProjectStatusRules.AllowedFrom(p.Status);
            throw new EuWorkValidationException("Status", allowed.Count == 0
                ? $"Il progetto è «{ProjectStatusRules.Label(p.Status)}»: lo stato non può più cambiare."
                : $"Da «{ProjectStatusRules.Label(p.Status)}» si può passare solo a: {string.Join(", ", allowed.Select(ProjectStatusRules.Label))}.");
        }
        var missing = ProjectStatusRules.Missing(p, target);
        if (missing.Count > 0)
            throw new EuWorkValidationException("Status", $"Per passare a «{ProjectStatusRules.Label(target)}» mancano: {string.Join(", ", missing)}.");
        p.Status = target;
        p.UpdatedAtUtc = DateTime.UtcNow;
        await SaveAsync(db, p, rowVersion, ct);
        return p.RowVersion;
    }

    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        if (!user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin))
            throw new EuWorkForbiddenException("Solo un amministratore può eliminare una scheda progetto.");
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).Include(x => x.Partners).Include(x => x.Comuni).Include(x => x.Milestones)
            .FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new EuWorkNotFoundException("Scheda progetto non trovata.");
        db.Remove(p);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// EU contribution obtained (projects Finanziato, In corso, Concluso) per Comune involved; see <see cref="ComuneFunding"/>
    /// for how a project of several Comuni is counted. A Comune's user sees only its own line.
    /// </summary>
    public async Task<IReadOnlyList<ComuneFunding>> FundingByComuneAsync(string? programme = null, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var funded = ProjectStatusRules.Funded.ToList();
        var projects = db.Set<Project>().Where(p => funded.Contains(p.Status));
        if (!string.IsNullOrWhiteSpace(programme)) projects = projects.Where(p => p.Programme == programme);
        // One row per (project, Comune): a Province has hundreds of funded projects at most, so the split is done here.
        var links = await db.Set<ProjectComune>().AsNoTracking()
            .Join(projects, c => c.ProjectId, p => p.Id, (c, p) => new { c.ProjectId, c.ComuneId, p.EuShareCents })
            .ToListAsync(ct);
        var attributed = new Dictionary<int, long>();
        foreach (var project in links.GroupBy(l => l.ProjectId))
        {
            var comuni = project.Select(l => l.ComuneId).Order().ToList();
            var share = project.First().EuShareCents;
            long part = share / comuni.Count, rest = share % comuni.Count;
            for (var i = 0; i < comuni.Count; i++)
                attributed[comuni[i]] = attributed.GetValueOrDefault(comuni[i]) + part + (i < rest ? 1 : 0);
        }
        var sizes = links.GroupBy(l => l.ProjectId).ToDictionary(g => g.Key, g => g.Count());
        var ids = attributed.Keys.ToList();
        if (EuWorkAccess.IsComuneOnly(user)) ids = ids.Where(i => i == user.ComuneId).ToList();
        var names = await db.Comuni.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return ids.Select(id =>
            {
                var mine = links.Where(l => l.ComuneId == id).ToList();
                return new ComuneFunding(id, names.GetValueOrDefault(id, ""), mine.Count, mine.Count(l => sizes[l.ProjectId] > 1),
                    attributed[id], mine.Sum(l => l.EuShareCents));
            })
            .OrderByDescending(f => f.AttributedCents).ThenBy(f => f.Comune, StringComparer.Create(Localization.Formats.Italian, true))
            .ToList();
    }

    public async Task<IReadOnlyList<MilestoneDue>> UpcomingMilestonesAsync(DateOnly from, DateOnly to, bool includeDone = false, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) return [];
        await using var db = await dbFactory.CreateAsync(ct);
        var visible = Visible(db, user);
        var q = db.Set<ProjectMilestone>().AsNoTracking().Where(m => m.Date >= from && m.Date <= to);
        if (!includeDone) q = q.Where(m => !m.Done);
        return await q.Join(visible, m => m.ProjectId, p => p.Id, (m, p) => new { m, p })
            .OrderBy(x => x.m.Date).ThenBy(x => x.p.Id).ThenBy(x => x.m.Id).Take(500)
            .Select(x => new MilestoneDue(x.p.Id, x.p.Title, x.p.Acronym, x.m.Title, x.m.Date, x.m.Done))
            .ToListAsync(ct);
    }

    /// <summary>The projects of the user's Province (tenant filter), narrowed to those involving its Comune for a Comune's user.</summary>
    private static IQueryable<Project> Visible(PortalDbContext db, PortalPrincipal user)
    {
        IQueryable<Project> q = db.Set<Project>();
        if (EuWorkAccess.IsComuneOnly(user))
        {
            var comuneId = user.ComuneId ?? -1;
            q = q.Where(p => p.Comuni.Any(c => c.ComuneId == comuneId));
        }
        return q;
    }

    private static async Task CheckReferencesAsync(PortalDbContext db, int provinceId, ProjectInput input, CancellationToken ct)
    {
        var ids = input.ComuneIds.Distinct().ToList();
        if (ids.Count > 0)
        {
            var found = await db.Comuni.Where(c => ids.Contains(c.Id) && c.ProvinceId == provinceId).Select(c => c.Id).ToListAsync(ct);
            if (found.Count != ids.Count)
                throw new EuWorkValidationException(nameof(ProjectInput.ComuneIds), "Comuni coinvolti: uno o più Comuni non appartengono al territorio della Provincia.");
        }
        await EuCallLookup.CheckCallAsync(db, provinceId, input.CallId, nameof(ProjectInput.CallId), ct);
    }

    private static void Apply(Project p, ProjectInput i, DateTime now)
    {
        p.Title = i.Title!.Trim();
        p.Acronym = EuCodeLists.Clean(i.Acronym);
        p.CallId = i.CallId;
        p.CallReference = EuCodeLists.Clean(i.CallReference);
        p.Programme = EuCodeLists.Clean(i.Programme);
        p.LeadOrganisation = i.LeadOrganisation!.Trim();
        p.TotalBudgetCents = Money.ToCents(i.TotalBudget) ?? 0;
        p.EuShareCents = Money.ToCents(i.EuShare) ?? 0;
        p.Cup = string.IsNullOrWhiteSpace(i.Cup) ? null : Identifier.Normalize(i.Cup);
        p.StartDate = Money.ToDate(i.StartDate);
        p.EndDate = Money.ToDate(i.EndDate);
        p.Description = EuCodeLists.Clean(i.Description);
        p.UpdatedAtUtc = now;

        var wanted = i.ComuneIds.Distinct().ToHashSet();
        p.Comuni.RemoveAll(c => !wanted.Contains(c.ComuneId));
        foreach (var c in wanted.Where(c => p.Comuni.All(x => x.ComuneId != c)))
            p.Comuni.Add(new ProjectComune { ProvinceId = p.ProvinceId, ComuneId = c });

        // Rows are matched by position: the form edits the lists in place, so the audit trail shows field changes.
        Resize(p.Partners, i.Partners.Count, () => new ProjectPartner { ProvinceId = p.ProvinceId });
        for (var k = 0; k < i.Partners.Count; k++)
        {
            p.Partners[k].Organisation = i.Partners[k].Organisation!.Trim();
            p.Partners[k].Country = i.Partners[k].Country!.Trim().ToUpperInvariant();
            p.Partners[k].Role = i.Partners[k].Role;
        }
        Resize(p.Milestones, i.Milestones.Count, () => new ProjectMilestone { ProvinceId = p.ProvinceId });
        for (var k = 0; k < i.Milestones.Count; k++)
        {
            p.Milestones[k].Title = i.Milestones[k].Title!.Trim();
            p.Milestones[k].Date = DateOnly.FromDateTime(i.Milestones[k].Date!.Value);
            p.Milestones[k].Done = i.Milestones[k].Done;
        }
    }

    private static void Resize<T>(List<T> list, int count, Func<T> create)
    {
        list.Sort((a, b) => Id(a).CompareTo(Id(b)));
        if (list.Count > count) list.RemoveRange(count, list.Count - count);
        while (list.Count < count) list.Add(create());
        static int Id(T x) => x switch { ProjectPartner pp => pp.Id, ProjectMilestone m => m.Id, _ => 0 };
    }

    private static async Task SaveAsync(PortalDbContext db, Project p, int rowVersion, CancellationToken ct)
    {
        db.Entry(p).Property(x => x.RowVersion).OriginalValue = rowVersion;
        p.RowVersion = rowVersion + 1;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new EuWorkConcurrencyException(); }
    }

    private async Task<PortalPrincipal> ReaderAsync()
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) throw new EuWorkNotFoundException("Scheda progetto non trovata.");
        return user;
    }

    private async Task<PortalPrincipal> WriterAsync()
    {
        var user = await ReaderAsync();
        if (!EuWorkAccess.CanWrite(user)) throw new EuWorkForbiddenException("Il suo ruolo consente di consultare le schede progetto, non di modificarle.");
        return user;
    }
}
