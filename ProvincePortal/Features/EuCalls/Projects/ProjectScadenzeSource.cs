using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Projects;

/// <summary>
/// The open milestones of the Province's project cards in the scadenzario and in the iCal feeds. Reads with the given
/// scope (a calendar feed has no signed-in user, only the token owner's scope); an officer of a Comune sees only the
/// milestones of projects that involve that Comune, as on the project pages.
/// </summary>
public sealed class ProjectScadenzeSource(IDbContextFactory<PortalDbContext> factory) : IScadenzeSource
{
    public async Task<IReadOnlyList<Scadenza>> ListAsync(TenantScope scope, DateTime fromUtc, DateTime toUtc, bool onlyFollowed, CancellationToken ct)
    {
        if (scope.ProvinceId is null) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = scope;
        int? comune = scope.UserId is null ? null
            : await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.ComuneId).FirstOrDefaultAsync(ct);
        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, Formats.Rome));
        var to = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(toUtc, Formats.Rome));
        var query = db.EuProjectMilestones.AsNoTracking().Where(m => !m.Done && m.Date >= from && m.Date <= to);
        if (comune is int c)
            query = query.Where(m => db.EuProjectComuni.Any(pc => pc.ProjectId == m.ProjectId && pc.ComuneId == c));
        var rows = await query.OrderBy(m => m.Date).Take(5000)
            .Join(db.EuProjects, m => m.ProjectId, p => p.Id, (m, p) => new { m.Id, m.Title, m.Date, ProjectId = p.Id, ProjectTitle = p.Title, p.Acronym })
            .ToListAsync(ct);
        // A milestone is a day, not an instant: noon in Rome keeps it on that day in every time zone of the EU.
        return rows
            .Select(r => new Scadenza($"progetto-tappa-{r.Id}@provinceportal", 0,
                TimeZoneInfo.ConvertTimeToUtc(r.Date.ToDateTime(new TimeOnly(12, 0)), Formats.Rome),
                $"Tappa: {r.Title}", r.Acronym is { Length: > 0 } a ? $"{a} · {r.ProjectTitle}" : r.ProjectTitle, "Progetto",
                $"/bandi/progetti/{r.ProjectId}"))
            .Where(s => s.AtUtc >= fromUtc && s.AtUtc < toUtc)
            .ToList();
    }
}
