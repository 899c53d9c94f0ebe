namespace ProvincePortal.Data;

/// <summary>
/// A row that is either the platform's (ProvinceId null: visible to every Province, e.g. the EU calls of the Funding &amp;
/// Tenders Portal) or one Province's own. The tenant filter lets a Province see the platform's rows and its own.
/// </summary>
public interface IPlatformOrTenantOwned
{
    int? ProvinceId { get; }
}
