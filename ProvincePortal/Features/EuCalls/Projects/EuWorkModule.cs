using ProvincePortal.Features.EuCalls.Analysis;
using ProvincePortal.Features.EuCalls.Partners;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls.Projects;

/// <summary>The Servizio Europa's working tools: schede di analisi, schede-progetto, ricerca partner.</summary>
public static class EuWorkModule
{
    public static WebApplicationBuilder AddEuWork(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddScoped<IProjectMilestoneSource>(sp => sp.GetRequiredService<ProjectService>());
        builder.Services.AddScoped<IScadenzeSource, ProjectScadenzeSource>();
        builder.Services.AddScoped<PartnerService>();
        builder.Services.AddScoped<CallAnalysisService>();
        return builder;
    }

    public static WebApplication MapEuWorkEndpoints(this WebApplication app)
    {
        app.MapGet("/bandi/{callId:int}/analisi.pdf", async (int callId, CallAnalysisService analyses, CancellationToken ct) =>
                await analyses.PdfAsync(callId, ct) is { } pdf
                    ? Results.File(pdf.Pdf, "application/pdf", pdf.FileName)
                    : Results.NotFound())
            .RequireAuthorization(Policies.EuCalls);
        return app;
    }
}
