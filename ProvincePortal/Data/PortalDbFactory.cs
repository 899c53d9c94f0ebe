using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Data;

/// <summary>
/// Creates short-lived contexts scoped to the current user's Province: every query of a feature service goes
/// through here, so tenant isolation does not depend on the pages.
/// </summary>
public sealed class PortalDbFactory
{
    private readonly Func<TenantScope, CancellationToken, Task<PortalDbContext>> create;
    private readonly CurrentUser currentUser;

    /// <summary>The app's: contexts reused from <see cref="PortalContextPools"/>.</summary>
    public PortalDbFactory(PortalContextPools pools, CurrentUser currentUser)
    {
        create = pools.CreateAsync;
        this.currentUser = currentUser;
    }

    /// <summary>A new context each time, from <paramref name="factory"/> (tests that build their own services).</summary>
    public PortalDbFactory(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser)
    {
        create = async (scope, ct) =>
        {
            var db = await factory.CreateDbContextAsync(ct);
            db.Scope = scope;
            return db;
        };
        this.currentUser = currentUser;
    }

    public async Task<PortalDbContext> CreateAsync(CancellationToken ct = default) =>
        await create(ScopeOf(await currentUser.GetAsync()), ct);

    /// <summary>For work that must see every Province (seeding, imports by the command line, jobs).</summary>
    public Task<PortalDbContext> CreateForSystemAsync(CancellationToken ct = default) => create(TenantScope.System, ct);

    public static TenantScope ScopeOf(PortalPrincipal user) =>
        user.IsPlatformAdmin
            ? new TenantScope(null, true, user.UserId, user.UserName)
            : new TenantScope(user.ProvinceId, false, user.UserId, user.UserName);
}
