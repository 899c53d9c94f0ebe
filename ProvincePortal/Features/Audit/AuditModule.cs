using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Audit;

public static class AuditModule
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        // The interceptor itself is registered by the data layer (Data/DataModule.cs), which attaches it to the contexts.
        builder.Services.AddScoped<AuditService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        // GET /amministrazione/registro/excel?da=2026-11-01&a=2026-11-26&utente=…&entita=…&azione=…&testo=…
        app.MapGet("/amministrazione/registro/excel", async (HttpContext http, AuditService audit, CancellationToken ct) =>
        {
            var (filter, error) = AuditFilter.FromQuery(http.Request.Query);
            if (filter is null)
                return Results.Problem(title: "Filtro non valido", detail: error, statusCode: StatusCodes.Status400BadRequest);
            var (entries, truncated) = await audit.ExportAsync(filter, ct);
            var bytes = AuditExcelExport.Build(entries, truncated);
            return Results.File(bytes, AuditExcelExport.ContentType, AuditExcelExport.FileName(DateTime.UtcNow));
        }).RequireAuthorization(Policies.Administration);
        return app;
    }
}
