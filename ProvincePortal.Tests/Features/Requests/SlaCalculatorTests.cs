using ProvincePortal.Features.Requests;
using ProvincePortal.Localization;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>
/// SLA figures from the status history on the standard calendar (08:30–13:00, 14:00–17:30). The request is filed on
/// Tuesday 3 November 2026 at 10:00; take charge within 4 working hours, resolve within 16, warning at 80%.
/// </summary>
public sealed class SlaCalculatorTests
{
    private static readonly WorkCalendar Calendar = WorkCalendar.Standard();
    private static readonly SlaTargets Targets = new(4, SlaUnit.Ore, 16, SlaUnit.Ore, 80);
    private static readonly DateTime Filed = Rome(2026, 11, 3, 10);

    private static DateTime Rome(int y, int m, int d, int h, int min = 0) => Formats.RomeToUtc(new DateTime(y, m, d, h, min, 0));

    private static StatusChange Change(DateTime at, RequestStatus from, RequestStatus to) => new(at, from, to);

    [Fact]
    public void TakeCharge_DueAfterFourWorkingHours_AcrossLunch_MarginWhenTaken()
    {
        var f = SlaCalculator.Compute(Calendar, Filed, Targets, [Change(Rome(2026, 11, 3, 11), RequestStatus.Nuova, RequestStatus.InCarico)],
            RequestStatus.InCarico, Rome(2026, 11, 3, 11));
        Assert.Equal(Rome(2026, 11, 3, 15), f.TakeChargeDueUtc);
        Assert.Equal(Rome(2026, 11, 3, 14, 12), f.TakeChargeWarnUtc); // 192 of 240 minutes
        Assert.Equal(180, f.TakeChargeMarginMinutes);
        Assert.Equal(SlaState.InTempo, f.State);
    }

    [Fact]
    public void NotTakenInCharge_StatesFollowTheClock()
    {
        Assert.Equal(SlaState.InTempo, SlaCalculator.Compute(Calendar, Filed, Targets, [], RequestStatus.Nuova, Rome(2026, 11, 3, 14)).State);
        Assert.Equal(SlaState.InScadenza, SlaCalculator.Compute(Calendar, Filed, Targets, [], RequestStatus.Nuova, Rome(2026, 11, 3, 14, 30)).State);
        Assert.Equal(SlaState.Violato, SlaCalculator.Compute(Calendar, Filed, Targets, [], RequestStatus.Nuova, Rome(2026, 11, 3, 15, 1)).State);
        // Taken late: the margin is negative, in working minutes (15:00 → 16:30).
        var late = SlaCalculator.Compute(Calendar, Filed, Targets, [Change(Rome(2026, 11, 3, 16, 30), RequestStatus.Nuova, RequestStatus.InCarico)],
            RequestStatus.InCarico, Rome(2026, 11, 3, 16, 30));
        Assert.Equal(-90, late.TakeChargeMarginMinutes);
        Assert.Equal(SlaState.Violato, late.State);
    }

    [Fact]
    public void Resolve_WithoutPauses_DueAfterSixteenWorkingHours()
    {
        var f = SlaCalculator.Compute(Calendar, Filed, Targets, [Change(Rome(2026, 11, 3, 11), RequestStatus.Nuova, RequestStatus.InCarico)],
            RequestStatus.InCarico, Rome(2026, 11, 4, 9));
        // Tuesday 390 minutes, Wednesday 480, Thursday 90: Thursday 10:00.
        Assert.Equal(Rome(2026, 11, 5, 10), f.ResolveDueUtc);
        Assert.Equal(0, f.PausedMinutes);
    }

    [Fact]
    public void Waiting_PausesTheResolveClockAcrossNightsAndTheWeekendOfWork()
    {
        List<StatusChange> history =
        [
            Change(Rome(2026, 11, 3, 11), RequestStatus.Nuova, RequestStatus.InCarico),
            Change(Rome(2026, 11, 3, 16), RequestStatus.InCarico, RequestStatus.InAttesa),
        ];
        // While waiting: no due date, 660 working minutes left (960 less the 300 worked on Tuesday).
        var waiting = SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.InAttesa, Rome(2026, 11, 4, 12));
        Assert.Null(waiting.ResolveDueUtc);
        Assert.Equal(SlaState.InPausa, waiting.State);
        Assert.Equal(660, waiting.ResolveRemainingMinutes, 6);
        Assert.Equal(300, waiting.PausedMinutes, 6); // Tuesday 16:00–17:30, Wednesday 08:30–12:00

