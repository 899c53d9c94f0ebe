using Microsoft.Extensions.Caching.Memory;
using ProvincePortal.Hosting;

namespace ProvincePortal.Tests.Hosting;

public class SharedFiguresTests
{
    [Fact]
    public async Task CallersArrivingDuringAComputation_WaitForIt_InsteadOfStartingTheirOwn()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var started = 0;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> Compute(CancellationToken _) { Interlocked.Increment(ref started); return release.Task; }

        var callers = Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => cache.GetOrComputeOnceAsync("cruscotto", TimeSpan.FromMinutes(1), Compute, CancellationToken.None)))
            .ToArray();
        await Task.Delay(50); // let every caller reach the cache before the figures are ready
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        release.SetResult(42);

        Assert.All(await Task.WhenAll(callers), v => Assert.Equal(42, v));
        Assert.Equal(1, started);
        Assert.Equal(42, await cache.GetOrComputeOnceAsync("cruscotto", TimeSpan.FromMinutes(1), Compute, CancellationToken.None));
        Assert.Equal(1, started);
        Assert.Equal(7, await cache.GetOrComputeOnceAsync("altra Provincia", TimeSpan.FromMinutes(1), _ => Task.FromResult(7), CancellationToken.None));
    }

    [Fact]
    public async Task AFailedComputation_IsNotKept_AndTheNextCallerComputesAgain()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var calls = 0;
        Task<int> Compute(CancellationToken _) =>
            ++calls == 1 ? Task.FromException<int>(new InvalidOperationException("database non raggiungibile")) : Task.FromResult(5);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrComputeOnceAsync("k", TimeSpan.FromMinutes(1), Compute, CancellationToken.None));
        Assert.Equal(5, await cache.GetOrComputeOnceAsync("k", TimeSpan.FromMinutes(1), Compute, CancellationToken.None));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ACallerWhoLeaves_DoesNotCancelTheComputationTheOthersWaitFor()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        Task<int> Compute(CancellationToken token) { seen = token; return release.Task; }

        using var leaving = new CancellationTokenSource();
        var first = cache.GetOrComputeOnceAsync("k", TimeSpan.FromMinutes(1), Compute, leaving.Token);
        var second = cache.GetOrComputeOnceAsync("k", TimeSpan.FromMinutes(1), Compute, CancellationToken.None);
        leaving.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(seen.CanBeCanceled);
        release.SetResult(9);
        Assert.Equal(9, await second);
    }
}
