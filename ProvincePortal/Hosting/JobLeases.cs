using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;

namespace ProvincePortal.Hosting;

public sealed record JobStatus(string Name, string? Holder, bool Running, DateTime? LastRunStartedUtc, DateTime? LastRunEndedUtc, string? LastError, long RunCount);

/// <summary>
/// The leases that make each periodic job run on one node at a time and once per period across nodes. Every step is
/// one conditional UPDATE, so two nodes racing for a lease cannot both win, on SQLite as on PostgreSQL.
/// </summary>
public sealed class JobLeases
{
    private readonly IDbContextFactory<PortalDbContext> factory;
    private readonly IOptionsMonitor<JobOptions> options;

    public JobLeases(IDbContextFactory<PortalDbContext> factory, IOptionsMonitor<JobOptions> options, IOptions<NodeOptions> node)
    {
        this.factory = factory;
        this.options = options;
        NodeId = string.IsNullOrWhiteSpace(node.Value.Id) ? $"{Environment.MachineName}-{Environment.ProcessId}" : node.Value.Id.Trim();
        Holder = $"{NodeId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This node's name, as configured (Node:Id) or machine name and process id.</summary>
    public string NodeId { get; }

    /// <summary>The lease holder: the node plus a per-start suffix, so two processes given the same Node:Id never share a lease.</summary>
    public string Holder { get; }

    public JobOptions Options => options.CurrentValue;

    public TimeSpan LeaseLength => TimeSpan.FromSeconds(Math.Max(5, options.CurrentValue.LeaseSeconds));

    private readonly HashSet<string> ensured = [];

    /// <summary>
    /// Takes the lease of <paramref name="name"/> for a round starting at <paramref name="nowUtc"/> when no other node
    /// holds it and no round started within <paramref name="period"/> (less a tenth, for timer jitter).
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, TimeSpan period, DateTime nowUtc, CancellationToken ct)
    {
        await EnsureRowAsync(name, ct);
        var until = nowUtc + LeaseLength;
        var lastStartBefore = nowUtc - period + TimeSpan.FromTicks(Math.Min(period.Ticks / 10, TimeSpan.FromSeconds(30).Ticks));
        var me = Holder;
        await using var db = await factory.CreateDbContextAsync(ct);
        var taken = await db.JobLeases
            .Where(l => l.Name == name && (l.LeaseUntilUtc < nowUtc || l.Holder == me) && (l.LastRunStartedUtc == null || l.LastRunStartedUtc <= lastStartBefore))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Holder, me)
                .SetProperty(l => l.LeaseUntilUtc, until)
                .SetProperty(l => l.LastRunStartedUtc, nowUtc)
                .SetProperty(l => l.RunCount, l => l.RunCount + 1), ct);
        return taken == 1;
    }

    /// <summary>Extends a lease this node holds; false when it was lost (expired and taken by another node).</summary>
    public async Task<bool> RenewAsync(string name, DateTime nowUtc, CancellationToken ct)
    {
        var until = nowUtc + LeaseLength;
        var me = Holder;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.JobLeases.Where(l => l.Name == name && l.Holder == me)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LeaseUntilUtc, until), ct) == 1;
    }

    /// <summary>Ends the round: the lease is free at once and the outcome is recorded.</summary>
    public async Task ReleaseAsync(string name, DateTime nowUtc, string? error, CancellationToken ct)
    {
        var me = Holder;
        var message = error is { Length: > 2000 } ? error[..2000] : error;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.LeaseUntilUtc, nowUtc)
                .SetProperty(l => l.LastRunEndedUtc, nowUtc)
                .SetProperty(l => l.LastError, message), ct);
    }

    public async Task<IReadOnlyList<JobStatus>> ListAsync(DateTime nowUtc, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.JobLeases.AsNoTracking().OrderBy(l => l.Name)
            .Select(l => new JobStatus(l.Name, l.Holder, l.LeaseUntilUtc > nowUtc, l.LastRunStartedUtc, l.LastRunEndedUtc, l.LastError, l.RunCount))
            .ToListAsync(ct);
    }

    /// <summary>The row must exist for the UPDATE to take it; two nodes inserting it at once: one insert fails, harmlessly.</summary>
    private async Task EnsureRowAsync(string name, CancellationToken ct)
    {
        lock (ensured) if (ensured.Contains(name)) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.JobLeases.AnyAsync(l => l.Name == name, ct))
        {
            db.JobLeases.Add(new JobLease { Name = name, LeaseUntilUtc = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                if (!await RowExistsAsync(name, ct)) throw;
            }
        }
        lock (ensured) ensured.Add(name);
    }

    private async Task<bool> RowExistsAsync(string name, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.JobLeases.AnyAsync(l => l.Name == name, ct);
    }
}
