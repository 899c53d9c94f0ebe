using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Alerts;

/// <summary>A call that was just created or changed: what the alerts are matched on.</summary>
public sealed record CallEvent(int CallId, bool IsNew, string ChangeKey, string Summary)
{
    public const string NewKey = "nuovo";

    public static CallEvent Created(int callId) => new(callId, true, NewKey, "Nuovo bando");

    /// <summary>The changes of one import or edit, keyed on the first history row they wrote.</summary>
    public static CallEvent Changed(int callId, IReadOnlyCollection<CallChange> changes)
    {
        var summary = string.Join("; ", changes.Select(c => $"{c.Field}: {c.OldValue ?? "—"} → {c.NewValue ?? "—"}"));
        return new(callId, false, $"modifica:{changes.Min(c => c.Id)}", summary.Length > 2000 ? summary[..1999] + "…" : summary);
    }
}

/// <summary>
/// Matches new and changed calls against the saved searches of the users who may see them, records one
/// <see cref="CallAlert"/> per search, call and change, and notifies: in the app at once, by e-mail at once for immediate
/// searches (one message per search and batch); daily and weekly searches wait for <see cref="AlertDigestService"/>.
/// The rule is <see cref="CallService.Filtered"/>, the same the registry grid uses, run in the database.
/// </summary>
public sealed class CallAlertMatcher(IDbContextFactory<PortalDbContext> factory, NotificationService notifications, TimeProvider clock,
    ILogger<CallAlertMatcher> logger)
{
    /// <summary>In a context and transaction of its own; wakes the outbox. Returns the alerts recorded.</summary>
    public async Task<int> RecordAsync(IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var count = await RecordAsync(db, events, ct);
        if (count > 0) notifications.WakeOutbox();
        return count;
    }

    /// <summary>
    /// For callers whose own work is already saved (a new call of the Province): a failure is logged, not thrown, so the
    /// user is not told that the call failed when only its alerts did.
    /// </summary>
    public async Task<int> TryRecordAsync(IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        try { return await RecordAsync(events, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Avvisi delle ricerche salvate non registrati per i bandi {CallIds}", string.Join(", ", events.Select(e => e.CallId)));
            return 0;
        }
    }

    /// <summary>
    /// In the caller's context (which must see every Province) and transaction: saves after each search; the caller
    /// commits and then calls <see cref="NotificationService.WakeOutbox"/>.
    /// </summary>
    public async Task<int> RecordAsync(PortalDbContext db, IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var roles = Policies.RolesByPolicy[Policies.EuCalls];
        var searches = await (
            from s in db.SavedSearches.AsNoTracking()
            join u in db.Users on s.UserId equals u.Id
            where !s.Paused && u.IsActive
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!)))
            orderby s.Id
            select new { Search = s, u.ProvinceId, u.Email, u.FullName }).ToListAsync(ct);
        if (searches.Count == 0) return 0;

        var byCall = events.GroupBy(e => e.CallId).ToDictionary(g => g.Key, g => g.Last());
        var ids = byCall.Keys.ToList();
        Dictionary<int, CallHeader>? headers = null;
        var total = 0;
        foreach (var x in searches)
        {
            var province = x.ProvinceId;
            var filter = x.Search.ToFilter();
            var matched = new List<int>();
            foreach (var chunk in ids.Chunk(500))
            {
                // Tenant isolation: a Province's own calls reach only that Province's users.
                var candidates = db.Calls.AsNoTracking().Where(c => chunk.Contains(c.Id) && (c.ProvinceId == null || c.ProvinceId == province));
                matched.AddRange(await CallService.Filtered(db, candidates, filter, now).Select(c => c.Id).ToListAsync(ct));
            }
            if (matched.Count == 0) continue;
            var searchId = x.Search.Id;
            var known = (await db.CallAlerts.AsNoTracking().Where(a => a.SavedSearchId == searchId && matched.Contains(a.CallId))
                .Select(a => new { a.CallId, a.ChangeKey }).ToListAsync(ct)).Select(a => (a.CallId, a.ChangeKey)).ToHashSet();
            var fresh = matched.Select(id => byCall[id]).Where(e => !known.Contains((e.CallId, e.ChangeKey))).ToList();
            if (fresh.Count == 0) continue;

            headers ??= await HeadersAsync(db, ids, ct);
            var digest = x.Search.Frequency is AlertFrequency.Giornaliera or AlertFrequency.Settimanale;
            var alerts = fresh.Select(e => new CallAlert
            {
                SavedSearchId = searchId, CallId = e.CallId, ChangeKey = e.ChangeKey, IsNew = e.IsNew, Summary = e.Summary,
                CreatedAtUtc = now, DigestDue = digest,
            }).ToList();
            db.CallAlerts.AddRange(alerts);
            var recipient = new NotificationRecipient(x.Search.UserId, x.Email, x.FullName);
            var items = alerts.Select(a => new AlertItem(headers[a.CallId], a.IsNew, a.Summary)).ToList();
            notifications.Queue(db, [recipient], InApp(x.Search, items),
                x.Search.Frequency == AlertFrequency.Immediata ? r => Immediate(x.Search, r, items) : null);
            try
            {
                await db.SaveChangesAsync(ct);
                total += alerts.Count;
            }
            catch (DbUpdateException ex)
            {
                // Another process recorded the same alerts first: drop ours, notifications included.
                logger.LogInformation(ex, "Avvisi della ricerca {SearchId} già registrati da un altro processo", searchId);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && e.Entity is CallAlert or Notification or OutboxEmail).ToList())
                    entry.State = EntityState.Detached;
            }
        }
        return total;
    }

    private static async Task<Dictionary<int, CallHeader>> HeadersAsync(PortalDbContext db, List<int> ids, CancellationToken ct)
    {
        var result = new Dictionary<int, CallHeader>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var h in await db.Calls.AsNoTracking().Where(c => chunk.Contains(c.Id))
                         .Select(c => new CallHeader(c.Id, c.Identifier, c.Title, c.Programme, c.LastDeadlineUtc)).ToListAsync(ct))
                result[h.Id] = h;
        return result;
    }

    private static NotificationMessage InApp(SavedSearch search, IReadOnlyList<AlertItem> items)
    {
        if (items.Count == 1)
        {
            var i = items[0];
            return new NotificationMessage($"Avviso «{search.Name}»: {(i.IsNew ? "nuovo bando" : "bando modificato")}",
                i.IsNew ? $"{i.Call.Identifier} — {i.Call.Title}" : $"{i.Call.Identifier} — {i.Call.Title}. {i.Summary}", $"/bandi/{i.Call.Id}");
        }
        var body = string.Join("; ", items.Take(3).Select(i => i.Call.Title)) + (items.Count > 3 ? "…" : "");
        return new NotificationMessage($"Avviso «{search.Name}»: {items.Count} bandi nuovi o modificati", body, $"/bandi/avvisi/{search.Id}");
    }

    private EmailMessage Immediate(SavedSearch search, NotificationRecipient r, IReadOnlyList<AlertItem> items) =>
        new(r.Email!, $"Avviso bandi «{search.Name}»: {Count(items.Count)} nuovi o modificati",
            AlertEmails.Body(r.FullName, $"la ricerca salvata «{search.Name}» ha trovato {Count(items.Count)} nuovi o modificati:", items, notifications));

    internal static string Count(int n) => n == 1 ? "1 bando" : $"{n} bandi";
}

