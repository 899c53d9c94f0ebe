using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.Formazione;

public static class FormazioneModule
{
    public static WebApplicationBuilder AddFormazione(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<FormazioneOptions>(builder.Configuration.GetSection("Formazione"));
        // Typed client through IHttpClientFactory: pooled handlers, and the timeout from the options.
        builder.Services.AddHttpClient<MoodleClient>((sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<IOptions<FormazioneOptions>>().Value.TimeoutSeconds)));
        builder.Services.AddSingleton<MoodleConnections>();
        builder.Services.AddScoped<FormazioneSync>();
        builder.Services.AddScoped<FormazioneService>();
        builder.Services.AddScoped<FormazioneDashboardService>();
        builder.Services.AddHostedService<FormazioneSyncWorker>();
        return builder;
    }

    /// <summary>/formazione/cruscotto.xlsx?provincia=&amp;servizio=&amp;comune=&amp;corso= (the page's filters).</summary>
    public static WebApplication MapFormazioneEndpoints(this WebApplication app)
    {
        app.MapGet("/formazione/cruscotto.xlsx", async (int? provincia, ServizioFormazione? servizio, int? comune, int? corso, FormazioneDashboardService dashboard, CancellationToken ct) =>
        {
            var filter = new FormazioneFilter(provincia, servizio, comune, corso);
            try
            {
                var d = await dashboard.GetAsync(filter, ct);
                var bytes = await dashboard.ExcelAsync(filter, ct);
                return Results.File(bytes, ExcelReport.ContentType, FormazioneReport.FileName(d));
            }
            catch (FormazioneNotFoundException) { return Results.NotFound(); }
            catch (FormazioneValidationException ex) { return Results.BadRequest(ex.Message); }
        }).RequireAuthorization(Policies.Training);
        return app;
    }
}
