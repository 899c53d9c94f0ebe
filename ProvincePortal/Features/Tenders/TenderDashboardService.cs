using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
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
    DateTime GeneratedAtUtc);

/// <summary>
/// The Gare dashboard: every figure is an aggregate computed by the database (GROUP BY, SUM, AVG, COUNT) over the
/// procedures the user may see — the same visibility as <see cref="TenderService"/> (tenant filter; a Comune's users see
/// only their Comune's procedures). Nothing loads the procedures into memory.
/// </summary>
public sealed class TenderDashboardService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock)
{
    public const int DeadlineWindowDays = 30;
    private const int CommittentiShown = 8;

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

        var scoped = TenderService.Visible(db, user).AsNoTracking();
        if (filter.SoloProvincia) scoped = scoped.Where(p => p.ComuneId == null);
        else if (filter.ComuneId is int comune) scoped = scoped.Where(p => p.ComuneId == comune);
        var q = filter.Anno is int anno ? scoped.Where(p => p.Anno == anno) : scoped;

        var phases = await q.GroupBy(p => p.Phase)
            .Select(g => new { Phase = g.Key, Count = g.Count(), Value = g.Sum(p => p.ImportoBaseCents) })
            .ToListAsync(ct);
        var byPhase = Enum.GetValues<TenderPhase>()
            .Select(ph => phases.FirstOrDefault(x => x.Phase == ph) is { } x ? new PhaseFigure(ph, x.Count, x.Value) : new PhaseFigure(ph, 0, 0))
            .ToList();
        var inProgress = byPhase.Where(x => x.Phase is TenderPhase.Pubblicazione or TenderPhase.Affidamento or TenderPhase.Esecuzione).ToList();
        var total = byPhase.Sum(x => x.Count);

        // Awarded in the year: the lots' award amounts of procedures whose award date falls in it.
        var from = new DateOnly(awardYear, 1, 1);
        var to = from.AddYears(1);
        var awardedProcedures = scoped.Where(p => p.DataAggiudicazione >= from && p.DataAggiudicazione < to);
        var awardedCount = await awardedProcedures.CountAsync(ct);
        var awardedValue = await db.Lots.AsNoTracking()
            .Where(l => awardedProcedures.Any(p => p.Id == l.ProcedureId))
            .SumAsync(l => l.ImportoAggiudicazioneCents ?? 0, ct);

        var days = await q.Where(p => p.DataPubblicazione != null && p.DataAggiudicazione != null)
            .GroupBy(p => 1)
            .Select(g => new
            {
                Count = g.Count(),
                Average = g.Average(p => (double)(p.DataAggiudicazione!.Value.DayNumber - p.DataPubblicazione!.Value.DayNumber)),
            })
            .FirstOrDefaultAsync(ct);

        var ribasso = await db.Lots.AsNoTracking()
            .Where(l => l.RibassoPercent != null && q.Any(p => p.Id == l.ProcedureId))
            .GroupBy(l => 1)
            .Select(g => new { Count = g.Count(), Average = g.Average(l => (double)l.RibassoPercent!.Value) })
            .FirstOrDefaultAsync(ct);

        var scelte = await q.GroupBy(p => p.SceltaContraente)
            .Select(g => new { Code = g.Key, Count = g.Count(), Value = g.Sum(p => p.ImportoBaseCents) })
            .ToListAsync(ct);
        var bySceltaContraente = scelte.OrderByDescending(x => x.Count).ThenBy(x => x.Code)
            .Select(x => new ShareFigure(TenderCodeLists.Label(TenderCodeLists.SceltaContraente, x.Code) ?? x.Code, x.Count, x.Value, Percent(x.Count, total)))
            .ToList();

        var committenti = await q.GroupBy(p => p.ComuneId)
            .Select(g => new { ComuneId = g.Key, Count = g.Count(), Value = g.Sum(p => p.ImportoBaseCents) })
            .OrderByDescending(x => x.Count).ThenByDescending(x => x.Value)
            .Take(CommittentiShown + 1).ToListAsync(ct);
        var shown = committenti.Count > CommittentiShown ? committenti.Take(CommittentiShown - 1).ToList() : committenti;
        var ids = shown.Where(x => x.ComuneId != null).Select(x => x.ComuneId!.Value).ToList();
        var names = await db.Comuni.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var provinceName = await TenderService.ProvinceNameAsync(db, user, ct);
        var byCommittente = shown
            .Select(x => new ShareFigure(x.ComuneId is int c ? "Comune di " + names.GetValueOrDefault(c, "?") : provinceName, x.Count, x.Value, Percent(x.Count, total)))
            .ToList();
        if (committenti.Count > CommittentiShown)
        {
            var othersCount = total - byCommittente.Sum(x => x.Count);
            var othersValue = byPhase.Sum(x => x.ValueCents) - byCommittente.Sum(x => x.ValueCents);
            byCommittente.Add(new ShareFigure("Altri committenti", othersCount, othersValue, Percent(othersCount, total)));
        }

        var until = now.AddDays(DeadlineWindowDays);
        var deadlines = await db.ProcedureDeadlines.AsNoTracking()
            .Where(d => d.DueAtUtc >= now && d.DueAtUtc < until)
            .Join(scoped.Where(p => p.Phase != TenderPhase.Conclusa), d => d.ProcedureId, p => p.Id,
                (d, p) => new { d.Id, ProcedureId = p.Id, p.Oggetto, d.Kind, d.Titolo, d.DueAtUtc, p.Rup })
            .OrderBy(d => d.DueAtUtc).ThenBy(d => d.Id).Take(50)
            .Select(x => new UpcomingDeadline(x.Id, x.ProcedureId, x.Oggetto, x.Kind, x.Titolo, x.DueAtUtc, x.Rup))
            .ToListAsync(ct);

        return new TenderDashboard(provinceName, filter, awardYear, total, byPhase, inProgress.Sum(x => x.Count), inProgress.Sum(x => x.ValueCents),
            awardedCount, awardedValue, days?.Average, days?.Count ?? 0, ribasso?.Average, ribasso?.Count ?? 0,
            bySceltaContraente, byCommittente, deadlines, now);
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
        var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), Formats.Rome);
        var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Formats.Rome);
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
