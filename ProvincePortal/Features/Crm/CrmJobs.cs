using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Crm;

/// <summary>
/// Raises the CRM alerts: agreements ending within Crm:ExpiryNoticeDays and quotas past their due date. Each alert is a
/// <see cref="CrmAlert"/> row with a unique key saved in the same transaction as its notifications, so it is sent once
/// however often the job runs, after a restart or on two servers.
/// </summary>
public sealed class CrmJobs(IDbContextFactory<PortalDbContext> factory, NotificationService notifications, IOptionsMonitor<CrmOptions> options,
    ILogger<CrmJobs> logger)
{
    public async Task<int> RaiseAlertsAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var today = CrmService.TodayOf(nowUtc);
        var (expiring, overdue) = await CrmService.DueAsync(db, today, Math.Max(1, options.CurrentValue.ExpiryNoticeDays), ct);
        var candidates = expiring.Select(v => (
                Key: $"scadenza:{v.ConvenzioneId}:{v.EndDate:yyyyMMdd}", Kind: CrmAlertKind.ConvenzioneInScadenza, v.ConvenzioneId, QuotaId: (int?)null, v.ComuneId,
                Title: $"Convenzione in scadenza: {v.ComuneName}",
                Text: $"La convenzione «{v.Title}» con il Comune di {v.ComuneName} scade il {Formats.Date(v.EndDate)}" +
                      (v.TacitRenewal ? " e si rinnova tacitamente salvo disdetta." : ".")))
            .ToList();
        var quotaIds = overdue.Select(o => o.QuotaId).ToList();
        var quotaAgreements = await db.Set<QuotaAnnuale>().AsNoTracking().Where(q => quotaIds.Contains(q.Id))
            .Select(q => new { q.Id, q.ConvenzioneId }).ToDictionaryAsync(q => q.Id, q => q.ConvenzioneId, ct);
        candidates.AddRange(overdue.Select(o => (
            Key: $"quota:{o.QuotaId}:{o.DueDate:yyyyMMdd}", Kind: CrmAlertKind.QuotaScaduta, ConvenzioneId: quotaAgreements[o.QuotaId], QuotaId: (int?)o.QuotaId, o.ComuneId,
            Title: $"Quota scaduta: {o.ComuneName}",
            Text: $"La quota {o.Year} del Comune di {o.ComuneName} è scaduta il {Formats.Date(o.DueDate)}: restano da pagare {Formats.EuroCents(o.ResidualCents)} su {Formats.EuroCents(o.AmountCents)}.")));

        var keys = candidates.Select(c => c.Key).ToList();
        var done = (await db.Set<CrmAlert>().AsNoTracking().Where(a => keys.Contains(a.Key)).Select(a => a.Key).ToListAsync(ct)).ToHashSet();
        var raised = 0;
        foreach (var c in candidates.Where(c => !done.Contains(c.Key)))
        {
            db.ChangeTracker.Clear();
            var provinceId = await db.Comuni.Where(x => x.Id == c.ComuneId).Select(x => x.ProvinceId).FirstAsync(ct);
            db.Add(new CrmAlert
            {
                ProvinceId = provinceId, ComuneId = c.ComuneId, Kind = c.Kind, Key = c.Key, ConvenzioneId = c.ConvenzioneId, QuotaId = c.QuotaId,
                Text = c.Text, AtUtc = nowUtc,
            });
            var link = $"/richieste/comuni/{c.ComuneId}";
            notifications.Queue(db, await RecipientsAsync(db, provinceId, ct), new NotificationMessage(c.Title, c.Text, link),
                r => new EmailMessage(r.Email!, c.Title, $"Buongiorno {r.FullName},\n\n{c.Text}\n\nApra la scheda del Comune: {notifications.AbsoluteLink(link)}\n\nMessaggio automatico di ProvincePortal."));
            try
            {
                await db.SaveChangesAsync(ct);
                raised++;
            }
            catch (DbUpdateException ex)
            {
                // Another server raised it first (unique key): nothing to repeat.
                logger.LogInformation(ex, "Avviso CRM {Key} già registrato", c.Key);
            }
        }
        return raised;
    }

    /// <summary>The competence centre's operators and the administrators of the Province.</summary>
    internal static async Task<IReadOnlyList<NotificationRecipient>> RecipientsAsync(PortalDbContext db, int provinceId, CancellationToken ct) =>
        await (from u in db.Users
               join ur in db.UserRoles on u.Id equals ur.UserId
               join role in db.Roles on ur.RoleId equals role.Id
               where (role.Name == Roles.CdcOperator || role.Name == Roles.ProvinceAdmin) && u.ProvinceId == provinceId && u.IsActive
               select new NotificationRecipient(u.Id, u.Email, u.FullName)).AsNoTracking().Distinct().ToListAsync(ct);
}

/// <summary>Runs <see cref="CrmJobs"/> every Crm:JobPollMinutes (off with Crm:JobsEnabled=false).</summary>
public sealed class CrmJobsWorker(IServiceScopeFactory scopes, IOptionsMonitor<CrmOptions> options, TimeProvider clock, ILogger<CrmJobsWorker> logger)
    : Hosting.PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan InitialDelay => TimeSpan.FromSeconds(45);
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.JobPollMinutes));
    protected override bool Enabled => options.CurrentValue.JobsEnabled;
    protected override string FailureMessage => "Avvisi del CRM dei Comuni non riusciti";

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var raised = await services.GetRequiredService<CrmJobs>().RaiseAlertsAsync(nowUtc, ct);
        if (raised > 0)
        {
            logger.LogInformation("CRM dei Comuni: {Count} avvisi inviati", raised);
            services.GetRequiredService<NotificationService>().WakeOutbox();
        }
    }
}
