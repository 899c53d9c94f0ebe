using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Hosting;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Tenders;

/// <summary>Filters of the dashboard: year of the register and committente (a Comune, or the Province itself).</summary>
public sealed record TenderDashboardFilter(int? Anno = null, int? ComuneId = null, bool SoloProvincia = false);

public sealed record PhaseFigure(TenderPhase Phase, int Count, long ValueCents);

/// <summary>One slice of a share: its label, how many procedures and their base value; Percent of the count.</summary>
public sealed record ShareFigure(string Label, int Count, long ValueCents, double Percent);

public sealed record UpcomingDeadline(int DeadlineId, int ProcedureId, string Oggetto, DeadlineKind Kind, string? Titolo, DateTime DueAtUtc, string? Rup);

/// <summary>
/// The KPIs of the Gare dashboard. "In corso" means published and not yet concluded (pubblicazione, affidamento,
/// esecuzione); the award year is the year of the data di aggiudicazione.
/// </summary>
public sealed record TenderDashboard(
    string Organisation,
    TenderDashboardFilter Filter,
    int AwardYear,
    int Total,
    IReadOnlyList<PhaseFigure> ByPhase,
    int InProgressCount,
    long InProgressValueCents,
    int AwardedInYearCount,
    long AwardedInYearValueCents,
    double? AverageDaysToAward,
    int AwardsMeasured,
    double? AverageRibassoPercent,
    int RibassiMeasured,
    IReadOnlyList<ShareFigure> BySceltaContraente,
    IReadOnlyList<ShareFigure> ByCommittente,
    IReadOnlyList<UpcomingDeadline> NextDeadlines,
    DateTime GeneratedAtUtc)
{
    /// <summary>The BDAP-MOP / OpenCUP figures of the procedures in scope (see Bdap/BdapService).</summary>
    public Bdap.BdapDashboardFigures Bdap { get; init; } = new(0, 0, 0, 0, []);
}

/// <summary>
/// The home Cruscotto's Gare panel: the figures of <see cref="TenderDashboard"/> it shows (whole register, current award
/// year) and the first deadlines, with when they were computed.
/// </summary>
public sealed record TenderDashboardSummary(
    int Total,
    int InProgressCount,
    long InProgressValueCents,
    int AwardYear,
    long AwardedInYearValueCents,
    IReadOnlyList<UpcomingDeadline> NextDeadlines,
    DateTime GeneratedAtUtc);

/// <summary>
/// The Gare dashboard: every figure is an aggregate computed by the database (GROUP BY, SUM, AVG, COUNT) over the
/// procedures the user may see — the same visibility as <see cref="TenderService"/> (tenant filter; a Comune's users see
/// only their Comune's procedures). Nothing loads the procedures into memory.
/// </summary>
public sealed class TenderDashboardService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock, IMemoryCache cache)
{
    public const int DeadlineWindowDays = 30;
    private const int CommittentiShown = 8;

    /// <summary>How old the home Cruscotto's Gare figures may be (the panel shows when they were computed).</summary>
    public static readonly TimeSpan SummaryMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>The deadlines the home panel lists.</summary>
    public const int SummaryDeadlines = 3;

