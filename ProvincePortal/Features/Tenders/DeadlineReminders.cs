using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Tenders;

/// <summary>Configuration section "Tenders".</summary>
public sealed class TenderOptions
{
    /// <summary>Days before a deadline when its reminder goes out; null or empty: 7 and 1.</summary>
    public int[]? ReminderDays { get; set; }
    public bool RemindersEnabled { get; set; } = true;
    public int ReminderPollMinutes { get; set; } = 15;

    /// <summary>The steps, ascending. (Arrays are not defaulted in the property: the binder would append to them.)</summary>
    public IReadOnlyList<int> Steps => ReminderDays is { Length: > 0 } d ? d.Where(x => x > 0).Distinct().Order().ToList() : [1, 7];
}

/// <summary>
/// Sends the deadline reminders that are due: for each open procedure's deadline within the largest step, the smallest
/// step it has entered (7 days, then 1 day …) is sent once — in the app and by e-mail to the Province's SUA operators and
/// to the user named as RUP — and recorded in <see cref="DeadlineReminder"/> with the due time it announced, in the same
/// transaction as the notifications. A deadline moved to another time is reminded again; a second app server trying
/// the same reminder hits the unique index and skips it.
/// </summary>
public sealed class DeadlineReminderService(IDbContextFactory<PortalDbContext> factory, NotificationService notifications,
    IOptionsMonitor<TenderOptions> options, ILogger<DeadlineReminderService> logger)
{
    public async Task<int> SendDueAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var steps = options.CurrentValue.Steps;
        if (steps.Count == 0) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var until = nowUtc.AddDays(steps[^1]);
        var candidates = await db.ProcedureDeadlines.AsNoTracking()
            .Where(d => d.DueAtUtc > nowUtc && d.DueAtUtc <= until)
            .Join(db.Procedures.Where(p => p.Phase != TenderPhase.Conclusa), d => d.ProcedureId, p => p.Id,
                (d, p) => new { d.Id, d.ProvinceId, d.Kind, d.Titolo, d.DueAtUtc, ProcedureId = p.Id, p.Oggetto, p.Rup })
            .OrderBy(x => x.DueAtUtc).Take(2000).ToListAsync(ct);
        if (candidates.Count == 0) return 0;
        var ids = candidates.Select(c => c.Id).ToList();
        var sent = (await db.DeadlineReminders.AsNoTracking().Where(r => ids.Contains(r.DeadlineId))
            .Select(r => new { r.DeadlineId, r.DaysBefore, r.DueAtUtc }).ToListAsync(ct))
            .Select(r => (r.DeadlineId, r.DaysBefore, r.DueAtUtc)).ToHashSet();

        var officers = new Dictionary<int, IReadOnlyList<NotificationRecipient>>();
        var count = 0;
        foreach (var c in candidates)
        {
            var step = steps.First(s => c.DueAtUtc <= nowUtc.AddDays(s));
            if (sent.Contains((c.Id, step, c.DueAtUtc))) continue;
            if (!officers.TryGetValue(c.ProvinceId, out var sua)) officers[c.ProvinceId] = sua = await SuaOfficersAsync(db, c.ProvinceId, ct);
            var rup = string.IsNullOrWhiteSpace(c.Rup) ? [] : await db.Users.AsNoTracking()
                .Where(u => u.ProvinceId == c.ProvinceId && u.IsActive && u.FullName == c.Rup)
                .Select(u => new NotificationRecipient(u.Id, u.Email, u.FullName)).ToListAsync(ct);
            var recipients = sua.Concat(rup).DistinctBy(r => r.UserId).ToList();

            var label = c.Titolo ?? DeadlineLabels.Of(c.Kind);
            var when = Formats.DateTime(c.DueAtUtc);
            var link = $"/gare/{c.ProcedureId}";
            var title = step == 1 ? $"Scadenza entro domani: {label}" : $"Scadenza tra {step} giorni: {label}";
            notifications.Queue(db, recipients, new NotificationMessage(title, $"«{c.Oggetto}»: {label} il {when}.", link),
                r => new EmailMessage(r.Email!, $"Promemoria scadenza di gara: {label} il {when}",
                    $"Buongiorno {r.FullName},\n\nla procedura «{c.Oggetto}» ha una scadenza il {when}: {label}.\n\n" +
                    $"Apra la procedura: {notifications.AbsoluteLink(link)}\n\nMessaggio automatico di ProvincePortal."));
            db.DeadlineReminders.Add(new DeadlineReminder
            {
                ProvinceId = c.ProvinceId, DeadlineId = c.Id, DaysBefore = step, DueAtUtc = c.DueAtUtc, SentAtUtc = DateTime.UtcNow,
                Recipients = recipients.Count,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                count++;
            }
            catch (DbUpdateException ex)
            {
                // Another app server recorded the same reminder first: drop ours (notifications included).
                logger.LogInformation(ex, "Promemoria della scadenza {DeadlineId} già inviato da un altro processo", c.Id);
                db.ChangeTracker.Clear();
            }
        }
        if (count > 0) notifications.WakeOutbox();
        return count;
    }

    private static async Task<IReadOnlyList<NotificationRecipient>> SuaOfficersAsync(PortalDbContext db, int provinceId, CancellationToken ct) =>
        await (from u in db.Users
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.SuaOperator && u.ProvinceId == provinceId && u.IsActive
               select new NotificationRecipient(u.Id, u.Email, u.FullName)).AsNoTracking().ToListAsync(ct);
}

/// <summary>Runs <see cref="DeadlineReminderService"/> every Tenders:ReminderPollMinutes (off with Tenders:RemindersEnabled=false).</summary>
public sealed class DeadlineReminderWorker(IServiceScopeFactory scopes, IOptionsMonitor<TenderOptions> options, TimeProvider clock,
    ILogger<DeadlineReminderWorker> logger) : Hosting.PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.ReminderPollMinutes));
    protected override bool Enabled => options.CurrentValue.RemindersEnabled;
    protected override string FailureMessage => "Invio dei promemoria di scadenza non riuscito";

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var sent = await services.GetRequiredService<DeadlineReminderService>().SendDueAsync(nowUtc, ct);
        if (sent > 0) logger.LogInformation("Promemoria di scadenza inviati: {Count}", sent);
    }
}
