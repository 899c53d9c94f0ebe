using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Notifications;

public sealed record NotificationRow(long Id, string Title, string Body, string? LinkUrl, DateTime CreatedAtUtc, DateTime? ReadAtUtc);

/// <summary>What the bell shows. <see cref="LinkUrl"/> is relative to the portal.</summary>
public sealed record NotificationMessage(string Title, string Body, string? LinkUrl);

/// <summary>Who receives a notification, with what the e-mail needs.</summary>
public sealed record NotificationRecipient(string UserId, string? Email, string FullName);

/// <summary>
/// In-app notifications and the e-mail outbox, for every module. Senders queue inside their own transaction
/// (<see cref="Queue"/>), so a notification exists exactly when what it announces was saved; a user reads only their own.
/// </summary>
public sealed class NotificationService(
    IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, EmailOutboxSignal signal,
    IOptionsMonitor<EmailOptions> emailOptions, NotificationCounts counts, ILogger<NotificationService> logger)
{
    private static int disabledLogged;

    /// <summary>
    /// Adds the notifications and (when e-mail is configured and <paramref name="email"/> is given) the outbox messages to
    /// <paramref name="db"/> without saving: the caller saves them with its own changes, then calls <see cref="WakeOutbox"/>.
    /// </summary>
    public void Queue(PortalDbContext db, IEnumerable<NotificationRecipient> recipients, NotificationMessage message,
        Func<NotificationRecipient, EmailMessage>? email = null)
    {
        var now = DateTime.UtcNow;
        var sendEmail = email is not null && EmailEnabled();
        foreach (var r in recipients.DistinctBy(r => r.UserId))
        {
            db.Notifications.Add(new Notification
            {
                RecipientUserId = r.UserId, Title = Truncate(message.Title, 300), Body = Truncate(message.Body, 2000),
                LinkUrl = message.LinkUrl, CreatedAtUtc = now,
            });
            if (sendEmail && !string.IsNullOrWhiteSpace(r.Email))
            {
                var m = email!(r);
                db.OutboxEmails.Add(new OutboxEmail
                {
                    To = r.Email!, Subject = Truncate(m.Subject, 300), Body = m.Body, CreatedAtUtc = now, NextAttemptAtUtc = now,
                });
            }
        }
    }

    /// <summary>
    /// Adds one outbox e-mail to <paramref name="db"/> without a notification (a digest of things already notified in the app).
    /// False when e-mail is off or there is no address.
    /// </summary>
    public bool QueueEmail(PortalDbContext db, string? to, EmailMessage message)
    {
        if (string.IsNullOrWhiteSpace(to) || !EmailEnabled()) return false;
        var now = DateTime.UtcNow;
        db.OutboxEmails.Add(new OutboxEmail { To = to, Subject = Truncate(message.Subject, 300), Body = message.Body, CreatedAtUtc = now, NextAttemptAtUtc = now });
        return true;
    }

    /// <summary>Notifies users by id in a transaction of its own (for modules with nothing else to save).</summary>
    public async Task NotifyAsync(IReadOnlyCollection<string> userIds, NotificationMessage message,
        Func<NotificationRecipient, EmailMessage>? email = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var recipients = await RecipientsAsync(db, userIds, ct);
        Queue(db, recipients, message, email);
        await db.SaveChangesAsync(ct);
        WakeOutbox();
    }

    public static async Task<IReadOnlyList<NotificationRecipient>> RecipientsAsync(PortalDbContext db, IReadOnlyCollection<string> userIds, CancellationToken ct) =>
        userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.IsActive)
            .Select(u => new NotificationRecipient(u.Id, u.Email, u.FullName)).ToListAsync(ct);

    public void WakeOutbox() => signal.Notify();

    /// <summary>The absolute address of a portal link, for e-mails.</summary>
    public string AbsoluteLink(string relative) => emailOptions.CurrentValue.LinkBaseUrl.TrimEnd('/') + relative;

    private bool EmailEnabled()
    {
        if (emailOptions.CurrentValue.Enabled) return true;
        if (Interlocked.Exchange(ref disabledLogged, 1) == 0)
            logger.LogWarning("E-mail disattivate: Email:Host è vuoto, le notifiche restano solo nel portale");
        return false;
    }

    // ---------- The current user's own notifications ----------

    public async Task<(IReadOnlyList<NotificationRow> Items, int Total)> ListMineAsync(int page, int pageSize, bool unreadOnly = false, CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null) return ([], 0);
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == userId);
        if (unreadOnly) q = q.Where(n => n.ReadAtUtc == null);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Skip(Math.Max(0, page) * Math.Clamp(pageSize, 1, 200)).Take(Math.Clamp(pageSize, 1, 200))
            .Select(n => new NotificationRow(n.Id, n.Title, n.Body, n.LinkUrl, n.CreatedAtUtc, n.ReadAtUtc)).ToListAsync(ct);
        return (items, total);
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.RecipientUserId == userId && n.ReadAtUtc == null, ct);
    }

    /// <summary>
    /// The current user's unread count, then <paramref name="changed"/> at each change until the subscription is disposed
    /// (see <see cref="NotificationCounts"/> for how soon); no subscription for an anonymous user.
    /// </summary>
    public async Task<(int Count, IDisposable? Subscription)> WatchUnreadAsync(Action<int> changed, CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null) return (0, null);
        var (count, subscription) = await counts.WatchAsync(userId, changed, ct);
        return (count, subscription);
    }

    /// <summary>False when the notification does not exist or belongs to someone else (no difference is shown).</summary>
    public async Task<bool> MarkReadAsync(long id, CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null) return false;
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = DateTime.UtcNow;
        var exists = await db.Notifications.AnyAsync(n => n.Id == id && n.RecipientUserId == userId, ct);
        var changed = await db.Notifications.Where(n => n.Id == id && n.RecipientUserId == userId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        // A bulk update bypasses SaveChanges (and NotificationWrites): the bells of the user are told here.
        if (changed > 0) counts.Changed([userId]);
        return exists;
    }

    public async Task<int> MarkAllReadAsync(CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = DateTime.UtcNow;
        var changed = await db.Notifications.Where(n => n.RecipientUserId == userId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        if (changed > 0) counts.Changed([userId]);
        return changed;
    }

    private async Task<string?> UserIdAsync() => (await currentUser.GetAsync()).UserId;

    private static string Truncate(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
}
