using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Notifications;

/// <summary>Wakes the worker as soon as something is queued, instead of waiting for the next poll.</summary>
public sealed class EmailOutboxSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try { signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Sends the queued e-mails. A failure is recorded on the message (attempts, last error) and retried later with a
/// growing delay; a message refused for good is kept, marked abandoned, for the administrator to look at.
/// </summary>
public sealed class EmailOutboxWorker(
    IDbContextFactory<PortalDbContext> factory, IEmailSender sender, EmailOutboxSignal signal,
    IOptionsMonitor<EmailOptions> options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<EmailOutboxWorker> logger)
    : Hosting.PeriodicWorker(scopes, clock, logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    // Messages queued before a restart leave at once; later ones as soon as the signal wakes the loop.
    protected override TimeSpan InitialDelay => TimeSpan.Zero;
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.PollSeconds));
    protected override bool Enabled => options.CurrentValue.Enabled;
    // Every node may send: each message is claimed on its own below, so none leaves twice.
    protected override bool OneNodeAtATime => false;
    protected override string FailureMessage => "Coda delle e-mail: errore durante l'invio";

    protected override Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct) => SendDueAsync(ct);

    protected override Task WaitAsync(TimeSpan period, CancellationToken ct) => signal.WaitAsync(period, ct);

    /// <summary>One round: every message due now, each claimed before it is sent. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var now = DateTime.UtcNow;
        var due = await db.OutboxEmails.AsNoTracking()
            .Where(m => m.SentAtUtc == null && m.AbandonedAtUtc == null && m.NextAttemptAtUtc <= now && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.NextAttemptAtUtc).Select(m => m.Id).Take(50).ToListAsync(ct);
        foreach (var id in due)
        {
            now = DateTime.UtcNow;
            var until = now + Lease;
            var claimed = await db.OutboxEmails
                .Where(m => m.Id == id && m.SentAtUtc == null && m.AbandonedAtUtc == null && m.NextAttemptAtUtc <= now
                            && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, until), ct);
            if (claimed == 0) continue;
            var message = await db.OutboxEmails.FirstAsync(m => m.Id == id, ct);
            message.Attempts++;
            message.LastAttemptAtUtc = now;
            try
            {
                await sender.SendAsync(new EmailMessage(message.To, message.Subject, message.Body), ct);
                message.SentAtUtc = DateTime.UtcNow;
                message.LastError = null;
                sent++;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                message.Attempts--;
                message.LockedUntilUtc = null;
                await db.SaveChangesAsync(CancellationToken.None);
                throw;
            }
            catch (PermanentEmailException ex)
            {
                message.LastError = Truncate(ex.Message);
                message.AbandonedAtUtc = DateTime.UtcNow;
                logger.LogError("E-mail {Id} a {To} rifiutata definitivamente: {Error}", message.Id, message.To, ex.Message);
            }
            catch (Exception ex)
            {
                message.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}");
                message.NextAttemptAtUtc = DateTime.UtcNow + RetryDelay(message.Attempts);
                logger.LogWarning("E-mail {Id} a {To} non inviata (tentativo {Attempts}), nuovo tentativo alle {Next:HH:mm:ss} UTC: {Error}",
                    message.Id, message.To, message.Attempts, message.NextAttemptAtUtc, ex.Message);
            }
            message.LockedUntilUtc = null;
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var o = options.CurrentValue;
        var seconds = Math.Min(Math.Max(1, o.RetryDelaySeconds) * Math.Pow(2, Math.Min(attempts - 1, 20)), Math.Max(1, o.MaxRetryDelaySeconds));
        return TimeSpan.FromSeconds(seconds);
    }

    private static string Truncate(string s) => s.Length > 2000 ? s[..2000] : s;
}
