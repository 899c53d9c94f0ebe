using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ProvincePortal.Features.Identity;

public static class PortalClaimTypes
{
    public const string ProvinceId = "pp:province";
    public const string ComuneId = "pp:comune";
    public const string FullName = "pp:fullname";
}

/// <summary>Puts the tenant (Province, Comune) and display name into the login cookie, beside the roles.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaimTypes.FullName, string.IsNullOrWhiteSpace(user.FullName) ? user.UserName ?? "" : user.FullName));
        if (user.ProvinceId is int p) identity.AddClaim(new Claim(PortalClaimTypes.ProvinceId, p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.ComuneId is int c) identity.AddClaim(new Claim(PortalClaimTypes.ComuneId, c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}

/// <summary>The signed-in user as the services see it.</summary>
public sealed record PortalPrincipal(string? UserId, string? UserName, string FullName, int? ProvinceId, int? ComuneId, IReadOnlySet<string> Roles)
{
    public static readonly PortalPrincipal Anonymous = new(null, null, "", null, null, new HashSet<string>());

    public bool IsAuthenticated => UserId is not null;
    public bool IsPlatformAdmin => Roles.Contains(Identity.Roles.PlatformAdmin);
    public bool IsInRole(string role) => Roles.Contains(role);
    public bool IsInAnyRole(params string[] roles) => roles.Any(Roles.Contains);
    public bool Satisfies(string policy) => Policies.RolesByPolicy.TryGetValue(policy, out var r) && IsInAnyRole(r);

    public static PortalPrincipal From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return Anonymous;
        static int? Int(ClaimsPrincipal p, string type) => int.TryParse(p.FindFirstValue(type), out var v) ? v : null;
        return new PortalPrincipal(
            principal.FindFirstValue(ClaimTypes.NameIdentifier),
            principal.FindFirstValue(ClaimTypes.Name),
            principal.FindFirstValue(PortalClaimTypes.FullName) ?? principal.FindFirstValue(ClaimTypes.Name) ?? "",
            Int(principal, PortalClaimTypes.ProvinceId),
            Int(principal, PortalClaimTypes.ComuneId),
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet());
    }
}
