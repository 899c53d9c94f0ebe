using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Hosting;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Hosting;

/// <summary>The job leases on a real database (SQLite, or PostgreSQL under PP_TEST_PROVIDER=Postgres), with one JobLeases per simulated node.</summary>
public sealed class JobLeasesTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);
    private static readonly DateTime T0 = new(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);

    private JobLeases Node(string id, int leaseSeconds = 60) =>
        new(database, new FixedOptions<JobOptions>(new JobOptions { LeaseSeconds = leaseSeconds }), Options.Create(new NodeOptions { Id = id }));

    private static string NewJob() => "Prova" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task TryAcquire_TwoNodes_OneRunsAndTheOtherSkipsTheRestOfThePeriod()
    {
        var (a, b, job) = (Node("nodo-a"), Node("nodo-b"), NewJob());

        Assert.True(await a.TryAcquireAsync(job, Period, T0, default));
        Assert.False(await b.TryAcquireAsync(job, Period, T0.AddSeconds(1), default));

        await a.ReleaseAsync(job, T0.AddSeconds(5), null, default);
        // Free again, but this period's round is done.
        Assert.False(await b.TryAcquireAsync(job, Period, T0.AddMinutes(5), default));
        Assert.True(await b.TryAcquireAsync(job, Period, T0 + Period, default));

        var row = await LeaseAsync(job);
        Assert.Equal(2, row.RunCount);
        Assert.Equal(b.Holder, row.Holder);
        Assert.StartsWith("nodo-b/", row.Holder);
        Assert.Equal(T0 + Period, row.LastRunStartedUtc);
    }

    [Fact]
    public async Task TryAcquire_LeaseOfANodeThatDied_IsTakenOverOnlyAfterItExpires()
    {
        var (dead, survivor, job) = (Node("nodo-a", leaseSeconds: 60), Node("nodo-b"), NewJob());
        var shortPeriod = TimeSpan.FromSeconds(10);

        Assert.True(await dead.TryAcquireAsync(job, shortPeriod, T0, default));
        // Never released: the period has passed but the lease still holds.
        Assert.False(await survivor.TryAcquireAsync(job, shortPeriod, T0.AddSeconds(30), default));
        Assert.True(await survivor.TryAcquireAsync(job, shortPeriod, T0.AddSeconds(61), default));

        // The dead node, back, learns that its lease is lost and cannot record an outcome over the new holder's.
        Assert.False(await dead.RenewAsync(job, T0.AddSeconds(62), default));
        await dead.ReleaseAsync(job, T0.AddSeconds(62), "tardi", default);
        var row = await LeaseAsync(job);
        Assert.Equal(survivor.Holder, row.Holder);
        Assert.Null(row.LastError);
        Assert.True(row.LeaseUntilUtc > T0.AddSeconds(62));
    }

    [Fact]
    public async Task Release_RecordsTheEndAndTheError()
    {
        var (a, job) = (Node("nodo-a"), NewJob());
        Assert.True(await a.TryAcquireAsync(job, Period, T0, default));
        Assert.True(await a.RenewAsync(job, T0.AddSeconds(40), default));
        await a.ReleaseAsync(job, T0.AddSeconds(50), "SmtpException: server non raggiungibile", default);

        var status = Assert.Single(await a.ListAsync(T0.AddSeconds(51), default), s => s.Name == job);
        Assert.False(status.Running);
        Assert.Equal(T0.AddSeconds(50), status.LastRunEndedUtc);
        Assert.Equal("SmtpException: server non raggiungibile", status.LastError);
    }

    [Fact]
    public async Task TryAcquire_ManyNodesAtTheSameInstant_ExactlyOneWins()
    {
        var job = NewJob();
        var nodes = Enumerable.Range(1, 6).Select(i => Node($"nodo-{i}")).ToList();
        // The row exists first, as after the first round of any node: the race is on the UPDATE alone.
        await using (var db = database.CreateDbContext())
        {
            db.JobLeases.Add(new JobLease { Name = job, LeaseUntilUtc = T0.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var results = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.TryAcquireAsync(job, Period, T0, default))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, (await LeaseAsync(job)).RunCount);
    }

    private async Task<JobLease> LeaseAsync(string job)
    {
        await using var db = database.CreateDbContext();
        return await db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == job);
    }

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
