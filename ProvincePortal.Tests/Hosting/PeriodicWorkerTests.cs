using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProvincePortal.Hosting;

namespace ProvincePortal.Tests.Hosting;

/// <summary>The shared loop of the background jobs: a failed round is logged and the next one still runs; disabled means no rounds.</summary>
public sealed class PeriodicWorkerTests
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

    private sealed class TestWorker(IServiceScopeFactory scopes, ILogger logger, bool enabled) : PeriodicWorker(scopes, TimeProvider.System, logger)
    {
        public int Rounds;
        public readonly ConcurrentBag<int> ScopeIds = [];
        protected override TimeSpan InitialDelay => TimeSpan.Zero;
        protected override TimeSpan Period => TimeSpan.FromMilliseconds(20);
        protected override bool Enabled => enabled;
        protected override string FailureMessage => "Giro di prova non riuscito";

        protected override Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
        {
            Assert.Equal(DateTimeKind.Utc, nowUtc.Kind);
            ScopeIds.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(services.GetRequiredService<Counter>()));
            if (Interlocked.Increment(ref Rounds) == 1) throw new InvalidOperationException("database non raggiungibile");
            return Task.CompletedTask;
        }
    }

    private static IServiceScopeFactory Scopes() =>
        new ServiceCollection().AddScoped<Counter>().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();

    [Fact]
    public async Task AFailedRound_IsLogged_AndTheLoopGoesOn_EachRoundInItsOwnScope()
    {
        var log = new CapturingLogger();
        var worker = new TestWorker(Scopes(), log, enabled: true);
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
}
