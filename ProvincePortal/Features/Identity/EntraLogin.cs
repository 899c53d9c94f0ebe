namespace ProvincePortal.Features.Identity;

/// <summary>Sign-in through Microsoft Entra ID (registered only when AzureAd:ClientId is set).</summary>
public static class EntraLogin
{
    public static IEndpointRouteBuilder MapEntraEndpoints(this IEndpointRouteBuilder app)
    {
        // TODO(entra): challenge and callback endpoints; filled in by the Entra ID work.
        return app;
    }
}
