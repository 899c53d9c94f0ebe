using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests;

/// <summary>
/// The periodic work of the help-desk, restart-safe because everything it needs is in the database: solutions left
/// unanswered are closed after <see cref="RequestOptions.AutoCloseDays"/>; SLA clocks past their warning or due time get
/// one <see cref="SlaAlert"/> each (unique index: a second pass or a second server never repeats it) and the operators are told.
/// </summary>
public sealed class RequestJobs(IDbContextFactory<PortalDbContext> factory, RequestService requests, IOptionsMonitor<RequestOptions> options,
    ILogger<RequestJobs> logger)
{
    public async Task<int> CloseUnansweredAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var limit = nowUtc.AddDays(-Math.Max(1, options.CurrentValue.AutoCloseDays));
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var ids = await db.Set<ServiceRequest>().AsNoTracking()
            .Where(r => r.Status == RequestStatus.Risolta && r.SolvedAtUtc <= limit)
            .OrderBy(r => r.SolvedAtUtc).Select(r => r.Id).Take(500).ToListAsync(ct);
        var closed = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            var r = await db.Set<ServiceRequest>().FirstAsync(x => x.Id == id, ct);
            if (r.Status != RequestStatus.Risolta) continue;
            await requests.ApplyAsync(db, r, RequestAction.ChiudiAutomaticamente, RequestActor.Sistema, new ActionInput(), null, "Sistema", nowUtc, ct);
            r.RowVersion++;
            try
            {
                await db.SaveChangesAsync(ct);
                closed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // The Comune answered in the meantime: its answer wins.
                logger.LogInformation("Chiusura automatica della richiesta {Id} saltata: modificata nel frattempo", id);
            }
        }
        return closed;
    }

    /// <summary>
    /// Fills <see cref="ServiceRequest.TakeChargeWorkingMinutes"/> and <see cref="ServiceRequest.ResolveWorkingMinutes"/> of
    /// requests taken in charge or solved before those columns existed, from their status history and their Province's
    /// calendar, <paramref name="batch"/> at a time until none is left. Only those two derived columns are written (no
    /// audit entry, no new row version): the request itself does not change. Returns how many rows were filled.
    /// </summary>
    public async Task<int> BackfillWorkingMinutesAsync(DateTime nowUtc, int batch = 500, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var calendars = new Dictionary<int, WorkCalendar>();
        var filled = 0;
        var lastId = 0;
        while (true)
        {
            var rows = await db.Set<ServiceRequest>().AsNoTracking()
                .Where(r => r.Id > lastId
                    && ((r.TakenInChargeAtUtc != null && r.TakeChargeWorkingMinutes == null)
                        || ((r.Status == RequestStatus.Risolta || r.Status == RequestStatus.Chiusa) && r.ResolveWorkingMinutes == null)))
                .OrderBy(r => r.Id).Take(batch).ToListAsync(ct);
            if (rows.Count == 0) return filled;
            foreach (var r in rows)
            {
                if (!calendars.TryGetValue(r.ProvinceId, out var calendar))
                    calendars[r.ProvinceId] = calendar = await BusinessCalendarService.LoadAsync(db, r.ProvinceId, ct);
                var history = await RequestService.HistoryAsync(db, r.Id, ct);
                var f = SlaCalculator.Compute(calendar, r.CreatedAtUtc, RequestService.TargetsOf(r), history, r.Status, nowUtc);
                await db.Set<ServiceRequest>().Where(x => x.Id == r.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.TakeChargeWorkingMinutes, f.TakeChargeWorkingMinutes ?? r.TakeChargeWorkingMinutes)
                    .SetProperty(x => x.ResolveWorkingMinutes, f.ResolveWorkingMinutes ?? r.ResolveWorkingMinutes), ct);
                filled++;
            }
            lastId = rows[^1].Id;
        }
    }

    public async Task<int> SendSlaAlertsAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var set = db.Set<ServiceRequest>();
        var alerts = db.Set<SlaAlert>();
        // Clocks whose warning time has come and that have no breach recorded yet for their current due time.
        var takeCharge = await set.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Nuova && r.TakeChargeWarnUtc <= nowUtc
                && !alerts.Any(a => a.RequestId == r.Id && a.Clock == SlaClock.PresaInCarico && a.Kind == SlaAlertKind.Violazione && a.DueUtc == r.TakeChargeDueUtc))
            .OrderBy(r => r.TakeChargeWarnUtc).Select(r => new { r.Id, Due = r.TakeChargeDueUtc }).Take(500).ToListAsync(ct);
        var resolve = await set.AsNoTracking()
            .Where(r => (r.Status == RequestStatus.InCarico || r.Status == RequestStatus.Pianificata || r.Status == RequestStatus.Nuova)
                && r.ResolveWarnUtc <= nowUtc && r.ResolveDueUtc != null
                && !alerts.Any(a => a.RequestId == r.Id && a.Clock == SlaClock.Risoluzione && a.Kind == SlaAlertKind.Violazione && a.DueUtc == r.ResolveDueUtc))
            .OrderBy(r => r.ResolveWarnUtc).Select(r => new { r.Id, Due = r.ResolveDueUtc!.Value }).Take(500).ToListAsync(ct);

        var sent = 0;
        foreach (var (id, due, clockKind) in takeCharge.Select(x => (x.Id, x.Due, SlaClock.PresaInCarico))
                     .Concat(resolve.Select(x => (x.Id, x.Due, SlaClock.Risoluzione))))
        {
            db.ChangeTracker.Clear();
            var kind = nowUtc >= due ? SlaAlertKind.Violazione : SlaAlertKind.Avviso;
            if (await alerts.AnyAsync(a => a.RequestId == id && a.Clock == clockKind && a.Kind == kind && a.DueUtc == due, ct)) continue;
            var r = await set.FirstAsync(x => x.Id == id, ct);
            var calendar = await BusinessCalendarService.LoadAsync(db, r.ProvinceId, ct);
            var margin = SlaCalculator.Margin(calendar, nowUtc, due);
            var clockLabel = clockKind == SlaClock.PresaInCarico ? "presa in carico" : "risoluzione";
            var text = kind == SlaAlertKind.Violazione
                ? $"Tempo di {clockLabel} superato: scadenza {Formats.DateTime(due)}."
                : $"Tempo di {clockLabel} in scadenza il {Formats.DateTime(due)} (restano {FormatMinutes(margin)} lavorativi).";
            alerts.Add(new SlaAlert { ProvinceId = r.ProvinceId, RequestId = id, Clock = clockKind, Kind = kind, DueUtc = due, AtUtc = nowUtc, MarginMinutes = margin });
            db.Add(new RequestEvent
            {
                ProvinceId = r.ProvinceId, RequestId = id, Kind = kind == SlaAlertKind.Violazione ? RequestEventKind.ViolazioneSla : RequestEventKind.AvvisoSla,
                AtUtc = nowUtc, AuthorName = "Sistema", Text = text, IsInternal = true,
            });
            // The row's SLA state follows (its version does not change: this is no user's edit and must not refuse theirs).
            var history = await RequestService.HistoryAsync(db, id, ct);
            RequestService.ApplySla(r, SlaCalculator.Compute(calendar, r.CreatedAtUtc, RequestService.TargetsOf(r), history, r.Status, nowUtc));
            var to = await RequestService.AssigneesAsync(db, r, ct);
            var recipients = await Notifications.NotificationService.RecipientsAsync(db, to.ToList(), ct);
            requests.Notify(db, recipients, r, $"Richiesta #{r.Id}: {(kind == SlaAlertKind.Violazione ? "SLA violato" : "SLA in scadenza")}", $"«{r.Subject}». {text}");
            try
            {
                await db.SaveChangesAsync(ct);
                sent++;
            }
            catch (DbUpdateException ex)
            {
                // Another pass recorded it first, or the request changed meanwhile: the next round sees the new state.
                logger.LogInformation(ex, "Avviso SLA della richiesta {Id} non registrato in questo passaggio", id);
            }
        }
        return sent;
    }

    /// <summary>
    /// Sends the reminders whose time has come to the requesters of requests "In attesa" (in-app and e-mail), each recorded
    /// in the request's history and as a <see cref="RequestReminder"/> (unique per wait and number: a second pass or server
    /// never repeats it). The next one is due N working days after this one, so a job that was down catches up with one
    /// reminder, not a burst. A request that changed meanwhile (e.g. the Comune answered) is left to the next round.
    /// </summary>
    public async Task<int> SendRemindersAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var set = db.Set<ServiceRequest>();
        var ids = await set.AsNoTracking()
            .Where(r => r.Status == RequestStatus.InAttesa && r.NextReminderUtc != null && r.NextReminderUtc <= nowUtc)
            .OrderBy(r => r.NextReminderUtc).Select(r => r.Id).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            var r = await set.FirstAsync(x => x.Id == id, ct);
            if (r.Status != RequestStatus.InAttesa || r.NextReminderUtc is not { } due || due > nowUtc) continue;
            var rule = await db.Set<CatalogService>().Where(s => s.Id == r.ServiceId)
                .Select(s => new { s.SlaClass!.ReminderEveryWorkingDays, s.SlaClass.ReminderMaxCount }).FirstAsync(ct);
            var since = await RequestReminders.WaitingSinceAsync(db, id, ct) ?? r.LastActivityAtUtc;
            var number = await db.Set<RequestReminder>().CountAsync(x => x.RequestId == id && x.WaitingSinceUtc == since, ct) + 1;
            var max = Math.Max(1, rule.ReminderMaxCount);
            var reminded = false;
            if (rule.ReminderEveryWorkingDays is not int every || every < 1 || number > max)
            {
                // Switched off in the SLA class, or every reminder of this wait already sent.
                r.NextReminderUtc = null;
            }
            else
            {
                var calendar = await BusinessCalendarService.LoadAsync(db, r.ProvinceId, ct);
                var next = number < max ? calendar.AddWorkingDays(nowUtc, every) : (DateTime?)null;
                r.NextReminderUtc = next;
                db.Add(new RequestReminder { ProvinceId = r.ProvinceId, RequestId = id, WaitingSinceUtc = since, Number = number, DueUtc = due, AtUtc = nowUtc });
                db.Add(new RequestEvent
                {
                    ProvinceId = r.ProvinceId, RequestId = id, Kind = RequestEventKind.Promemoria, AtUtc = nowUtc, AuthorName = "Sistema",
                    Text = RequestReminders.EventText(number, max, next),
                });
                var recipients = await Notifications.NotificationService.RecipientsAsync(db, [r.RequesterUserId], ct);
                requests.Notify(db, recipients, r, $"Richiesta #{r.Id}: promemoria", RequestReminders.ReminderText(number, max, r.WaitingReason));
                reminded = true;
            }
            try
            {
                // The row's version is the concurrency check (a change by a user wins) and is not moved: this is no user's edit.
                await db.SaveChangesAsync(ct);
                if (reminded) sent++;
            }
            catch (DbUpdateException ex)
            {
                logger.LogInformation(ex, "Promemoria della richiesta {Id} non registrato in questo passaggio", id);
            }
        }
        return sent;
    }

    public static string FormatMinutes(int minutes)
    {
        var m = Math.Abs(minutes);
        return m < 60 ? $"{m} min" : m % 60 == 0 ? $"{m / 60} h" : $"{m / 60} h {m % 60} min";
    }
}

