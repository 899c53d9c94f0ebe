using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Features.Identity;
using ProvincePortal.Hosting;

namespace ProvincePortal.Features.EuCalls.Dashboard;

public sealed record ProgrammeFigure(string Programme, int Open, int Forthcoming);

public sealed record ProjectStatusFigure(ProjectStatus Status, int Count, long TotalBudgetCents, long EuShareCents);

public sealed record CallDeadlineDue(int CallId, string Identifier, string Title, string Programme, DateTime DeadlineUtc);

/// <summary>
/// The "Bandi UE" KPIs: calls as the user sees the registry (shared EU calls plus the Province's own), projects and
/// funding as <see cref="ProjectService"/> shows them (a Comune's user: the projects of its Comune).
/// </summary>
public sealed record EuDashboard(
    string Organisation,
    int OpenCalls,
    int ForthcomingCalls,
    int OwnOpenCalls,
    int DeadlinesInWindow,
    IReadOnlyList<CallDeadlineDue> NextDeadlines,
    IReadOnlyList<ProgrammeFigure> ByProgramme,
    IReadOnlyList<ProjectStatusFigure> ProjectsByStatus,
    int FundedProjects,
    long FundingObtainedCents,
    IReadOnlyList<ComuneFunding> FundingByComune,
    DateTime GeneratedAtUtc)
{
    public int Projects => ProjectsByStatus.Sum(s => s.Count);
}

/// <summary>
/// The home Cruscotto's Bandi UE panel: the figures of <see cref="EuDashboard"/> it shows and the first deadlines, with
/// when they were computed.
/// </summary>
public sealed record EuDashboardSummary(
    int OpenCalls,
    int ForthcomingCalls,
    int DeadlinesInWindow,
    IReadOnlyList<CallDeadlineDue> NextDeadlines,
    int Projects,
    long FundingObtainedCents,
    DateTime GeneratedAtUtc);

/// <summary>Counts and sums are computed by the database; only the groups (programmes, statuses, Comuni) come back.</summary>
public sealed class EuDashboardService(PortalDbFactory dbFactory, CurrentUser currentUser, ProjectService projects, TimeProvider clock, IMemoryCache cache)
{
    /// <summary>How old the home Cruscotto's Bandi UE figures may be (the panel shows when they were computed).</summary>
    public static readonly TimeSpan SummaryMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>The deadlines the home panel lists.</summary>
    public const int SummaryDeadlines = 3;

    public const int DeadlineWindowDays = 30;
    public const int ProgrammesShown = 12;
    public const int DeadlinesListed = 50;

