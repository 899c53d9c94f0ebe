using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.Requests.Dashboard;

/// <summary>The period of the dashboard: the requests filed from <see cref="From"/> to <see cref="To"/> (calendar days in Rome, both included).</summary>
public sealed record RequestDashboardFilter(DateOnly From, DateOnly To);

public sealed record StateFigure(RequestStatus Status, int Count);

/// <summary>
/// The SLA figures of a set of requests (all of them, a Comune's, a service's). Taken in charge and solved count the
/// requests whose clock has stopped; the shares within SLA are of those. Times are in working minutes of the Province's
/// business calendar; the resolve time excludes the pauses of its clock (In attesa, Risolta until refused).
/// </summary>
public sealed record SlaGroupFigure(
    int? Id, string Label, int Filed, int Open, int TakenInCharge, int TakenWithinSla, int Solved, int SolvedWithinSla,
    double? AverageTakeChargeMinutes, double? AverageResolveMinutes, double? MedianResolveMinutes)
{
    public double? TakenWithinSlaPercent => TakenInCharge == 0 ? null : Math.Round(100.0 * TakenWithinSla / TakenInCharge, 1);
    public double? SolvedWithinSlaPercent => Solved == 0 ? null : Math.Round(100.0 * SolvedWithinSla / Solved, 1);
    public double? AverageResolveHours => AverageResolveMinutes / 60.0;
    public double? MedianResolveHours => MedianResolveMinutes / 60.0;
    public double? AverageTakeChargeHours => AverageTakeChargeMinutes / 60.0;
}

/// <summary>Warnings and breaches the SLA job recorded in the period, per clock.</summary>
public sealed record AlertFigure(SlaClock Clock, int Warnings, int Breaches);

/// <summary>
/// A block of the dashboard beyond the help-desk's own: headline figures, charts and tables, printed in the PDF and
/// written to the Excel file after the help-desk's sections. Other modules (satisfaction surveys, agreements) add theirs
/// by registering an <see cref="IRequestDashboardSection"/>.
/// </summary>
public sealed record DashboardSection(string Key, string Title, IReadOnlyList<KeyFigure> Figures, IReadOnlyList<DashboardChart> Charts,
    IReadOnlyList<ReportTable> Tables);

public sealed record DashboardChart(string Title, IReadOnlyList<ChartBar> Bars);

/// <summary>A module's contribution to the "Richieste Comuni" dashboard, for the same period and the same user; null: nothing to show.</summary>
public interface IRequestDashboardSection
{
    /// <summary>Position among the appended sections (lower first).</summary>
    int Order { get; }
    Task<DashboardSection?> BuildAsync(RequestDashboardFilter filter, CancellationToken ct);
}

/// <summary>The "Richieste Comuni" dashboard of a period: every figure is an aggregate computed by the database.</summary>
public sealed record RequestDashboard(
    string Organisation,
    RequestDashboardFilter Filter,
    SlaGroupFigure Totals,
    IReadOnlyList<StateFigure> ByState,
    IReadOnlyList<SlaGroupFigure> ByComune,
    IReadOnlyList<SlaGroupFigure> ByService,
    IReadOnlyList<AlertFigure> Alerts,
    IReadOnlyList<DashboardSection> Sections,
    DateTime GeneratedAtUtc)
{
    public int Backlog => ByState.Where(s => RequestStateMachine.IsOpen(s.Status)).Sum(s => s.Count);
    public int Warnings => Alerts.Sum(a => a.Warnings);
    public int Breaches => Alerts.Sum(a => a.Breaches);
}
