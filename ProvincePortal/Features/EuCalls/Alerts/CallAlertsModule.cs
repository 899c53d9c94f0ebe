namespace ProvincePortal.Features.EuCalls.Alerts;

public static class CallAlertsModule
{
    public static WebApplicationBuilder AddCallAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CallAlertOptions>(builder.Configuration.GetSection("EuCalls:Alerts"));
        builder.Services.AddScoped<CallAlertMatcher>();
        builder.Services.AddScoped<SavedSearchService>();
        builder.Services.AddScoped<AlertDigestService>();
        builder.Services.AddHostedService<AlertDigestWorker>();
        return builder;
    }
}