    /// <summary>Who downloads the KPI reports: the Dirigente, the EU office and the administrators — not the Comuni.</summary>
    public static readonly string[] ReportRoles = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.EuropeOperator, Roles.Manager];

    public static bool CanDownload(PortalPrincipal user) => user.IsInAnyRole(ReportRoles);

    public async Task<EuDashboard> GetAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) throw new EuWorkNotFoundException("Cruscotto non disponibile.");
        await using var db = await dbFactory.CreateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;

        var live = LiveCalls(db, now);
        var byProgramme = await live
            .GroupBy(c => c.Programme)
            .Select(g => new
            {
                Programme = g.Key,
                Open = g.Sum(c => c.OpeningUtc == null || c.OpeningUtc <= now ? 1 : 0),
                Forthcoming = g.Sum(c => c.OpeningUtc != null && c.OpeningUtc > now ? 1 : 0),
                Own = g.Sum(c => c.ProvinceId != null && (c.OpeningUtc == null || c.OpeningUtc <= now) ? 1 : 0),
            })
            .ToListAsync(ct);
        var ordered = byProgramme.OrderByDescending(p => p.Open + p.Forthcoming).ThenBy(p => p.Programme, StringComparer.Create(Localization.Formats.Italian, true)).ToList();
        var programmes = ordered.Take(ordered.Count > ProgrammesShown ? ProgrammesShown - 1 : ProgrammesShown)
            .Select(p => new ProgrammeFigure(string.IsNullOrWhiteSpace(p.Programme) ? "Senza programma" : p.Programme, p.Open, p.Forthcoming)).ToList();
        if (ordered.Count > ProgrammesShown)
        {
            var rest = ordered.Skip(ProgrammesShown - 1).ToList();
            programmes.Add(new ProgrammeFigure("Altri programmi", rest.Sum(p => p.Open), rest.Sum(p => p.Forthcoming)));
        }

        var window = DeadlineWindow(db, now);
        var deadlinesInWindow = await window.CountAsync(ct);
        var nextDeadlines = await NextDeadlinesAsync(window, DeadlinesListed, ct);
        var byStatus = await ProjectsByStatusAsync(db, user, ct);
        var funded = byStatus.Where(s => ProjectStatusRules.Funded.Contains(s.Status)).ToList();

        var organisation = user.ProvinceId is int province
            ? await Bulletins.BulletinService.ProvinceNameAsync(db, province, ct)
            : "Tutte le Province";
        var fundingByComune = await projects.FundingByComuneAsync(ct: ct);

        return new EuDashboard(organisation, byProgramme.Sum(p => p.Open), byProgramme.Sum(p => p.Forthcoming), byProgramme.Sum(p => p.Own),
            deadlinesInWindow, nextDeadlines, programmes, byStatus, funded.Sum(s => s.Count), funded.Sum(s => s.EuShareCents), fundingByComune, now);
    }

    /// <summary>
    /// The home Cruscotto's Bandi UE figures, shared for <see cref="SummaryMaxAge"/> by the users who see the same calls and
    /// projects (the full dashboard cost ~5 % of the server's CPU with 60 users navigating, bench/README.md "Active users,
    /// second round"). The calls depend on the tenant scope (shared calls plus the Province's own), the projects also on
    /// the Comune for a Comune's user (<see cref="EuWorkAccess.IsComuneOnly"/>): both are in the key.
    /// </summary>
    public async Task<EuDashboardSummary> GetSummaryAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) throw new EuWorkNotFoundException("Cruscotto non disponibile.");
        var scope = PortalDbFactory.ScopeOf(user);
        var comuneOnly = EuWorkAccess.IsComuneOnly(user);
        var key = (nameof(EuDashboardSummary), scope.SharingKey, comuneOnly ? user.ComuneId ?? -1 : (int?)null);
        return await cache.GetOrComputeOnceAsync(key, SummaryMaxAge, token => ComputeSummaryAsync(user, token), ct);
    }

    private async Task<EuDashboardSummary> ComputeSummaryAsync(PortalPrincipal user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var calls = await LiveCalls(db, now).GroupBy(c => 1)
            .Select(g => new
            {
                Open = g.Sum(c => c.OpeningUtc == null || c.OpeningUtc <= now ? 1 : 0),
                Forthcoming = g.Sum(c => c.OpeningUtc != null && c.OpeningUtc > now ? 1 : 0),
            })
            .ToListAsync(ct); // one group at most
        var window = DeadlineWindow(db, now);
        var deadlinesInWindow = await window.CountAsync(ct);
        var nextDeadlines = await NextDeadlinesAsync(window, SummaryDeadlines, ct);
        var byStatus = await ProjectsByStatusAsync(db, user, ct);
        var funded = byStatus.Where(s => ProjectStatusRules.Funded.Contains(s.Status)).ToList();

        return new EuDashboardSummary(calls.FirstOrDefault()?.Open ?? 0, calls.FirstOrDefault()?.Forthcoming ?? 0, deadlinesInWindow,
            nextDeadlines, byStatus.Sum(s => s.Count), funded.Sum(s => s.EuShareCents), now);
    }

    private static IQueryable<Call> LiveCalls(PortalDbContext db, DateTime now) =>
        db.Calls.AsNoTracking().Where(c => c.LastDeadlineUtc == null || c.LastDeadlineUtc >= now);

    private static IQueryable<CallDeadline> DeadlineWindow(PortalDbContext db, DateTime now)
    {
        var until = now.AddDays(DeadlineWindowDays);
        return db.CallDeadlines.AsNoTracking().Where(d => d.DeadlineUtc >= now && d.DeadlineUtc < until);
    }

    private static async Task<IReadOnlyList<CallDeadlineDue>> NextDeadlinesAsync(IQueryable<CallDeadline> window, int max, CancellationToken ct) =>
        await window.OrderBy(d => d.DeadlineUtc).ThenBy(d => d.Id).Take(max)
            .Select(d => new CallDeadlineDue(d.CallId, d.Call!.Identifier, d.Call.Title, d.Call.Programme, d.DeadlineUtc))
            .ToListAsync(ct);

    /// <summary>Every status with its projects as <see cref="ProjectService"/> shows them (a Comune's user: its Comune's).</summary>
    private static async Task<IReadOnlyList<ProjectStatusFigure>> ProjectsByStatusAsync(PortalDbContext db, PortalPrincipal user, CancellationToken ct)
    {
        IQueryable<Project> visibleProjects = db.EuProjects.AsNoTracking();
        if (EuWorkAccess.IsComuneOnly(user))
        {
            var comuneId = user.ComuneId ?? -1;
            visibleProjects = visibleProjects.Where(p => p.Comuni.Any(c => c.ComuneId == comuneId));
        }
        var statuses = await visibleProjects.GroupBy(p => p.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Budget = g.Sum(p => p.TotalBudgetCents), Eu = g.Sum(p => p.EuShareCents) })
            .ToListAsync(ct);
        return Enum.GetValues<ProjectStatus>()
            .Select(s => statuses.FirstOrDefault(x => x.Status == s) is { } x ? new ProjectStatusFigure(s, x.Count, x.Budget, x.Eu) : new ProjectStatusFigure(s, 0, 0, 0))
            .ToList();
    }

    /// <summary>The dashboard for a download: only for <see cref="ReportRoles"/>.</summary>
    public async Task<EuDashboard> GetForReportAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CanDownload(user)) throw new EuWorkForbiddenException("Il suo ruolo non consente di scaricare gli indicatori dei bandi.");
        return await GetAsync(ct);
    }
}
