using Microsoft.Extensions.DependencyInjection.Extensions;
using ProvincePortal.Features.EuCalls.Alerts;

namespace ProvincePortal.Features.EuCalls;

public static class EuCallsModule
{
    public static WebApplicationBuilder AddEuCalls(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CallService>();
        builder.Services.AddScoped<CallImportService>();
        builder.Services.AddScoped<IScadenzeSource, CallScadenzeSource>();
        builder.Services.AddScoped<ScadenzarioService>();
        builder.Services.AddScoped<CalendarFeed>();
        builder.Services.AddScoped<CalendarTokenService>();
        builder.Services.AddScoped<PublicFeedService>();
        builder.Services.Configure<PortalFetchOptions>(builder.Configuration.GetSection("EuCalls:PortalFetch"));
        builder.Services.AddHttpClient<PortalFetcher>(c => c.Timeout = TimeSpan.FromMinutes(2));
        builder.Services.AddHostedService<PortalFetchWorker>();
        builder.AddCallAlerts();
        return builder;
    }

    public static WebApplication MapEuCallsEndpoints(this WebApplication app)
    {
        // The secret URL is the credential: Outlook and Thunderbird subscribe without a login.
        app.MapGet("/bandi/ical/{token}.ics", async (string token, HttpContext http, CalendarTokenService tokens, CalendarFeed feed, CancellationToken ct) =>
        {
            if (await tokens.ResolveAsync(token, ct) is not int province) return Results.NotFound();
            var ics = await feed.ForProvinceAsync(province, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(ics, "text/calendar; charset=utf-8");
        }).AllowAnonymous();

        var pub = app.MapGroup("/pubblico/{sigla}").AllowAnonymous();
        pub.MapGet("/bandi.rss", (string sigla, HttpContext http, PublicFeedService feeds, CancellationToken ct) =>
            Feed(sigla, http, feeds, f => PublicFeedService.Rss(f, SelfUrl(http)), "application/rss+xml; charset=utf-8", ct));
        pub.MapGet("/bandi.atom", (string sigla, HttpContext http, PublicFeedService feeds, CancellationToken ct) =>
            Feed(sigla, http, feeds, f => PublicFeedService.Atom(f, SelfUrl(http)), "application/atom+xml; charset=utf-8", ct));
        pub.MapGet("/bandi.json", (string sigla, HttpContext http, PublicFeedService feeds, CancellationToken ct) =>
            Feed(sigla, http, feeds, PublicFeedService.Json, "application/json; charset=utf-8", ct));
        return app;
    }

    private static string SelfUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";

    private static async Task<IResult> Feed(string sigla, HttpContext http, PublicFeedService feeds, Func<PublicFeed, string> write, string contentType, CancellationToken ct)
    {
        if (sigla.Length is < 2 or > 3) return Results.NotFound();
        var feed = await feeds.ForProvinceAsync(sigla, ct);
        if (feed is null) return Results.NotFound();
        feed = feed with { BaseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/" };
        // Embedded by the Comuni's websites from the browser.
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(write(feed), contentType);
    }
}