        // Resumed Thursday 09:30: paused 90 + 480 + 60 = 630 minutes; due Friday 12:30 instead of Thursday 10:00.
        history.Add(Change(Rome(2026, 11, 5, 9, 30), RequestStatus.InAttesa, RequestStatus.InCarico));
        var resumed = SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.InCarico, Rome(2026, 11, 5, 9, 30));
        Assert.Equal(630, resumed.PausedMinutes, 6);
        Assert.Equal(Rome(2026, 11, 6, 12, 30), resumed.ResolveDueUtc);
        Assert.Equal(660, resumed.ResolveRemainingMinutes, 6);

        // Solved Friday 11:30, closed the next Monday: the clock stopped at the solution, 60 minutes early.
        history.Add(Change(Rome(2026, 11, 6, 11, 30), RequestStatus.InCarico, RequestStatus.Risolta));
        history.Add(Change(Rome(2026, 11, 9, 15), RequestStatus.Risolta, RequestStatus.Chiusa));
        var closed = SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.Chiusa, Rome(2026, 11, 20, 9));
        Assert.Equal(60, closed.ResolveMarginMinutes);
        Assert.Equal(SlaState.Rispettato, closed.State);
        Assert.Equal(630, closed.PausedMinutes, 6);
    }

    [Fact]
    public void RefusedSolution_TheTimeWaitingForTheAnswerIsPaused()
    {
        List<StatusChange> history =
        [
            Change(Rome(2026, 11, 3, 11), RequestStatus.Nuova, RequestStatus.InCarico),
            Change(Rome(2026, 11, 4, 10), RequestStatus.InCarico, RequestStatus.Risolta),
            Change(Rome(2026, 11, 5, 10), RequestStatus.Risolta, RequestStatus.InCarico),
        ];
        // Paused Wednesday 10:00–17:30 (390) and Thursday 08:30–10:00 (90): due Friday 10:00.
        var f = SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.InCarico, Rome(2026, 11, 5, 12));
        Assert.Equal(480, f.PausedMinutes, 6);
        Assert.Equal(Rome(2026, 11, 6, 10), f.ResolveDueUtc);
        Assert.Equal(Rome(2026, 11, 5, 15, 48), f.ResolveWarnUtc);
        Assert.Equal(SlaState.InTempo, f.State);
        Assert.Equal(SlaState.InScadenza, SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.InCarico, Rome(2026, 11, 5, 16)).State);
        Assert.Equal(SlaState.Violato, SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.InCarico, Rome(2026, 11, 6, 10, 1)).State);
    }

    [Fact]
    public void SolvedLate_NegativeMarginAndBreach()
    {
        List<StatusChange> history =
        [
            Change(Rome(2026, 11, 3, 11), RequestStatus.Nuova, RequestStatus.InCarico),
            Change(Rome(2026, 11, 5, 15), RequestStatus.InCarico, RequestStatus.Risolta),
        ];
        var f = SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.Risolta, Rome(2026, 11, 5, 15));
        // Due Thursday 10:00; solved 15:00: 180 + 60 working minutes late.
        Assert.Equal(-240, f.ResolveMarginMinutes);
        Assert.Equal(SlaState.Violato, f.State);
    }

    [Fact]
    public void TakeChargeClock_IsNeverPaused()
    {
        // Taken in charge at 16:00, after the 15:00 due time: late by 60 minutes however the resolve clock went.
        List<StatusChange> history =
        [
            Change(Rome(2026, 11, 3, 16), RequestStatus.Nuova, RequestStatus.InCarico),
            Change(Rome(2026, 11, 3, 16, 30), RequestStatus.InCarico, RequestStatus.InAttesa),
        ];
        var f = SlaCalculator.Compute(Calendar, Filed, Targets, history, RequestStatus.InAttesa, Rome(2026, 11, 4, 9));
        Assert.Equal(-60, f.TakeChargeMarginMinutes);
        Assert.Equal(SlaState.Violato, f.State);
    }

    [Fact]
    public void DaysUnit_DueOnTheSameClockTime()
    {
        var targets = new SlaTargets(1, SlaUnit.Giorni, 5, SlaUnit.Giorni, 80);
        var f = SlaCalculator.Compute(Calendar, Filed, targets, [], RequestStatus.Nuova, Filed);
        Assert.Equal(Rome(2026, 11, 4, 10), f.TakeChargeDueUtc);
        Assert.Equal(Rome(2026, 11, 10, 10), f.ResolveDueUtc); // Wed, Thu, Fri, Mon, Tue
    }
}
