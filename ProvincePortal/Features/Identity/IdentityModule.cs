using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Identity;

public static class IdentityModule
{
    public const string EntraScheme = "EntraId";

    public static WebApplicationBuilder AddPortalIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, PortalRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CurrentUser>();

        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = IdentityConstants.ApplicationScheme;
            options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        authentication.AddIdentityCookies();

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Identity:MaxFailedAccessAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Identity:LockoutMinutes", 15));
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddErrorDescriber<ItalianIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/accedi";
            options.LogoutPath = "/account/esci";
            options.AccessDeniedPath = "/account/accesso-negato";
            options.Cookie.Name = "ProvincePortal.Auth";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
        });

        // Microsoft Entra ID only when configured: registered with an empty section every request fails (IDW10106).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["AzureAd:ClientId"]))
        {
            authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"),
                openIdConnectScheme: EntraScheme, cookieScheme: null, displayName: "Microsoft Entra ID");
            // Registered after Microsoft.Identity.Web's own configuration, which replaces the events object.
            services.Configure<OpenIdConnectOptions>(EntraScheme, options => options.Events.OnRemoteFailure = EntraLogin.OnRemoteFailure);
        }
        services.AddScoped<EntraAccountService>();

        services.AddAuthorization(options =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
                options.AddPolicy(policy, p => p.RequireRole(roles));
        });
        services.AddScoped<UserAdministrationService>();
        return builder;
    }

    public static bool EntraEnabled(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);
}
