using System.Globalization;
using ProvincePortal.Features.Reports;

namespace ProvincePortal.Features.Requests.Dashboard;

public static class RequestDashboardModule
{
    public static WebApplicationBuilder AddRequestDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<RequestDashboardService>();
        return builder;
    }

    /// <summary>Downloads: /richieste/cruscotto.pdf and /richieste/cruscotto.xlsx (?dal=2026-01-01&amp;al=2026-06-30, default the current year).</summary>
    public static WebApplication MapRequestDashboardEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/richieste").RequireAuthorization(p => p.RequireRole(RequestDashboardService.ViewerRoles));
        group.MapGet("/cruscotto.pdf", (string? dal, string? al, RequestDashboardService dashboard, CancellationToken ct) =>
            ReportAsync(dal, al, dashboard, d => Results.File(RequestDashboardReport.Pdf(d), "application/pdf", RequestDashboardReport.FileName(d, "pdf")), ct));
        group.MapGet("/cruscotto.xlsx", (string? dal, string? al, RequestDashboardService dashboard, CancellationToken ct) =>
            ReportAsync(dal, al, dashboard, d => Results.File(RequestDashboardReport.Excel(d), ExcelReport.ContentType, RequestDashboardReport.FileName(d, "xlsx")), ct));
        return app;
    }

    private static async Task<IResult> ReportAsync(string? dal, string? al, RequestDashboardService dashboard, Func<RequestDashboard, IResult> render,
        CancellationToken ct)
    {
        var defaults = dashboard.DefaultFilter();
        if (!TryDate(dal, defaults.From, out var from)) return Results.BadRequest($"Parametro «dal»: «{dal}» non è una data (aaaa-mm-gg).");
        if (!TryDate(al, defaults.To, out var to)) return Results.BadRequest($"Parametro «al»: «{al}» non è una data (aaaa-mm-gg).");
        try
        {
            return render(await dashboard.GetAsync(new RequestDashboardFilter(from, to), ct));
        }
        catch (RequestNotFoundException) { return Results.NotFound(); }
        catch (RequestValidationException ex) { return Results.BadRequest(ex.Message); }
    }

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
