using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ProvincePortal.Data;

/// <summary>
/// The contexts of <see cref="PortalDbFactory"/> — every query of the feature services — reused instead of built at each
/// operation: building one resolved ~40 EF services in a new scope, set up Identity's sets and looked the model up, 6–7 %
/// of the server's CPU with 500 users navigating (bench/README.md, "Active users, sixth round").
/// <para>
/// Tenant safety. A context keeps the model it chose at its first query (<see cref="PortalDbContext.ModelSeesAll"/>), and
/// a pooled context keeps it for its whole life; so there are two pools, one for platform-wide scopes and one for a
/// Province's (or nobody's), and a context never passes from one to the other. At every lease the scope is set
/// before the caller gets the context and the acting scope is cleared; EF resets the change tracker and the
/// context's settings when a context is returned. A context used after its disposal throws, as before pooling.
/// </para>
/// </summary>
public sealed class PortalContextPools
{
    /// <summary>Contexts kept per pool; more are built when needed and thrown away on return.</summary>
    public const int PoolSize = 256;

    private readonly IDbContextFactory<PortalDbContext> province;
    private readonly IDbContextFactory<PortalDbContext> all;

    public PortalContextPools(IServiceProvider services)
    {
        if (services.GetRequiredService<DataOptions>().Provider == DatabaseProvider.Postgres)
        {
            var options = services.GetRequiredService<DbContextOptions<PostgresPortalDbContext>>();
            province = Pool(options);
            all = Pool(options);
        }
        else
        {
            var options = services.GetRequiredService<DbContextOptions<SqlitePortalDbContext>>();
            province = Pool(options);
            all = Pool(options);
        }
    }

    private static IDbContextFactory<PortalDbContext> Pool<T>(DbContextOptions<T> options) where T : PortalDbContext =>
        new Pooled<T>(new PooledDbContextFactory<T>(options, PoolSize));

    /// <summary>A context for <paramref name="scope"/>, from the pool of its kind.</summary>
    public async Task<PortalDbContext> CreateAsync(TenantScope scope, CancellationToken ct = default)
    {
        var db = await (scope.SeesAllProvinces ? all : province).CreateDbContextAsync(ct);
        db.ActingScope = null;
        db.Scope = scope;
        return db;
    }

    private sealed class Pooled<T>(PooledDbContextFactory<T> inner) : IDbContextFactory<PortalDbContext> where T : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
