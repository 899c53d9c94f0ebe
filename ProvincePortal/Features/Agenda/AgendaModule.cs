using Microsoft.Extensions.DependencyInjection.Extensions;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.Agenda;

public static class AgendaModule
{
    public static WebApplicationBuilder AddAgenda(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgendaScoreCache>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AgendaFrameworkService>();
        builder.Services.AddScoped<AgendaImportService>();
        builder.Services.AddScoped<AgendaScoreService>();
        builder.Services.AddScoped<AgendaReportService>();
        builder.Services.AddScoped<AgendaSelfAssessmentService>();
        builder.Services.AddScoped<Questionari.ISurveySubmissionHandler, AgendaSelfAssessmentRecorder>();
        return builder;
    }

    /// <summary>Reports: /agenda/report.pdf and /agenda/report.xlsx (?provincia=TV|TUTTE&amp;periodo=2026&amp;schede=true).</summary>
    public static WebApplication MapAgendaEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/agenda").RequireAuthorization(Policies.DigitalAgenda);
        group.MapGet("/report.pdf", (string? provincia, string? periodo, bool? schede, AgendaReportService reports, CurrentUser user, CancellationToken ct) =>
            ReportAsync(provincia, periodo, schede ?? false, reports, user, r => Results.File(AgendaReportDocument.Pdf(r), "application/pdf", r.FileName("pdf")), ct));
        group.MapGet("/report.xlsx", (string? provincia, string? periodo, AgendaReportService reports, CurrentUser user, CancellationToken ct) =>
            ReportAsync(provincia, periodo, false, reports, user, r => Results.File(AgendaReportDocument.Excel(r), ExcelReport.ContentType, r.FileName("xlsx")), ct));
        return app;
    }

    private static async Task<IResult> ReportAsync(string? provincia, string? periodo, bool schede, AgendaReportService reports, CurrentUser currentUser,
        Func<AgendaReport, IResult> render, CancellationToken ct)
    {
        try
        {
            // Without a Province: the user's own, as the page opens.
            var sigla = provincia;
            if (string.IsNullOrWhiteSpace(sigla))
            {
                var user = await currentUser.GetAsync();
                sigla = user.ProvinceId is null ? null : await reports.SiglaOfAsync(user.ProvinceId.Value, ct);
                if (sigla is null) return Results.BadRequest("Parametro «provincia»: indicare la sigla della Provincia oppure TUTTE.");
            }
            return render(await reports.BuildAsync(new AgendaReportRequest(sigla, periodo, schede), ct));
        }
        catch (AgendaReportNotFoundException) { return Results.NotFound(); }
        catch (AgendaReportForbiddenException) { return Results.StatusCode(StatusCodes.Status403Forbidden); }
        catch (AgendaReportException ex) { return Results.BadRequest(ex.Message); }
    }
}
