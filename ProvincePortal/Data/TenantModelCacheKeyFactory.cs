using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ProvincePortal.Data;

/// <summary>
/// Two models per context type: one for platform-wide scopes (no tenant filters) and one for a Province's scope
/// (filters on the Province column only). See <see cref="PortalDbContext.ModelSeesAll"/>.
/// </summary>
public sealed class TenantModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is PortalDbContext portal
            ? (context.GetType(), portal.ModelSeesAll, designTime)
            : (context.GetType(), designTime);
}
