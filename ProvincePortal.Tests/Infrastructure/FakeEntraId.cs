using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using ProvincePortal.Features.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>The person the fake Entra ID signs in at the next authorization request, with the claims Entra ID would send.</summary>
public sealed record FakeEntraUser(string ObjectId, string Email, string Name, params string[] Roles);

/// <summary>
/// A stand-in for Microsoft Entra ID: an OpenIddict server on its own <see cref="LoopbackHttpServer"/> with the
/// tenant-shaped paths of login.microsoftonline.com ({tenant}/v2.0/.well-known/openid-configuration,
/// {tenant}/oauth2/v2.0/authorize), so Microsoft.Identity.Web builds its authority from AzureAd:Instance and
/// AzureAd:TenantId as in production. No login form: the authorization endpoint signs in <see cref="NextUser"/> at once.
/// Degraded mode (no application store): the client id and redirect URI are checked by the handler below instead.
/// </summary>
public sealed class FakeEntraId : IAsyncDisposable, IDisposable
{
    public const string TenantId = "5c1d7e0a-3b7f-4a52-9d5e-7a2f0c4b8e11";
    public const string ClientId = "0f3c9a57-2d1e-4b8c-a6f4-9b2e7d1c5a30";

    private LoopbackHttpServer server = null!;

    /// <summary>Base address, e.g. http://127.0.0.1:41234/ — what AzureAd:Instance points at.</summary>
    public string Instance => server.BaseUrl + "/";

    /// <summary>The "iss" of the tokens: OpenIddict uses the address the request came to.</summary>
    public string Issuer => Instance;

    /// <summary>Null: the person does not sign in (consent refused), Entra ID answers access_denied.</summary>
    public FakeEntraUser? NextUser { get; set; } = new("00000000-0000-0000-0000-000000000001", "utente@example.it", "Utente di prova");

    /// <summary>The parameters of the last authorization request, to see what the client really asked for.</summary>
    public OpenIddictRequest? LastRequest { get; private set; }

    private FakeEntraId() { }

    public static FakeEntraId Start()
    {
        var self = new FakeEntraId();
        self.server = LoopbackHttpServer.Start(self.Map, Configure, environment: "Development");
        return self;
    }

    private static void Configure(WebApplicationBuilder builder)
    {
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetConfigurationEndpointUris($"{TenantId}/v2.0/.well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris($"{TenantId}/discovery/v2.0/keys")
                .SetAuthorizationEndpointUris($"{TenantId}/oauth2/v2.0/authorize");
            // Microsoft.Identity.Web signs in with response_type=id_token and response_mode=form_post when it calls no API.
            options.AllowImplicitFlow();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
            options.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
            options.EnableDegradedMode();
            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, $"client_id sconosciuto: {context.ClientId}");
                else if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect) || redirect.Host != "127.0.0.1" || redirect.AbsolutePath != "/signin-oidc")
                    context.Reject(Errors.InvalidRequest, $"redirect_uri non registrato: {context.RedirectUri}");
                else
                    context.SetRedirectUri(context.RedirectUri);
                return default;
            }));
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .DisableTransportSecurityRequirement();
        });
    }

    private void Map(WebApplication app)
    {
        app.UseAuthentication();
        app.MapMethods($"/{TenantId}/oauth2/v2.0/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Richiesta OpenID Connect assente.");
            LastRequest = request;
            if (NextUser is not { } user)
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "L'utente ha rifiutato il consenso.",
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

            var identity = new ClaimsIdentity("FakeEntraId", Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "sub-" + user.ObjectId)
                .SetClaim("oid", user.ObjectId)
                .SetClaim("tid", TenantId)
                .SetClaim(Claims.Name, user.Name)
                .SetClaim(Claims.Email, user.Email)
                .SetClaim(Claims.PreferredUsername, user.Email)
                .SetClaims("roles", [.. user.Roles]);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    public void Dispose() => server.Dispose();
}

/// <summary>
/// The app on Kestrel with Microsoft Entra ID pointing at a <see cref="FakeEntraId"/>. Configuration goes in as
/// settings (they reach Program's builder.Configuration before Build, where IdentityModule looks for
/// AzureAd:ClientId); only what production must never relax is overridden on the OpenID Connect options.
/// </summary>
public sealed class EntraPortalFactory : KestrelPortalFactory
{
    public FakeEntraId Entra { get; } = FakeEntraId.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("AzureAd:Instance", Entra.Instance),
        new("AzureAd:TenantId", FakeEntraId.TenantId),
        new("AzureAd:ClientId", FakeEntraId.ClientId),
        new("AzureAd:ClientSecret", "segreto-solo-per-i-test"),
        new("AzureAd:CallbackPath", "/signin-oidc"),
        new("AzureAd:ProvinceSigla", "TV"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Configure<OpenIdConnectOptions>(IdentityModule.EntraScheme, options =>
            {
                // Plain HTTP metadata, and the fake's issuer instead of Microsoft's multi-tenant issuer check.
                options.RequireHttpsMetadata = false;
                options.TokenValidationParameters.IssuerValidator = null;
                options.TokenValidationParameters.ValidIssuer = Entra.Issuer;
            }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Entra.Dispose();
    }
}
