using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ProvincePortal.Data;

/// <summary>
/// An EF compiled query (<c>EF.CompileAsyncQuery</c>) for each model it meets. The lists' hottest queries are compiled
/// so that an action does not build their expression trees again (the C# compiler's <c>Expression.Property</c> looks
/// every property up by reflection), nor have EF walk, parameterise and hash them to find its cached plan: with 500
/// users that was a fifth of the bytes the app allocated (bench/README.md, ninth round). A compiled query refuses a
/// context of another model, and the app has two per provider (<see cref="TenantModelCacheKeyFactory"/>: platform-wide
/// scopes and a Province's), so each model gets its own.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> byModel = new();

    /// <summary>The query compiled for the model of <paramref name="db"/>.</summary>
    public TQuery For(DbContext db) => byModel.GetOrAdd(db.Model, static (_, compile) => compile(), compile);

    /// <summary>How many models the query was compiled for (tests).</summary>
    public int Models => byModel.Count;
}
