using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Data;

/// <summary>
/// Creates short-lived contexts scoped to the current user's Province: every query of a feature service goes
/// through here, so tenant isolation does not depend on the pages.
/// </summary>
public sealed class PortalDbFactory(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser)
{
    public async Task<PortalDbContext> CreateAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var db = await factory.CreateDbContextAsync(ct);
        db.Scope = ScopeOf(user);
        return db;
    }

    /// <summary>For work that must see every Province (seeding, imports by the command line, jobs).</summary>
    public async Task<PortalDbContext> CreateForSystemAsync(CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        return db;
    }

    public static TenantScope ScopeOf(PortalPrincipal user) =>
        user.IsPlatformAdmin
            ? new TenantScope(null, true, user.UserId, user.UserName)
            : new TenantScope(user.ProvinceId, false, user.UserId, user.UserName);
}
