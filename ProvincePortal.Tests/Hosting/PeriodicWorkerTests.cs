using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProvincePortal.Data;
using ProvincePortal.Hosting;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Hosting;

/// <summary>
/// The shared loop of the background jobs: a failed round is logged and the next one still runs; disabled means no
/// rounds; two nodes on one database share the rounds through the job's lease.
/// </summary>
public sealed class PeriodicWorkerTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Error)> Entries { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }

    private sealed class Counter { public int Value; }

    private sealed class TestWorker(IServiceScopeFactory scopes, ILogger logger, bool enabled, string job = "", int periodMs = 20, bool failFirst = true)
        : PeriodicWorker(scopes, TimeProvider.System, logger)
    {
        public int Rounds;
        public readonly ConcurrentBag<int> ScopeIds = [];
        public readonly ConcurrentQueue<(DateTime Start, DateTime End)> Runs = new();
        public int Started;
        public override string JobName => job.Length > 0 ? job : base.JobName;
        protected override TimeSpan InitialDelay => TimeSpan.Zero;
        protected override TimeSpan Period => TimeSpan.FromMilliseconds(periodMs);
        protected override bool Enabled => enabled;
        protected override string FailureMessage => "Giro di prova non riuscito";

        protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
        {
            Assert.Equal(DateTimeKind.Utc, nowUtc.Kind);
            ScopeIds.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(services.GetRequiredService<Counter>()));
            if (Interlocked.Increment(ref Rounds) == 1 && failFirst) throw new InvalidOperationException("database non raggiungibile");
            Interlocked.Increment(ref Started);
            await Task.Delay(30, ct);
            Runs.Enqueue((nowUtc, DateTime.UtcNow));
        }
    }

    /// <summary>One node's services: its own lease holder on the shared test database.</summary>
    private IServiceScopeFactory Scopes(string node = "nodo-a", bool jobsEnabled = true)
    {
        var services = new ServiceCollection().AddScoped<Counter>();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(database);
        services.Configure<NodeOptions>(o => o.Id = node);
        services.Configure<JobOptions>(o => o.Enabled = jobsEnabled);
        services.AddSingleton<JobLeases>();
        return services.BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
    }

    [Fact]
    public async Task AFailedRound_IsLogged_AndTheLoopGoesOn_EachRoundInItsOwnScope()
    {
        var log = new CapturingLogger();
        var worker = new TestWorker(Scopes(), log, enabled: true, job: "Prova1");
        await worker.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref worker.Rounds) < 3 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await worker.StopAsync(CancellationToken.None);

        Assert.True(worker.Rounds >= 3, $"giri eseguiti: {worker.Rounds}");
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("Giro di prova non riuscito", error.Message);
        Assert.Equal("database non raggiungibile", error.Error?.Message);
        Assert.Equal(worker.ScopeIds.Count, worker.ScopeIds.Distinct().Count());
    }

    [Fact]
    public async Task ADisabledWorker_RunsNoRound_AndStopsPromptly()
    {
        var worker = new TestWorker(Scopes(), new CapturingLogger(), enabled: false);
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(150);
        var stop = worker.StopAsync(CancellationToken.None);
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Equal(0, worker.Rounds);
    }

    [Fact]
    public async Task JobsDisabledOnTheNode_RunsNoRound()
    {
        var worker = new TestWorker(Scopes(jobsEnabled: false), new CapturingLogger(), enabled: true, job: "Prova2");
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(150);
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(0, worker.Rounds);
    }

    [Fact]
    public async Task TheSameJobOnTwoNodes_NeverRunsTwiceAtOnce_NorTwiceInAPeriod()
    {
        const int periodMs = 200;
        var a = new TestWorker(Scopes("nodo-a"), new CapturingLogger(), enabled: true, job: "Prova3", periodMs, failFirst: false);
        var b = new TestWorker(Scopes("nodo-b"), new CapturingLogger(), enabled: true, job: "Prova3", periodMs, failFirst: false);
        await Task.WhenAll(a.StartAsync(CancellationToken.None), b.StartAsync(CancellationToken.None));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (a.Runs.Count + b.Runs.Count < 6 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Task.WhenAll(a.StopAsync(CancellationToken.None), b.StopAsync(CancellationToken.None));

        var runs = a.Runs.Concat(b.Runs).OrderBy(r => r.Start).ToList();
        Assert.True(runs.Count >= 6, $"giri eseguiti: {runs.Count}");
        // Each round starts after the previous one ended and at least 90% of a period after it started.
        foreach (var (previous, next) in runs.Zip(runs.Skip(1)))
        {
            Assert.True(next.Start >= previous.End, "due giri sovrapposti");
            Assert.True(next.Start - previous.Start >= TimeSpan.FromMilliseconds(periodMs * 0.9 - 1),
                $"due giri a {(next.Start - previous.Start).TotalMilliseconds:0} ms");
        }
        await using var db = database.CreateDbContext();
        var lease = await db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == "Prova3");
        Assert.Equal(a.Started + b.Started, lease.RunCount);
        Assert.False(lease.LeaseUntilUtc > DateTime.UtcNow, "turno non rilasciato alla fermata");
    }
}
