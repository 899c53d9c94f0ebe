using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace ProvincePortal.Hosting;

/// <summary>
/// The choices of the list pages' filters (committenti of Gare, programmes of Bandi, services and Comuni of Richieste),
/// shared for <see cref="MaxAge"/> by the users who see the same rows. They were read again at every visit of a list:
/// 7 % of the server's CPU with 500 users browsing (bench/README.md, "Active users, fourth round"), for lists that change
/// a few times a day. A change made on this node that can add a choice (<see cref="Changed"/>) is seen at once; one made
/// on another node within <see cref="MaxAge"/>.
/// </summary>
public sealed class FilterChoices(IMemoryCache cache)
{
    public const string Committenti = "committenti";
    public const string ProvinceName = "provincia";
    public const string Programmes = "programmi";
    public const string RequestServices = "servizi-richieste";
    public const string RequestComuni = "comuni-richieste";

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, int> generations = new();

    /// <summary>
    /// The choices of <paramref name="list"/> for the users who see what <paramref name="visibility"/> describes (the tenant
    /// scope and any narrower restriction, e.g. a Comune): it must hold everything that changes the result, as for
    /// <see cref="SharedFigures.GetOrComputeOnceAsync{T}"/>.
    /// </summary>
    public Task<T> GetAsync<T>(string list, object? visibility, Func<CancellationToken, Task<T>> compute, CancellationToken ct) =>
        cache.GetOrComputeOnceAsync((nameof(FilterChoices), list, visibility, generations.GetValueOrDefault(list)), MaxAge, compute, ct);

    /// <summary>After a change that may add, rename or remove a choice of <paramref name="list"/>: the next reads compute it again.</summary>
    public void Changed(string list) => generations.AddOrUpdate(list, 1, (_, g) => g + 1);
}
