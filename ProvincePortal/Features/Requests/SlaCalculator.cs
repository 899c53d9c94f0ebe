namespace ProvincePortal.Features.Requests;

/// <summary>A change of state of a request, as read from its history.</summary>
public readonly record struct StatusChange(DateTime AtUtc, RequestStatus From, RequestStatus To);

public sealed record SlaTargets(int TakeCharge, SlaUnit TakeChargeUnit, int Resolve, SlaUnit ResolveUnit, int WarningPercent);

/// <summary>
/// The SLA figures of one request at a moment. <see cref="ResolveDueUtc"/> is null while the resolve clock is paused;
/// <see cref="ResolveRemainingMinutes"/> then says how much working time is left once it runs again.
/// </summary>
public sealed record SlaFigures(
    DateTime TakeChargeDueUtc, DateTime TakeChargeWarnUtc, int? TakeChargeMarginMinutes,
    DateTime? ResolveDueUtc, DateTime? ResolveWarnUtc, int? ResolveMarginMinutes, double ResolveRemainingMinutes,
    double PausedMinutes, SlaState State)
{
    /// <summary>Working minutes from filing to taking charge; null until taken in charge.</summary>
    public int? TakeChargeWorkingMinutes { get; init; }
    /// <summary>Working minutes from filing to the solution, the resolve clock's pauses excluded; null until solved.</summary>
    public int? ResolveWorkingMinutes { get; init; }
}

/// <summary>
/// SLA in working time. Take-charge time (TTO) runs from filing to the first change out of "Nuova" and never pauses.
/// Resolve time (TTR) runs from filing to the last solution; it pauses while "In attesa" and while "Risolta" (until closed
/// or refused). Pauses are computed from the status history every time, never accumulated in counters: a correction of
/// the history or of the calendar gives the right figures again.
/// Due = start + target in working time + paused working time.
/// </summary>
public static class SlaCalculator
{
    public static DateTime TargetEnd(WorkCalendar calendar, DateTime startUtc, int target, SlaUnit unit) => unit switch
    {
        SlaUnit.Minuti => calendar.AddWorkingMinutes(startUtc, target),
        SlaUnit.Ore => calendar.AddWorkingMinutes(startUtc, target * 60.0),
        SlaUnit.Giorni => calendar.AddWorkingDays(startUtc, target),
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>The moment <paramref name="percent"/>% of the target's working time has passed.</summary>
    public static DateTime WarnAt(WorkCalendar calendar, DateTime startUtc, DateTime targetEndUtc, int percent)
    {
        var total = calendar.WorkingMinutesBetween(startUtc, targetEndUtc);
        return calendar.AddWorkingMinutes(startUtc, total * Math.Clamp(percent, 1, 100) / 100.0);
    }

    /// <summary>Working minutes from <paramref name="actualUtc"/> to <paramref name="dueUtc"/>: positive when early, negative when late.</summary>
    public static int Margin(WorkCalendar calendar, DateTime actualUtc, DateTime dueUtc) =>
        actualUtc <= dueUtc
            ? (int)Math.Round(calendar.WorkingMinutesBetween(actualUtc, dueUtc))
            : -(int)Math.Ceiling(calendar.WorkingMinutesBetween(dueUtc, actualUtc));

    /// <summary>Working minutes in which the resolve clock was paused between filing and <paramref name="untilUtc"/>.</summary>
    public static double PausedMinutes(WorkCalendar calendar, DateTime createdUtc, IReadOnlyList<StatusChange> history, DateTime untilUtc)
    {
        double paused = 0;
        var status = RequestStatus.Nuova;
        var since = createdUtc;
        foreach (var change in history.OrderBy(h => h.AtUtc))
        {
            if (change.AtUtc > untilUtc) break;
            if (RequestStateMachine.PausesResolveClock(status)) paused += calendar.WorkingMinutesBetween(since, change.AtUtc);
            status = change.To;
            since = change.AtUtc;
        }
        if (RequestStateMachine.PausesResolveClock(status)) paused += calendar.WorkingMinutesBetween(since, untilUtc);
        return paused;
    }

    public static SlaFigures Compute(WorkCalendar calendar, DateTime createdUtc, SlaTargets targets, IReadOnlyList<StatusChange> history,
        RequestStatus current, DateTime nowUtc)
    {
        var ordered = history.OrderBy(h => h.AtUtc).ToList();

        // Take charge: never paused.
        var ttoDue = TargetEnd(calendar, createdUtc, targets.TakeCharge, targets.TakeChargeUnit);
        var ttoWarn = WarnAt(calendar, createdUtc, ttoDue, targets.WarningPercent);
        var takenAt = ordered.FirstOrDefault(h => h.From == RequestStatus.Nuova).AtUtc;
        int? ttoMargin = takenAt == default ? null : Margin(calendar, takenAt, ttoDue);
        int? ttoWorked = takenAt == default ? null : (int)Math.Round(calendar.WorkingMinutesBetween(createdUtc, takenAt));
        var ttoBreached = takenAt == default ? nowUtc > ttoDue : takenAt > ttoDue;

        // Resolve: stopped at the last solution when solved or closed, else running (or paused) until now.
        var resolveBase = TargetEnd(calendar, createdUtc, targets.Resolve, targets.ResolveUnit);
        var solvedAt = current is RequestStatus.Risolta or RequestStatus.Chiusa
            ? ordered.LastOrDefault(h => h.To == RequestStatus.Risolta).AtUtc
            : default;
        var end = solvedAt != default ? solvedAt : nowUtc;
        var paused = PausedMinutes(calendar, createdUtc, ordered, end);
        var due = calendar.AddWorkingMinutes(resolveBase, paused);
        var warnBase = WarnAt(calendar, createdUtc, resolveBase, targets.WarningPercent);
        var warn = calendar.AddWorkingMinutes(warnBase, paused);

        if (solvedAt != default)
        {
            var margin = Margin(calendar, solvedAt, due);
            var late = solvedAt > due || ttoBreached;
            var state = late ? SlaState.Violato : current == RequestStatus.Chiusa ? SlaState.Rispettato : SlaState.InPausa;
            var worked = (int)Math.Round(Math.Max(0, calendar.WorkingMinutesBetween(createdUtc, solvedAt) - paused));
            return new SlaFigures(ttoDue, ttoWarn, ttoMargin, null, null, margin, Math.Max(0, margin), paused, state)
                { TakeChargeWorkingMinutes = ttoWorked, ResolveWorkingMinutes = worked };
        }

        var remaining = nowUtc <= due ? calendar.WorkingMinutesBetween(nowUtc, due) : -calendar.WorkingMinutesBetween(due, nowUtc);
        if (current == RequestStatus.InAttesa)
        {
            var state = ttoBreached || remaining < 0 ? SlaState.Violato : SlaState.InPausa;
            return new SlaFigures(ttoDue, ttoWarn, ttoMargin, null, null, null, remaining, paused, state) { TakeChargeWorkingMinutes = ttoWorked };
        }

        var runningState =
            ttoBreached || nowUtc > due ? SlaState.Violato
            : nowUtc >= warn || (takenAt == default && nowUtc >= ttoWarn) ? SlaState.InScadenza
            : SlaState.InTempo;
        return new SlaFigures(ttoDue, ttoWarn, ttoMargin, due, warn, null, remaining, paused, runningState) { TakeChargeWorkingMinutes = ttoWorked };
    }
}
