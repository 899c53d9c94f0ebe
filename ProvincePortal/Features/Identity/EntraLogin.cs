using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ProvincePortal.Features.Identity;

/// <summary>
/// Sign-in through Microsoft Entra ID (registered only when AzureAd:ClientId is set): the login page posts to
/// /account/accedi-entra, Entra ID answers on AzureAd:CallbackPath (/signin-oidc, handled by Microsoft.Identity.Web,
/// which keeps the result in Identity's external cookie), then /account/entra-completa turns it into our login cookie.
/// </summary>
public static class EntraLogin
{
    public const string CompletePath = "/account/entra-completa";
    public const string FailurePath = "/account/accedi?errore=esterno";

    public static IEndpointRouteBuilder MapEntraEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();

        // Binding a form field makes the endpoint check the antiforgery token of the login page's form.
        account.MapPost("/accedi-entra", async ([FromForm] string? returnUrl, IAuthenticationSchemeProvider schemes) =>
        {
            if (await schemes.GetSchemeAsync(IdentityModule.EntraScheme) is null) return Results.NotFound();
            var properties = new AuthenticationProperties { RedirectUri = $"{CompletePath}?returnUrl={Uri.EscapeDataString(LocalUrl(returnUrl))}" };
            return Results.Challenge(properties, [IdentityModule.EntraScheme]);
        });

        account.MapGet("/entra-completa", async (string? returnUrl, HttpContext http, EntraAccountService accounts,
            SignInManager<PortalUser> signIn, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var logger = loggers.CreateLogger(typeof(EntraLogin));
            var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
            if (!external.Succeeded || external.Principal is null)
            {
                logger.LogWarning("Accesso con Microsoft Entra ID: nessun esito esterno da completare");
                return Results.LocalRedirect(FailurePath);
            }

            var result = await accounts.ResolveAsync(external.Principal, ct);
            // The external cookie has done its job either way: it must not outlive this request.
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            if (result.User is not { } user)
            {
                logger.LogWarning("Accesso con Microsoft Entra ID rifiutato: {Reason}", result.Refusal);
                return Results.LocalRedirect(FailurePath);
            }

            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: IdentityModule.EntraScheme);
            logger.LogInformation("Accesso riuscito con Microsoft Entra ID per {User}", user.Email);
            return Results.LocalRedirect(LocalUrl(returnUrl));
        });

        return app;
    }

    /// <summary>Only paths of this site: an open redirect after login would be a phishing aid.</summary>
    internal static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    /// <summary>
    /// A failure reported by Entra ID (consent refused, account disabled, state expired) lands on the login page
    /// with the Italian message instead of an exception page.
    /// </summary>
    internal static Task OnRemoteFailure(RemoteFailureContext context)
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraLogin))
            .LogWarning(context.Failure, "Accesso con Microsoft Entra ID non riuscito presso il provider");
        context.Response.Redirect(FailurePath);
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
