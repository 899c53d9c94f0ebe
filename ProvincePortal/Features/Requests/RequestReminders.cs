using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests;

/// <summary>What the request page shows about the automatic reminders of the current wait.</summary>
public sealed record ReminderPlan(int EveryWorkingDays, int MaxCount, int Sent, DateTime? NextUtc);

/// <summary>
/// Automatic reminders to the requester while a request is "In attesa" (the option "promemoria ogni N giorni
/// lavorativi" of its service's SLA class, with a maximum per wait). The next one is kept on the request row
/// (<see cref="ServiceRequest.NextReminderUtc"/>), set when the wait starts and cleared when it ends, so the job finds the
/// due ones with an index; each sent reminder is a <see cref="RequestReminder"/> row, unique per wait and number.
/// </summary>
public sealed class RequestReminderService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    /// <summary>The reminders of the current wait; null when the request is not waiting, has no reminders or is not visible.</summary>
    public async Task<ReminderPlan?> GetPlanAsync(int requestId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var r = await RequestService.Visible(db, user).AsNoTracking().Where(x => x.Id == requestId && x.Status == RequestStatus.InAttesa)
            .Select(x => new { x.Id, x.NextReminderUtc, x.Service!.SlaClass!.ReminderEveryWorkingDays, x.Service.SlaClass.ReminderMaxCount })
            .FirstOrDefaultAsync(ct);
        if (r is not { ReminderEveryWorkingDays: > 0 }) return null;
        var since = await RequestReminders.WaitingSinceAsync(db, requestId, ct);
        var sent = since is { } s ? await db.Set<RequestReminder>().CountAsync(x => x.RequestId == requestId && x.WaitingSinceUtc == s, ct) : 0;
        return new ReminderPlan(r.ReminderEveryWorkingDays.Value, r.ReminderMaxCount, sent, r.NextReminderUtc);
    }
}

public static class RequestReminders
{
    public const int MaxEveryWorkingDays = 60;
    public const int MaxCount = 20;

    /// <summary>
    /// Keeps <see cref="ServiceRequest.NextReminderUtc"/> in step with a change of the request: a new wait schedules the
    /// first reminder N working days on, any other state clears it (so the reminders stop as soon as the wait ends).
    /// </summary>
    internal static async Task ScheduleAsync(PortalDbContext db, ServiceRequest r, bool statusChanged, WorkCalendar calendar, DateTime now,
        CancellationToken ct)
    {
        if (r.Status != RequestStatus.InAttesa) { r.NextReminderUtc = null; return; }
        if (!statusChanged) return;
        var every = await EveryAsync(db, r.ServiceId, ct);
        r.NextReminderUtc = every is > 0 ? calendar.AddWorkingDays(now, every.Value) : null;
    }

    internal static Task<int?> EveryAsync(PortalDbContext db, int serviceId, CancellationToken ct) =>
        db.Set<CatalogService>().Where(s => s.Id == serviceId).Select(s => s.SlaClass!.ReminderEveryWorkingDays).FirstOrDefaultAsync(ct);

    /// <summary>When the current wait began: the last change of state into "In attesa".</summary>
    internal static async Task<DateTime?> WaitingSinceAsync(PortalDbContext db, int requestId, CancellationToken ct) =>
        await db.Set<RequestEvent>().Where(e => e.RequestId == requestId && e.ToStatus == RequestStatus.InAttesa && e.FromStatus != null)
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Select(e => (DateTime?)e.AtUtc).FirstOrDefaultAsync(ct);

    public static string ReminderText(int number, int max, string? reason) =>
        $"Promemoria {number} di {max}: la richiesta attende ancora una sua risposta." + (string.IsNullOrWhiteSpace(reason) ? "" : $" Motivo dell'attesa: {reason}");

    internal static string EventText(int number, int max, DateTime? next) =>
        $"Promemoria automatico {number} di {max} inviato al richiedente." + (next is { } n ? $" Prossimo promemoria il {Formats.DateTime(n)}." : " Era l'ultimo previsto.");
}