    /// <summary>Who downloads the KPI reports (PDF, Excel): the SUA, its Dirigenti and the administrators — not the Comuni.</summary>
    public static readonly string[] ReportRoles = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.SuaOperator, Roles.Manager];

    public static bool CanDownload(PortalPrincipal user) => user.IsInAnyRole(ReportRoles);

    public async Task<TenderDashboard> GetAsync(TenderDashboardFilter filter, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Tenders)) throw new TenderNotFoundException();
        await using var db = await dbFactory.CreateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, Formats.Rome));
        var awardYear = filter.Anno ?? today.Year;

        var scoped = Scoped(db, user);
        var wholeScope = !filter.SoloProvincia && filter.ComuneId is null && TenderService.SeesWholeProvince(user);
        if (filter.SoloProvincia) scoped = scoped.Where(p => p.ComuneId == null);
        else if (filter.ComuneId is int comune) scoped = scoped.Where(p => p.ComuneId == comune);
        var anno = filter.Anno;
        var ofYear = anno is int y ? scoped.Where(p => p.Anno == y) : scoped;
        var from = new DateOnly(awardYear, 1, 1);
        var to = from.AddYears(1);

        // One pass over the covering index IX_Procedures_Dashboard, in its order (phase, procedure type, committente), so
        // the database groups without sorting: a few thousand groups at most, from which every count and value is summed.
        var groups = await ofYear
            .GroupBy(p => new { p.Phase, p.SceltaContraente, p.ComuneId })
            .Select(g => new
            {
                g.Key.Phase, g.Key.SceltaContraente, g.Key.ComuneId,
                Count = g.Count(),
                Value = g.Sum(p => p.ImportoBaseCents),
                Measured = g.Sum(p => p.DataPubblicazione != null && p.DataAggiudicazione != null ? 1 : 0),
                Days = g.Sum(p => p.DataPubblicazione != null && p.DataAggiudicazione != null
                    ? p.DataAggiudicazione!.Value.DayNumber - p.DataPubblicazione!.Value.DayNumber : 0),
            })
            .ToListAsync(ct);
        var byPhase = Enum.GetValues<TenderPhase>()
            .Select(ph => new PhaseFigure(ph, groups.Where(g => g.Phase == ph).Sum(g => g.Count), groups.Where(g => g.Phase == ph).Sum(g => g.Value)))
            .ToList();
        var inProgress = byPhase.Where(x => x.Phase is TenderPhase.Pubblicazione or TenderPhase.Affidamento or TenderPhase.Esecuzione).ToList();
        var total = byPhase.Sum(x => x.Count);
        var measured = groups.Sum(g => g.Measured);
        double? averageDays = measured == 0 ? null : (double)groups.Sum(g => (long)g.Days) / measured;

        // The awards of the award year, whatever the register year: a range of the (ProvinceId, DataAggiudicazione) index.
        var awardedInYear = scoped.Where(p => p.DataAggiudicazione >= from && p.DataAggiudicazione < to);
        var awardedCount = await awardedInYear.CountAsync(ct);
        var awardedValue = await AwardedValueAsync(db, scoped, from, to, ct);

        // The discounts: over the whole Province the lots alone (their tenant is their procedure's); for a committente,
        // a year or a Comune's user, the lots of the procedures in scope.
        var lots = wholeScope && anno is null
            ? db.Lots.AsNoTracking()
            : db.Lots.AsNoTracking().Join(ofYear, l => l.ProcedureId, p => p.Id, (l, p) => l);
        if (!db.Scope.SeesAllProvinces && db.Scope.ProvinceId is int lotProvince) lots = lots.Where(l => l.ProvinceId == lotProvince);
        var ribassiFigures = await lots.Where(l => l.RibassoPercent != null)
            .GroupBy(l => 1)
            .Select(g => new { Count = g.Count(), Sum = g.Sum(l => (double)l.RibassoPercent!.Value) })
            .ToListAsync(ct); // one group at most
        var ribassi = ribassiFigures.FirstOrDefault()?.Count ?? 0;
        double? averageRibasso = ribassi == 0 ? null : ribassiFigures[0].Sum / ribassi;

        var bySceltaContraente = groups.GroupBy(g => g.SceltaContraente)
            .Select(x => new { Code = x.Key, Count = x.Sum(g => g.Count), Value = x.Sum(g => g.Value) })
            .Where(x => x.Count > 0).OrderByDescending(x => x.Count).ThenBy(x => x.Code)
            .Select(x => new ShareFigure(TenderCodeLists.Label(TenderCodeLists.SceltaContraente, x.Code) ?? x.Code, x.Count, x.Value, Percent(x.Count, total)))
            .ToList();

        var committenti = groups.GroupBy(g => g.ComuneId)
            .Select(x => new { ComuneId = x.Key, Count = x.Sum(g => g.Count), Value = x.Sum(g => g.Value) })
            .OrderByDescending(x => x.Count).ThenByDescending(x => x.Value).ToList();
        var shown = committenti.Count > CommittentiShown ? committenti.Take(CommittentiShown - 1).ToList() : committenti;
        var ids = shown.Where(x => x.ComuneId != null).Select(x => x.ComuneId!.Value).ToList();
        var names = await db.Comuni.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var provinceName = await TenderService.ProvinceNameAsync(db, user, ct);
        var byCommittente = shown
            .Select(x => new ShareFigure(x.ComuneId is int c ? "Comune di " + names.GetValueOrDefault(c, "?") : provinceName, x.Count, x.Value, Percent(x.Count, total)))
            .ToList();
        if (committenti.Count > CommittentiShown)
        {
            var others = committenti.Skip(CommittentiShown - 1).ToList();
            byCommittente.Add(new ShareFigure("Altri committenti", others.Sum(x => x.Count), others.Sum(x => x.Value), Percent(others.Sum(x => x.Count), total)));
        }

        var deadlines = await NextDeadlinesAsync(db, scoped, now, 50, ct);

        return new TenderDashboard(provinceName, filter, awardYear, total, byPhase, inProgress.Sum(x => x.Count), inProgress.Sum(x => x.ValueCents),
            awardedCount, awardedValue, averageDays, measured, averageRibasso, ribassi,
            bySceltaContraente, byCommittente, deadlines, now)
        {
            Bdap = await Bdap.BdapService.DashboardAsync(db, ofYear, ct),
        };
    }

    /// <summary>
    /// The home Cruscotto's Gare figures, shared for <see cref="SummaryMaxAge"/> by the users who see the same procedures:
    /// every officer's first page is the Cruscotto, and the full dashboard cost ~6 % of the server's CPU with 60 users
    /// navigating (bench/README.md, "Active users, second round"). What the user sees is decided by the tenant scope (a
    /// Province, or all of them for the platform administrator) and, for a Comune's user, by the Comune
    /// (<see cref="TenderService.Visible"/>): both are in the key, so nobody is ever served another's figures.
    /// </summary>
    public async Task<TenderDashboardSummary> GetSummaryAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Tenders)) throw new TenderNotFoundException();
        var scope = PortalDbFactory.ScopeOf(user);
        var now = clock.GetUtcNow().UtcDateTime;
        var awardYear = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, Formats.Rome)).Year;
        var key = (nameof(TenderDashboardSummary), scope.SharingKey,
            TenderService.SeesWholeProvince(user) ? (int?)null : user.ComuneId ?? -1, awardYear);
        return await cache.GetOrComputeOnceAsync(key, SummaryMaxAge, token => ComputeSummaryAsync(user, now, awardYear, token), ct);
    }

    private async Task<TenderDashboardSummary> ComputeSummaryAsync(PortalPrincipal user, DateTime now, int awardYear, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var scoped = Scoped(db, user);
        var phases = await scoped.GroupBy(p => p.Phase)
            .Select(g => new { Phase = g.Key, Count = g.Count(), Value = g.Sum(p => p.ImportoBaseCents) })
            .ToListAsync(ct);
        var inProgress = phases.Where(x => x.Phase is TenderPhase.Pubblicazione or TenderPhase.Affidamento or TenderPhase.Esecuzione).ToList();
        var from = new DateOnly(awardYear, 1, 1);
        var awardedValue = await AwardedValueAsync(db, scoped, from, from.AddYears(1), ct);
        var deadlines = await NextDeadlinesAsync(db, scoped, now, SummaryDeadlines, ct);
        return new TenderDashboardSummary(phases.Sum(x => x.Count), inProgress.Sum(x => x.Count), inProgress.Sum(x => x.Value),
            awardYear, awardedValue, deadlines, now);
    }

    /// <summary>The procedures the user sees (<see cref="TenderService.Visible"/>) with the Province's equality for the indexes.</summary>
    private static IQueryable<Procedure> Scoped(PortalDbContext db, PortalPrincipal user)
    {
        var scoped = TenderService.Visible(db, user).AsNoTracking();
        // The tenant filter is "sees all OR ProvinceId = @id"; SQLite cannot seek an index through that OR, so a
        // Province's user also gets the equality itself: every query then reads the Province's slice of an index.
        if (!db.Scope.SeesAllProvinces && db.Scope.ProvinceId is int provinceId) scoped = scoped.Where(p => p.ProvinceId == provinceId);
        return scoped;
    }

    /// <summary>The awarded value of the lots of the procedures awarded in [from, to), whatever their register year.</summary>
    private static Task<long> AwardedValueAsync(PortalDbContext db, IQueryable<Procedure> scoped, DateOnly from, DateOnly to, CancellationToken ct) =>
        db.Lots.AsNoTracking()
            .Join(scoped.Where(p => p.DataAggiudicazione >= from && p.DataAggiudicazione < to), l => l.ProcedureId, p => p.Id, (l, p) => l.ImportoAggiudicazioneCents ?? 0)
            .SumAsync(ct);

    private static async Task<IReadOnlyList<UpcomingDeadline>> NextDeadlinesAsync(PortalDbContext db, IQueryable<Procedure> scoped, DateTime now, int max, CancellationToken ct)
    {
        var until = now.AddDays(DeadlineWindowDays);
        var upcoming = db.ProcedureDeadlines.AsNoTracking().Where(d => d.DueAtUtc >= now && d.DueAtUtc < until);
        if (!db.Scope.SeesAllProvinces && db.Scope.ProvinceId is int deadlineProvince) upcoming = upcoming.Where(d => d.ProvinceId == deadlineProvince);
        return await upcoming
            .Join(scoped.Where(p => p.Phase != TenderPhase.Conclusa), d => d.ProcedureId, p => p.Id,
                (d, p) => new { d.Id, ProcedureId = p.Id, p.Oggetto, d.Kind, d.Titolo, d.DueAtUtc, p.Rup })
            .OrderBy(d => d.DueAtUtc).ThenBy(d => d.Id).Take(max)
            .Select(x => new UpcomingDeadline(x.Id, x.ProcedureId, x.Oggetto, x.Kind, x.Titolo, x.DueAtUtc, x.Rup))
            .ToListAsync(ct);
    }

    /// <summary>The dashboard for a download: only for <see cref="ReportRoles"/>; a Comune's user gets "forbidden".</summary>
    public async Task<TenderDashboard> GetForReportAsync(TenderDashboardFilter filter, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CanDownload(user)) throw new TenderForbiddenException("Il suo ruolo non consente di scaricare gli indicatori delle gare.");
        return await GetAsync(filter, ct);
    }

    /// <summary>The years present in the register, newest first (for the year filter).</summary>
    public async Task<IReadOnlyList<int>> ListYearsAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Tenders)) return [];
        await using var db = await dbFactory.CreateAsync(ct);
        return await TenderService.Visible(db, user).Select(p => p.Anno).Distinct().OrderByDescending(a => a).Take(50).ToListAsync(ct);
    }

    /// <summary>The deadlines between two calendar days (inclusive, Rome time) of the procedures the user sees; at most 2,000.</summary>
    public async Task<IReadOnlyList<UpcomingDeadline>> ListDeadlinesAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Tenders)) throw new TenderNotFoundException();
        await using var db = await dbFactory.CreateAsync(ct);
        var start = Formats.StartOfDayUtc(from);
        var end = Formats.StartOfDayUtc(to.AddDays(1));
        return await db.ProcedureDeadlines.AsNoTracking()
            .Where(d => d.DueAtUtc >= start && d.DueAtUtc < end)
            .Join(TenderService.Visible(db, user), d => d.ProcedureId, p => p.Id,
                (d, p) => new { d.Id, ProcedureId = p.Id, p.Oggetto, d.Kind, d.Titolo, d.DueAtUtc, p.Rup })
            .OrderBy(d => d.DueAtUtc).ThenBy(d => d.Id).Take(2000)
            .Select(x => new UpcomingDeadline(x.Id, x.ProcedureId, x.Oggetto, x.Kind, x.Titolo, x.DueAtUtc, x.Rup))
            .ToListAsync(ct);
    }

    private static double Percent(int count, int total) => total == 0 ? 0 : Math.Round(100.0 * count / total, 1);
}