/// <summary>Runs <see cref="RequestJobs"/> every Requests:JobPollMinutes (off with Requests:JobsEnabled=false).</summary>
public sealed class RequestJobsWorker(IServiceScopeFactory scopes, IOptionsMonitor<RequestOptions> options, TimeProvider clock,
    ILogger<RequestJobsWorker> logger) : Hosting.PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.JobPollMinutes));
    protected override bool Enabled => options.CurrentValue.JobsEnabled;
    protected override string FailureMessage => "Lavori periodici delle richieste non riusciti";

    private bool backfilled;

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var jobs = services.GetRequiredService<RequestJobs>();
        // Once per start: rows written before the working-minute columns existed (a full scan, not every round).
        if (!backfilled) backfilled = await jobs.BackfillWorkingMinutesAsync(nowUtc, ct: ct) >= 0;
        var closed = await jobs.CloseUnansweredAsync(nowUtc, ct);
        var alerts = await jobs.SendSlaAlertsAsync(nowUtc, ct);
        var reminders = await jobs.SendRemindersAsync(nowUtc, ct);
        if (closed + alerts + reminders > 0)
            logger.LogInformation("Richieste: {Closed} chiuse automaticamente, {Alerts} avvisi SLA, {Reminders} promemoria", closed, alerts, reminders);
        services.GetRequiredService<Notifications.NotificationService>().WakeOutbox();
    }
}
