using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Alerts;

/// <summary>Configuration section "EuCalls:Alerts".</summary>
public sealed class CallAlertOptions
{
    public bool DigestsEnabled { get; set; } = true;
    /// <summary>Hour of the day (Europe/Rome) from which the daily digest, and on Mondays the weekly one, goes out.</summary>
    public int DigestHour { get; set; } = 7;
    public int PollMinutes { get; set; } = 10;
}

/// <summary>
/// Queues the daily and weekly digests that are due. Everything it knows is in the database: an alert waits until a digest
/// takes it (<see cref="CallAlert.DigestId"/>), and the digest row, unique per search and period, is written in the same
/// transaction as the outbox e-mail — so a restart neither loses a digest nor sends one twice.
/// </summary>
public sealed class AlertDigestService(IDbContextFactory<PortalDbContext> factory, NotificationService notifications,
    IOptionsMonitor<CallAlertOptions> options, ILogger<AlertDigestService> logger)
{
    private const int MaxAlertsPerDigest = 300;

    /// <summary>
    /// The period a digest sent at <paramref name="nowUtc"/> belongs to, and its start: today (or this week's Monday) at the
    /// digest hour, or the previous one before that hour. Alerts created before the start go into that period's digest.
    /// </summary>
    public static (string Period, DateTime StartUtc) PeriodOf(AlertFrequency frequency, DateTime nowUtc, int hour)
    {
        var weekly = frequency == AlertFrequency.Settimanale;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, Formats.Rome));
        if (weekly) day = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var start = Formats.RomeToUtc(day.ToDateTime(new TimeOnly(Math.Clamp(hour, 0, 23), 0)));
        if (nowUtc < start)
        {
            day = day.AddDays(weekly ? -7 : -1);
            start = Formats.RomeToUtc(day.ToDateTime(new TimeOnly(Math.Clamp(hour, 0, 23), 0)));
        }
        return ($"{(weekly ? "S" : "G")}:{day:yyyy-MM-dd}", start);
    }

    /// <summary>Queues every due digest; returns how many.</summary>
    public async Task<int> SendDueAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var hour = options.CurrentValue.DigestHour;
        var searchIds = await db.CallAlerts.AsNoTracking()
            .Where(a => a.DigestDue && a.DigestId == null && !a.SavedSearch!.Paused
                && (a.SavedSearch.Frequency == AlertFrequency.Giornaliera || a.SavedSearch.Frequency == AlertFrequency.Settimanale))
            .Select(a => a.SavedSearchId).Distinct().ToListAsync(ct);
        var count = 0;
        foreach (var id in searchIds)
        {
            var x = await db.SavedSearches.AsNoTracking().Where(s => s.Id == id)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Search = s, u.Email, u.FullName, u.IsActive }).SingleOrDefaultAsync(ct);
            if (x is null || !x.IsActive) continue;
            var (period, start) = PeriodOf(x.Search.Frequency, nowUtc, hour);
            if (await db.AlertDigests.AnyAsync(d => d.SavedSearchId == id && d.Period == period, ct)) continue;
            var alerts = await db.CallAlerts.Include(a => a.Call)
                .Where(a => a.SavedSearchId == id && a.DigestDue && a.DigestId == null && a.CreatedAtUtc < start)
                .OrderBy(a => a.CreatedAtUtc).ThenBy(a => a.Id).Take(MaxAlertsPerDigest).ToListAsync(ct);
            if (alerts.Count == 0) continue;

            var digest = new AlertDigest { SavedSearchId = id, Period = period, QueuedAtUtc = DateTime.UtcNow, Alerts = alerts.Count };
            db.AlertDigests.Add(digest);
            foreach (var a in alerts) a.Digest = digest;
            // A call changed twice in the period is listed once, with its latest change.
            var items = alerts.GroupBy(a => a.CallId).Select(g => g.Last())
                .Select(a => new AlertItem(new CallHeader(a.CallId, a.Call!.Identifier, a.Call.Title, a.Call.Programme, a.Call.LastDeadlineUtc),
                    alerts.Any(o => o.CallId == a.CallId && o.IsNew), a.Summary)).ToList();
            var weekly = x.Search.Frequency == AlertFrequency.Settimanale;
            var since = Formats.Date(weekly ? start.AddDays(-7) : start.AddDays(-1));
            notifications.QueueEmail(db, x.Email, new EmailMessage(x.Email ?? "",
                $"{(weekly ? "Riepilogo settimanale" : "Riepilogo giornaliero")} «{x.Search.Name}»: {CallAlertMatcher.Count(items.Count)}",
                AlertEmails.Body(x.FullName, $"dal {since} la ricerca salvata «{x.Search.Name}» ha trovato {CallAlertMatcher.Count(items.Count)} nuovi o modificati:",
                    items, notifications)));
            try
            {
                await db.SaveChangesAsync(ct);
                count++;
            }
            catch (DbUpdateException ex)
            {
                logger.LogInformation(ex, "Riepilogo {Period} della ricerca {SearchId} già inviato da un altro processo", period, id);
                db.ChangeTracker.Clear();
            }
        }
        if (count > 0) notifications.WakeOutbox();
        return count;
    }
}

/// <summary>Runs <see cref="AlertDigestService"/> every EuCalls:Alerts:PollMinutes (off with DigestsEnabled=false).</summary>
public sealed class AlertDigestWorker(IServiceScopeFactory scopes, IOptionsMonitor<CallAlertOptions> options, TimeProvider clock,
    ILogger<AlertDigestWorker> logger) : Hosting.PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.PollMinutes));
    protected override bool Enabled => options.CurrentValue.DigestsEnabled;
    protected override string FailureMessage => "Invio dei riepiloghi degli avvisi bandi non riuscito";

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var sent = await services.GetRequiredService<AlertDigestService>().SendDueAsync(nowUtc, ct);
        if (sent > 0) logger.LogInformation("Riepiloghi degli avvisi bandi accodati: {Count}", sent);
    }
}
