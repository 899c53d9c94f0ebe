namespace ProvincePortal.Data;

/// <summary>Data that belongs to one Province (the tenant).</summary>
public interface ITenantOwned
{
    int ProvinceId { get; }
}

/// <summary>Tenant data that its Province may share with every other Province (models, good practices).</summary>
public interface ISharedAcrossProvinces : ITenantOwned
{
    bool SharedWithAllProvinces { get; }
}

/// <summary>
/// The rows a DbContext may see. Built from the signed-in user by <see cref="PortalDbFactory"/>; background work that
/// must see every Province asks explicitly for <see cref="System"/>.
/// </summary>
public sealed record TenantScope(int? ProvinceId, bool SeesAllProvinces, string? UserId = null, string? UserName = null)
{
    public const string FilterName = "Tenant";

    /// <summary>Sees only what is shared with all Provinces: the default of a context nobody scoped.</summary>
    public static readonly TenantScope Nobody = new(null, false);

    /// <summary>Platform-wide work: migrations, seeding, imports from the command line, scheduled jobs.</summary>
    public static readonly TenantScope System = new(null, true, null, "sistema");

    public static TenantScope ForProvince(int provinceId, string? userId = null, string? userName = null) =>
        new(provinceId, false, userId, userName);

    /// <summary>
    /// What this scope sees, as part of a key of figures shared between users (<c>Hosting/SharedFigures</c>,
    /// <c>Hosting/FilterChoices</c>): null for all Provinces, else the Province (-1 for none). Users with equal keys see the
    /// same tenant rows; narrower restrictions (a Comune) go beside it in the key.
    /// </summary>
    public int? SharingKey => SeesAllProvinces ? null : ProvinceId ?? -1;
}