public sealed record CallHeader(int Id, string Identifier, string Title, string Programme, DateTime? LastDeadlineUtc);

public sealed record AlertItem(CallHeader Call, bool IsNew, string Summary);

/// <summary>The text of alert e-mails, immediate and digest alike: one entry per call with its link.</summary>
public static class AlertEmails
{
    public static string Body(string fullName, string intro, IReadOnlyList<AlertItem> items, NotificationService notifications)
    {
        var sb = new StringBuilder();
        sb.Append("Buongiorno ").Append(fullName).Append(",\n\n").Append(intro).Append("\n\n");
        foreach (var i in items)
        {
            sb.Append("- ").Append(i.IsNew ? "Nuovo" : "Modificato").Append(": ").Append(i.Call.Identifier).Append(" — ").Append(i.Call.Title).Append('\n');
            sb.Append("  Programma: ").Append(i.Call.Programme);
            if (i.Call.LastDeadlineUtc is { } d) sb.Append(" · scadenza ").Append(Formats.DateTime(d));
            sb.Append('\n');
            if (!i.IsNew) sb.Append("  ").Append(i.Summary).Append('\n');
            sb.Append("  ").Append(notifications.AbsoluteLink($"/bandi/{i.Call.Id}")).Append("\n\n");
        }
        sb.Append("Le ricerche salvate si gestiscono qui: ").Append(notifications.AbsoluteLink("/bandi/avvisi")).Append("\n\n");
        sb.Append("Messaggio automatico di ProvincePortal.");
        return sb.ToString();
    }
}
