using Microsoft.Extensions.DependencyInjection.Extensions;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.Tenders;

public static class TendersModule
{
    public static WebApplicationBuilder AddTenders(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ThresholdRules.Default);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<TenderService>();
        builder.Services.AddScoped<TenderDashboardService>();
        builder.Services.AddScoped<Documents.TenderDocumentService>();
        builder.Services.Configure<TenderOptions>(builder.Configuration.GetSection("Tenders"));
        builder.Services.AddScoped<DeadlineReminderService>();
        builder.Services.AddHostedService<DeadlineReminderWorker>();
        builder.Services.AddScoped<Exchange.TenderImportService>();
        builder.Services.AddScoped<Exchange.TenderExportService>();
        builder.Services.AddScoped<Bdap.BdapImportService>();
        builder.Services.AddScoped<Bdap.BdapService>();
        return builder;
    }

    /// <summary>Downloads of the dashboard: /gare/cruscotto.pdf and /gare/cruscotto.xlsx (?anno=2025&amp;comune=12|provincia).</summary>
    public static IEndpointRouteBuilder MapTenderEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/gare").RequireAuthorization(p => p.RequireRole(TenderDashboardService.ReportRoles));
        group.MapGet("/cruscotto.pdf", (int? anno, string? comune, TenderDashboardService dashboard, TenderService tenders, CancellationToken ct) =>
            ReportAsync(anno, comune, dashboard, tenders, (d, name) =>
                Results.File(TenderDashboardReport.Pdf(d, name), "application/pdf", TenderDashboardReport.FileName(d, "pdf")), ct));
        group.MapGet("/cruscotto.xlsx", (int? anno, string? comune, TenderDashboardService dashboard, TenderService tenders, CancellationToken ct) =>
            ReportAsync(anno, comune, dashboard, tenders, (d, _) =>
                Results.File(TenderDashboardReport.Excel(d), ExcelReport.ContentType, TenderDashboardReport.FileName(d, "xlsx")), ct));
        return app;
    }

    private static async Task<IResult> ReportAsync(int? anno, string? comune, TenderDashboardService dashboard, TenderService tenders,
        Func<TenderDashboard, string?, IResult> render, CancellationToken ct)
    {
        try
        {
            var (filter, name) = await FilterAsync(anno, comune, tenders, ct);
            return render(await dashboard.GetForReportAsync(filter, ct), name);
        }
        catch (TenderNotFoundException) { return Results.NotFound(); }
        catch (TenderForbiddenException) { return Results.StatusCode(StatusCodes.Status403Forbidden); }
    }

    /// <summary>"provincia" = the Province as committente; a number = that Comune (only one of the user's Province is accepted).</summary>
    private static async Task<(TenderDashboardFilter Filter, string? Name)> FilterAsync(int? anno, string? comune, TenderService tenders, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(comune)) return (new TenderDashboardFilter(anno), null);
        var options = await tenders.ListCommittentiAsync(ct);
        if (comune == "provincia") return (new TenderDashboardFilter(anno, SoloProvincia: true), options[0].Name);
        if (int.TryParse(comune, out var id) && options.FirstOrDefault(o => o.ComuneId == id) is { } o) return (new TenderDashboardFilter(anno, id), o.Name);
        throw new TenderNotFoundException();
    }
}
