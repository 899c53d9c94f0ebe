using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Notifications;

/// <summary>
/// The unread counts of the users whose bell is on screen on this node, pushed to the bells instead of queried at every
/// navigation (the re-count was ~5 % of the server's CPU with 60 users navigating, bench/README.md "Active users, second
/// round"). A write made through this node (<see cref="NotificationWrites"/>, <see cref="NotificationService"/>'s
/// mark-as-read) re-counts its recipients at once; every <see cref="RefreshInterval"/> one grouped query re-counts all the
/// watched users, so a write made by another node (several app servers on PostgreSQL, the command line) shows within that
/// bound. One entry per user, however many tabs: a count costs the node one query per user and interval at most.
/// </summary>
public sealed class NotificationCounts(IServiceProvider services, ILogger<NotificationCounts> logger)
{
    // Resolved at first use: the contexts' options hold NotificationWrites, which holds this.
    private IDbContextFactory<PortalDbContext> Factory => field ??= services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    /// <summary>The longest a bell shows a count that another node's write has changed (docs/operations.md, "Più nodi").</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    // SQLite and PostgreSQL both take this many parameters comfortably in one IN list.
    private const int Batch = 500;

    private readonly ConcurrentDictionary<string, Watched> watched = new(StringComparer.Ordinal);
    private long sequence;

    private sealed class Watched
    {
        public readonly object Gate = new();
        public readonly List<Action<int>> Listeners = [];
        public int? Count;
        // The sequence number of the re-count that set Count: an older re-count finishing later does not overwrite it.
        public long CountedBy;
        public bool Removed;
    }

    /// <summary>Users with a bell on screen on this node (for tests and diagnostics).</summary>
    public int WatchedUsers => watched.Count;

    /// <summary>
    /// Calls <paramref name="changed"/> with the new count whenever the user's unread count changes, until the returned
    /// subscription is disposed; returns the current count (queried only when no other bell of the user is watching).
    /// </summary>
    public async Task<(int Count, IDisposable Subscription)> WatchAsync(string userId, Action<int> changed, CancellationToken ct = default)
    {
        Watched entry;
        while (true)
        {
            entry = watched.GetOrAdd(userId, _ => new Watched());
            lock (entry.Gate)
            {
                if (entry.Removed) continue; // the last bell of the user left meanwhile: take a fresh entry
                entry.Listeners.Add(changed);
                break;
            }
        }
        var subscription = new Subscription(this, userId, entry, changed);
        int? known;
        lock (entry.Gate) known = entry.Count;
        if (known is int count) return (count, subscription);
        try
        {
            await RecountAsync([userId], notify: false, ct);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
        lock (entry.Gate) return (entry.Count ?? 0, subscription);
    }

    /// <summary>
    /// The notifications of these users changed through this node: their bells get the new count as soon as it is read
    /// (in the background, so the writer does not wait for it). Users without a bell on this node cost nothing.
    /// </summary>
    public void Changed(IEnumerable<string> userIds)
    {
        var ids = userIds.Where(watched.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return;
        _ = Task.Run(async () =>
        {
            try { await RecountAsync(ids, notify: true, CancellationToken.None); }
            catch (Exception e) { logger.LogWarning(e, "Conteggio delle notifiche non lette non aggiornato per {Users} utenti", ids.Count); }
        });
    }

    /// <summary>Re-counts every watched user (the periodic refresh that picks up other nodes' writes).</summary>
    public Task RefreshAsync(CancellationToken ct = default) => RecountAsync(watched.Keys.ToList(), notify: true, ct);

    private async Task RecountAsync(IReadOnlyList<string> userIds, bool notify, CancellationToken ct)
    {
        for (var i = 0; i < userIds.Count; i += Batch)
        {
            var ids = userIds.Skip(i).Take(Batch).ToList();
            var seq = Interlocked.Increment(ref sequence);
            await using var db = await Factory.CreateDbContextAsync(ct);
            var counts = await db.Notifications.AsNoTracking()
                .Where(n => ids.Contains(n.RecipientUserId) && n.ReadAtUtc == null)
                .GroupBy(n => n.RecipientUserId)
                .Select(g => new { UserId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.UserId, x => x.Count, ct);
            foreach (var id in ids)
            {
                if (!watched.TryGetValue(id, out var entry)) continue;
                var count = counts.GetValueOrDefault(id);
                Action<int>[] listeners;
                lock (entry.Gate)
                {
                    if (seq < entry.CountedBy || entry.Count == count) { entry.CountedBy = Math.Max(entry.CountedBy, seq); continue; }
                    entry.Count = count;
                    entry.CountedBy = seq;
                    listeners = notify ? [.. entry.Listeners] : [];
                }
                foreach (var listener in listeners)
                {
                    try { listener(count); }
                    catch (Exception e) { logger.LogWarning(e, "Campanella delle notifiche non aggiornata"); }
                }
            }
        }
    }

    private void Unwatch(string userId, Watched entry, Action<int> listener)
    {
        lock (entry.Gate)
        {
            entry.Listeners.Remove(listener);
            if (entry.Listeners.Count > 0) return;
            entry.Removed = true;
        }
        watched.TryRemove(new KeyValuePair<string, Watched>(userId, entry));
    }

    private sealed class Subscription(NotificationCounts owner, string userId, Watched entry, Action<int> listener) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Unwatch(userId, entry, listener);
        }
    }
}

/// <summary>
/// Tells <see cref="NotificationCounts"/> whose notifications a save of this node added or changed, once they are
/// committed: at the end of SaveChanges, or at the commit of the caller's transaction when there is one (a recipient
/// re-counted before the commit would not see the new row).
/// </summary>
public sealed class NotificationWrites(NotificationCounts counts) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, HashSet<string>> pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Publish(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData.Context);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Publish(eventData.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        HashSet<string>? users = null;
        foreach (var entry in context.ChangeTracker.Entries<Notification>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            users ??= pending.GetValue(context, _ => new HashSet<string>(StringComparer.Ordinal));
            lock (users) users.Add(entry.Entity.RecipientUserId);
        }
    }

    private void Publish(DbContext? context)
    {
        if (context is null || !pending.TryGetValue(context, out var users)) return;
        pending.Remove(context);
        string[] ids;
        lock (users) ids = [.. users];
        counts.Changed(ids);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null) pending.Remove(context);
    }
}

/// <summary>The periodic re-count of <see cref="NotificationCounts"/>.</summary>
public sealed class NotificationCountsRefresher(NotificationCounts counts, ILogger<NotificationCountsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(NotificationCounts.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await counts.RefreshAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e) { logger.LogWarning(e, "Aggiornamento periodico dei conteggi delle notifiche non riuscito"); }
        }
    }
}
