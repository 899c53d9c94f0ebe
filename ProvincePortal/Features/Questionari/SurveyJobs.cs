using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Questionari;

/// <summary>
/// The periodic work of the questionnaires, restart-safe because its state is on the invitations: campaigns opening
/// later are announced on their day (<see cref="SurveyInvitation.NotifiedAtUtc"/>), and each unanswered invitation gets
/// exactly one reminder once <see cref="SurveyInvitation.ReminderDueAtUtc"/> has passed. Each invitation is claimed by a
/// conditional update in the same transaction as its notifications, so a second pass or a second server never repeats it.
/// </summary>
public sealed class SurveyJobs(IDbContextFactory<PortalDbContext> factory, NotificationService notifications, ILogger<SurveyJobs> logger)
{
    private const int Batch = 200;

    public async Task<int> AnnounceOpenedAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var ids = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.NotifiedAtUtc == null && i.AnsweredAtUtc == null && i.VoidedAtUtc == null && i.Campaign!.OpensAtUtc <= nowUtc
                        && i.Campaign.ClosedEarlyAtUtc == null && (i.Campaign.ClosesAtUtc == null || i.Campaign.ClosesAtUtc > nowUtc))
            .OrderBy(i => i.Id).Select(i => i.Id).Take(Batch).ToListAsync(ct);
        var sent = 0;
        foreach (var id in ids)
        {
            if (await ClaimAndNotifyAsync(db, id, nowUtc, reminder: false, ct)) sent++;
        }
        return sent;
    }

    public async Task<int> SendRemindersAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var ids = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.ReminderSentAtUtc == null && i.ReminderDueAtUtc != null && i.ReminderDueAtUtc <= nowUtc && i.NotifiedAtUtc != null
                        && i.AnsweredAtUtc == null && i.VoidedAtUtc == null && i.Campaign!.ClosedEarlyAtUtc == null
                        && (i.Campaign.ClosesAtUtc == null || i.Campaign.ClosesAtUtc > nowUtc))
            .OrderBy(i => i.ReminderDueAtUtc).Select(i => i.Id).Take(Batch).ToListAsync(ct);
        var sent = 0;
        foreach (var id in ids)
        {
            if (await ClaimAndNotifyAsync(db, id, nowUtc, reminder: true, ct)) sent++;
        }
        return sent;
    }

    private async Task<bool> ClaimAndNotifyAsync(PortalDbContext db, int id, DateTime nowUtc, bool reminder, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var open = db.SurveyInvitations.Where(i => i.Id == id && i.AnsweredAtUtc == null && i.VoidedAtUtc == null);
            var claimed = reminder
                ? await open.Where(i => i.ReminderSentAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.ReminderSentAtUtc, nowUtc), ct)
                : await open.Where(i => i.NotifiedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.NotifiedAtUtc, nowUtc), ct);
            if (claimed == 0) return false;
            var invitation = await db.SurveyInvitations.AsNoTracking().Include(i => i.Campaign).FirstAsync(i => i.Id == id, ct);
            await AnnounceAsync(db, notifications, [invitation], nowUtc, reminder, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "Questionari: avviso dell'invito {Id} non registrato in questo passaggio", id);
            return false;
        }
    }

    /// <summary>
    /// Queues the in-app notification and the e-mail of each invitation (to its user, or to every active user of its
    /// Comune) in <paramref name="db"/> without saving; marks the invitations announced when they are tracked.
    /// </summary>
    internal static async Task AnnounceAsync(PortalDbContext db, NotificationService notifications, IReadOnlyList<SurveyInvitation> invitations,
        DateTime nowUtc, bool reminder, CancellationToken ct)
    {
        var comuneIds = invitations.Where(i => i.RespondentUserId is null && i.RespondentComuneId is not null).Select(i => i.RespondentComuneId!.Value).Distinct().ToList();
        var comuneUsers = comuneIds.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.ComuneId != null && comuneIds.Contains(u.ComuneId.Value))
            .Select(u => new { u.ComuneId, Recipient = new NotificationRecipient(u.Id, u.Email, u.FullName) }).ToListAsync(ct);
        var userIds = invitations.Where(i => i.RespondentUserId is not null).Select(i => i.RespondentUserId!).Distinct().ToList();
        var users = (await NotificationService.RecipientsAsync(db, userIds, ct)).ToDictionary(r => r.UserId);

        foreach (var i in invitations)
        {
            var recipients = i.RespondentUserId is { } uid
                ? users.TryGetValue(uid, out var r) ? [r] : []
                : comuneUsers.Where(u => u.ComuneId == i.RespondentComuneId).Select(u => u.Recipient).ToList();
            var campaign = i.Campaign!;
            var link = $"/questionari/rispondi/{i.Token}";
            var about = i.ContextTitle ?? campaign.Title;
            var title = reminder ? $"Promemoria: questionario «{Shorten(about, 120)}»" : $"Questionario: {Shorten(about, 150)}";
            var closes = campaign.ClosesAtUtc is { } c ? $" Si può rispondere fino al {Formats.Date(c.AddSeconds(-1))}." : "";
            var forComune = i.RespondentComuneId is not null && i.RespondentUserId is null ? $" Risponde una sola persona per il {i.RespondentName}." : "";
            var body = reminder
                ? $"Non ha ancora risposto al questionario «{campaign.Title}» ({about}). Le bastano pochi minuti.{closes}{forComune}"
                : $"La invitiamo a rispondere al questionario «{campaign.Title}».{closes}{forComune}";
            notifications.Queue(db, recipients, new NotificationMessage(title, body, link), rcpt => new EmailMessage(rcpt.Email!, title,
                $"Buongiorno {rcpt.FullName},\n\n{body}\n\nRisponda qui: {notifications.AbsoluteLink(link)}\n\nMessaggio automatico di ProvincePortal."));
            if (db.Entry(i).State != EntityState.Detached)
            {
                if (reminder) i.ReminderSentAtUtc = nowUtc;
                else i.NotifiedAtUtc = nowUtc;
            }
        }
    }

    private static string Shorten(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
}

/// <summary>Runs <see cref="SurveyJobs"/> every Questionari:JobPollMinutes (off with Questionari:JobsEnabled=false).</summary>
public sealed class SurveyJobsWorker(IServiceScopeFactory scopes, IOptionsMonitor<QuestionariOptions> options, TimeProvider clock, ILogger<SurveyJobsWorker> logger)
    : Hosting.PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan InitialDelay => TimeSpan.FromSeconds(45);
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.JobPollMinutes));
    protected override bool Enabled => options.CurrentValue.JobsEnabled;
    protected override string FailureMessage => "Lavori periodici dei questionari non riusciti";

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var jobs = services.GetRequiredService<SurveyJobs>();
        var announced = await jobs.AnnounceOpenedAsync(nowUtc, ct);
        var reminded = await jobs.SendRemindersAsync(nowUtc, ct);
        if (announced + reminded > 0)
        {
            logger.LogInformation("Questionari: {Announced} inviti annunciati, {Reminded} promemoria", announced, reminded);
            services.GetRequiredService<NotificationService>().WakeOutbox();
        }
    }
}
