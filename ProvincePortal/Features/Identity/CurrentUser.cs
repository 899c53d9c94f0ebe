using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace ProvincePortal.Features.Identity;

/// <summary>
/// The user of the current circuit or request. Inside a Blazor circuit there is no HttpContext, so the
/// authentication state provider is asked first; plain HTTP endpoints fall back to the request's user.
/// </summary>
public sealed class CurrentUser(IServiceProvider services, IHttpContextAccessor http)
{
    private PortalPrincipal? overridden;
    // The principal read from the last ClaimsPrincipal seen: a circuit's authentication state keeps the same
    // ClaimsPrincipal until it changes, and pages ask for the user at every navigation. One reference, so that a
    // reader never pairs one user's claims with another's principal.
    private Seen? last;

    private sealed record Seen(ClaimsPrincipal User, PortalPrincipal Principal);

    public async Task<PortalPrincipal> GetAsync()
    {
        if (overridden is not null) return overridden;
        var context = http.HttpContext;
        if (context is not null && !context.WebSockets.IsWebSocketRequest && context.User.Identity?.IsAuthenticated == true)
            return Of(context.User);
        var provider = services.GetService<AuthenticationStateProvider>();
        if (provider is null) return PortalPrincipal.Anonymous;
        try
        {
            var state = await provider.GetAuthenticationStateAsync();
            return Of(state.User);
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit (e.g. a command-line verb) there is no authentication state.
            return context is null ? PortalPrincipal.Anonymous : Of(context.User);
        }
    }

    private PortalPrincipal Of(ClaimsPrincipal user)
    {
        if (last is { } seen && ReferenceEquals(seen.User, user)) return seen.Principal;
        var principal = PortalPrincipal.From(user);
        last = new Seen(user, principal);
        return principal;
    }

    /// <summary>For the command line and background jobs: act as a given principal in this scope.</summary>
    public void Set(PortalPrincipal principal) => overridden = principal;
}
