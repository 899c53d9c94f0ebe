using Microsoft.AspNetCore.Components.Authorization;

namespace ProvincePortal.Features.Identity;

/// <summary>
/// The user of the current circuit or request. Inside a Blazor circuit there is no HttpContext, so the
/// authentication state provider is asked first; plain HTTP endpoints fall back to the request's user.
/// </summary>
public sealed class CurrentUser(IServiceProvider services, IHttpContextAccessor http)
{
    private PortalPrincipal? overridden;

    public async Task<PortalPrincipal> GetAsync()
    {
        if (overridden is not null) return overridden;
        var context = http.HttpContext;
        if (context is not null && !context.WebSockets.IsWebSocketRequest && context.User.Identity?.IsAuthenticated == true)
            return PortalPrincipal.From(context.User);
        var provider = services.GetService<AuthenticationStateProvider>();
        if (provider is null) return PortalPrincipal.Anonymous;
        try
        {
            var state = await provider.GetAuthenticationStateAsync();
            return PortalPrincipal.From(state.User);
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit (e.g. a command-line verb) there is no authentication state.
            return context is null ? PortalPrincipal.Anonymous : PortalPrincipal.From(context.User);
        }
    }

    /// <summary>For the command line and background jobs: act as a given principal in this scope.</summary>
    public void Set(PortalPrincipal principal) => overridden = principal;
}
