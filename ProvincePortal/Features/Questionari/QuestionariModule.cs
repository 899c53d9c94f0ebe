using Microsoft.Extensions.DependencyInjection.Extensions;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.Questionari;

public static class QuestionariModule
{
    public static WebApplicationBuilder AddQuestionari(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<QuestionariOptions>(builder.Configuration.GetSection("Questionari"));
        builder.Services.AddScoped<SatisfactionSurveys>();
        builder.Services.AddScoped<SurveyService>();
        builder.Services.AddScoped<SurveyResultsService>();
        builder.Services.AddScoped<SatisfactionStatsService>();
        builder.Services.AddScoped<Requests.Dashboard.IRequestDashboardSection, SatisfactionDashboardSection>();
        builder.Services.AddScoped<SurveyJobs>();
        builder.Services.AddHostedService<SurveyJobsWorker>();
        return builder;
    }

    /// <summary>/questionari/campagne/{id}/risultati.xlsx: the results of a campaign of the user's Province.</summary>
    public static WebApplication MapQuestionariEndpoints(this WebApplication app)
    {
        app.MapGet("/questionari/campagne/{id:int}/risultati.xlsx", async (int id, SurveyResultsService results, TimeProvider clock, CancellationToken ct) =>
        {
            var r = await results.GetAsync(id, ct);
            if (r is null) return Results.NotFound();
            return Results.File(SurveyResultsService.Excel(r, "Centro di Competenza sulla Digitalizzazione", clock.GetUtcNow().UtcDateTime),
                ExcelReport.ContentType, SurveyResultsService.FileName(r));
        }).RequireAuthorization(p => p.RequireRole(SurveyService.ResultRoles));
        return app;
    }
}
