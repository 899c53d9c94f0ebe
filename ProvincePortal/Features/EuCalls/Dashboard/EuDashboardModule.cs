using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.EuCalls.Dashboard;

public static class EuDashboardModule
{
    public static WebApplicationBuilder AddEuDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EuDashboardService>();
        return builder;
    }

    /// <summary>Downloads of the dashboard: /bandi/cruscotto.pdf and /bandi/cruscotto.xlsx.</summary>
    public static WebApplication MapEuDashboardEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/bandi").RequireAuthorization(p => p.RequireRole(EuDashboardService.ReportRoles));
        group.MapGet("/cruscotto.pdf", async (EuDashboardService dashboard, CancellationToken ct) =>
        {
            var d = await dashboard.GetForReportAsync(ct);
            return Results.File(EuDashboardReport.Pdf(d), "application/pdf", EuDashboardReport.FileName(d, "pdf"));
        });
        group.MapGet("/cruscotto.xlsx", async (EuDashboardService dashboard, CancellationToken ct) =>
        {
            var d = await dashboard.GetForReportAsync(ct);
            return Results.File(EuDashboardReport.Excel(d), ExcelReport.ContentType, EuDashboardReport.FileName(d, "xlsx"));
        });
        return app;
    }
}
