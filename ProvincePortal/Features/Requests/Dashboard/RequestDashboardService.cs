using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Hosting;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests.Dashboard;

/// <summary>
/// The "Richieste Comuni" dashboard over the requests filed in a period, for the Province's staff (tenant filter: a
/// Province's own requests; the platform administrator all of them). Counts, shares and averages come from one grouped
/// pass over the covering index IX_ServiceRequests_Dashboard, using the working minutes stored on each request when it
/// was taken in charge and solved; medians from a window query over the same index. No request row is loaded.
/// </summary>
public sealed class RequestDashboardService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock,
    IEnumerable<IRequestDashboardSection> sections, IMemoryCache cache)
{
    /// <summary>How old the home Cruscotto's Richieste figures may be (the panel shows when they were computed).</summary>
    public static readonly TimeSpan SummaryMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Who opens the dashboard and downloads it: the competence centre, its Dirigente and the administrators — not the Comuni.</summary>
    public static readonly string[] ViewerRoles = Policies.RolesByPolicy[Policies.RequestsDashboard];

    public static bool CanView(PortalPrincipal user) => user.IsInAnyRole(ViewerRoles);

    /// <summary>From 1 January of the current year to today.</summary>
    public RequestDashboardFilter DefaultFilter()
    {
        var today = WorkCalendar.LocalDay(clock.GetUtcNow().UtcDateTime);
        return new RequestDashboardFilter(new DateOnly(today.Year, 1, 1), today);
    }

    public async Task<RequestDashboard> GetAsync(RequestDashboardFilter filter, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CanView(user)) throw new RequestNotFoundException();
        if (filter.From > filter.To)
            throw new RequestValidationException("Periodo", $"Periodo: la data di inizio ({Formats.Date(filter.From)}) segue la data di fine ({Formats.Date(filter.To)}).");
        return await BuildAsync(user, filter, withSections: true, ct);
    }

    /// <summary>
    /// The current year's figures for the home Cruscotto's panel, without the extra sections. They are the same for every
    /// viewer of a Province (the dashboard's only filter is the tenant scope), and every officer's first page is the
    /// Cruscotto: one computation per Province and <see cref="SummaryMaxAge"/> is shared by all its users (measured at
    /// ~9 % of the server's CPU with 60 users navigating, bench/README.md "Active users, second round").
    /// </summary>
    public async Task<RequestDashboard> GetSummaryAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CanView(user)) throw new RequestNotFoundException();
        var filter = DefaultFilter();
        var scope = PortalDbFactory.ScopeOf(user);
        var key = (nameof(GetSummaryAsync), scope.SharingKey, filter);
        return await cache.GetOrComputeOnceAsync(key, SummaryMaxAge, token => BuildAsync(user, filter, withSections: false, token), ct);
    }

    private async Task<RequestDashboard> BuildAsync(PortalPrincipal user, RequestDashboardFilter filter, bool withSections, CancellationToken ct)
    {
        var from = Formats.StartOfDayUtc(filter.From);
        var to = Formats.StartOfDayUtc(filter.To.AddDays(1));
        await using var db = await dbFactory.CreateAsync(ct);
        int? provinceId = db.Scope.SeesAllProvinces ? null : db.Scope.ProvinceId ?? -1;

        var requests = db.Set<ServiceRequest>().AsNoTracking().Where(r => r.CreatedAtUtc >= from && r.CreatedAtUtc < to);
        // The tenant filter is "sees all OR ProvinceId = @id": the equality lets the database seek the index.
        if (provinceId is int p) requests = requests.Where(r => r.ProvinceId == p);

        var groups = await requests
            .GroupBy(r => new { r.ComuneId, r.ServiceId, r.Status })
            .Select(g => new Group(
                g.Key.ComuneId, g.Key.ServiceId, g.Key.Status,
                g.Count(),
                g.Sum(r => r.TakeChargeWorkingMinutes != null ? 1 : 0),
                g.Sum(r => r.TakeChargeWorkingMinutes != null && r.TakeChargeMarginMinutes >= 0 ? 1 : 0),
                g.Sum(r => (long)(r.TakeChargeWorkingMinutes ?? 0)),
                g.Sum(r => r.ResolveWorkingMinutes != null ? 1 : 0),
                g.Sum(r => r.ResolveWorkingMinutes != null && r.ResolveMarginMinutes >= 0 ? 1 : 0),
                g.Sum(r => (long)(r.ResolveWorkingMinutes ?? 0))))
            .ToListAsync(ct);

        var medianByComune = await MediansAsync(db, "ComuneId", from, to, provinceId, ct);
        var medianByService = await MediansAsync(db, "ServiceId", from, to, provinceId, ct);
        var medianOverall = await MediansAsync(db, null, from, to, provinceId, ct);

        var comuneIds = groups.Where(g => g.ComuneId != null).Select(g => g.ComuneId!.Value).Distinct().ToList();
        var comuneNames = await db.Comuni.AsNoTracking().Where(c => comuneIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var serviceIds = groups.Select(g => g.ServiceId).Distinct().ToList();
        var serviceNames = await db.Set<CatalogService>().AsNoTracking().IgnoreQueryFilters([TenantScope.FilterName])
            .Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var byComune = groups.GroupBy(g => g.ComuneId)
            .Select(x => Figure(x.Key, x.Key is int c ? comuneNames.GetValueOrDefault(c, "?") : "Uffici provinciali", x, Median(medianByComune, x.Key ?? -1)))
            .OrderByDescending(f => f.Filed).ThenBy(f => f.Label, StringComparer.Create(Formats.Italian, true)).ToList();
        var byService = groups.GroupBy(g => (int?)g.ServiceId)
            .Select(x => Figure(x.Key, serviceNames.GetValueOrDefault(x.Key!.Value, "?"), x, Median(medianByService, x.Key!.Value)))
            .OrderByDescending(f => f.Filed).ThenBy(f => f.Label, StringComparer.Create(Formats.Italian, true)).ToList();
        var totals = Figure(null, "Totale", groups, Median(medianOverall, 0));
        var byState = Enum.GetValues<RequestStatus>().Select(s => new StateFigure(s, groups.Where(g => g.Status == s).Sum(g => g.Count))).ToList();

        var alertRows = db.Set<SlaAlert>().AsNoTracking().Where(a => a.AtUtc >= from && a.AtUtc < to);
        if (provinceId is int ap) alertRows = alertRows.Where(a => a.ProvinceId == ap);
        var alertGroups = await alertRows.GroupBy(a => new { a.Clock, a.Kind }).Select(g => new { g.Key.Clock, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        var alerts = Enum.GetValues<SlaClock>()
            .Select(c => new AlertFigure(c,
                alertGroups.Where(a => a.Clock == c && a.Kind == SlaAlertKind.Avviso).Sum(a => a.Count),
                alertGroups.Where(a => a.Clock == c && a.Kind == SlaAlertKind.Violazione).Sum(a => a.Count)))
            .ToList();

        var organisation = provinceId is null
            ? "Tutte le Province"
            : await Tenders.TenderService.ProvinceNameAsync(db, user, ct, provinceId);

        var extra = new List<DashboardSection>();
        if (withSections)
            foreach (var source in sections.OrderBy(s => s.Order))
                if (await source.BuildAsync(filter, ct) is { } section) extra.Add(section);

        return new RequestDashboard(organisation, filter, totals, byState, byComune, byService, alerts, extra, clock.GetUtcNow().UtcDateTime);
    }

    private sealed record Group(int? ComuneId, int ServiceId, RequestStatus Status, int Count, int Taken, int TakenOk, long TakeMinutes,
        int Solved, int SolvedOk, long ResolveMinutes);

    private static SlaGroupFigure Figure(int? id, string label, IEnumerable<Group> groups, double? median)
    {
        var list = groups.ToList();
        var taken = list.Sum(g => g.Taken);
        var solved = list.Sum(g => g.Solved);
        return new SlaGroupFigure(id, label, list.Sum(g => g.Count), list.Where(g => RequestStateMachine.IsOpen(g.Status)).Sum(g => g.Count),
            taken, list.Sum(g => g.TakenOk), solved, list.Sum(g => g.SolvedOk),
            taken == 0 ? null : (double)list.Sum(g => g.TakeMinutes) / taken,
            solved == 0 ? null : (double)list.Sum(g => g.ResolveMinutes) / solved,
            median);
    }

    private static double? Median(Dictionary<int, double> medians, int key) => medians.TryGetValue(key, out var m) ? m : null;

    private sealed record MiddleRow(int? Key, int Minutes);

    /// <summary>
    /// The median resolve time per group (<paramref name="column"/>; null: one group, key 0): a window query numbers each
    /// group's times in order and returns only the middle one or two. EF has no window functions, so this is SQL; it
    /// runs unchanged on SQLite and PostgreSQL. A null ComuneId (the Province's own offices) comes back under key -1.
    /// </summary>
    private static async Task<Dictionary<int, double>> MediansAsync(PortalDbContext db, string? column, DateTime from, DateTime to, int? provinceId,
        CancellationToken ct)
    {
        var key = column is null ? "0" : $"COALESCE(\"{column}\", -1)";
        var province = provinceId is null ? "" : " AND \"ProvinceId\" = {2}";
        var sql = $"""
            SELECT "Key", "Minutes" FROM (
                SELECT {key} AS "Key", "ResolveWorkingMinutes" AS "Minutes",
                       ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY "ResolveWorkingMinutes") AS "Rank",
                       COUNT(*) OVER (PARTITION BY {key}) AS "Total"
                FROM "ServiceRequests"
                WHERE "CreatedAtUtc" >= {"{0}"} AND "CreatedAtUtc" < {"{1}"}{province} AND "ResolveWorkingMinutes" IS NOT NULL
            ) AS "Ranked"
            WHERE "Rank" = ("Total" + 1) / 2 OR "Rank" = ("Total" + 2) / 2
            """;
        var rows = await db.Database.SqlQuery<MiddleRow>(FormattableStringFactory.Create(sql, from, to, provinceId ?? -1)).ToListAsync(ct);
        return rows.GroupBy(r => r.Key ?? -1).ToDictionary(g => g.Key, g => g.Average(r => (double)r.Minutes));
    }
}
