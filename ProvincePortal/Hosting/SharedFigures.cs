using Microsoft.Extensions.Caching.Memory;

namespace ProvincePortal.Hosting;

/// <summary>
/// Figures that many users of one node read at once and that may be a few seconds old (the home Cruscotto's panels):
/// computed once per key and <c>maxAge</c>, and computed ONCE when they expire — the callers that arrive while the
/// computation runs wait for it instead of each starting their own. Without that, with hundreds of officers on the
/// Cruscotto, every expiry started tens of identical dashboard queries together (the seconds-long tail of the 500-user
/// run, bench/README.md "Active users, third round").
/// </summary>
public static class SharedFigures
{
    // IMemoryCache.GetOrCreate is not atomic: two callers missing together would both start a computation.
    private static readonly Lock Creating = new();

    /// <summary>
    /// The cached value of <paramref name="key"/>, or the one <paramref name="compute"/> is producing, or a new computation.
    /// The key must hold everything that changes the result for the caller (tenant scope, visibility): callers with the same
    /// key get the same object. The computation is not cancelled by the caller who started it (the others are waiting for
    /// it); each caller stops waiting on its own token. A failed computation is not kept.
    /// </summary>
    public static async Task<T> GetOrComputeOnceAsync<T>(this IMemoryCache cache, object key, TimeSpan maxAge,
        Func<CancellationToken, Task<T>> compute, CancellationToken ct)
    {
        if (!cache.TryGetValue(key, out Lazy<Task<T>>? entry) || entry is null)
        {
            lock (Creating)
            {
                entry = cache.GetOrCreate(key, e =>
                {
                    e.AbsoluteExpirationRelativeToNow = maxAge;
                    return new Lazy<Task<T>>(() => compute(CancellationToken.None));
                })!;
            }
        }
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch when (!ct.IsCancellationRequested)
        {
            // Only this computation's entry: a newer one may already have replaced it.
            if (cache.TryGetValue(key, out Lazy<Task<T>>? current) && ReferenceEquals(current, entry)) cache.Remove(key);
            throw;
        }
    }
}
