using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls.Bulletins;

public static class BulletinsModule
{
    public static WebApplicationBuilder AddEuBulletins(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BulletinService>();
        builder.Services.AddScoped<PublicBulletinService>();
        return builder;
    }

    public static WebApplication MapEuBulletinsEndpoints(this WebApplication app)
    {
        app.MapGet("/bandi/bollettini/{id:int}.pdf", async (int id, BulletinService bulletins, CancellationToken ct) =>
                await bulletins.PdfAsync(id, ct) is { } pdf ? Results.File(pdf.Pdf, "application/pdf", pdf.FileName) : Results.NotFound())
            .RequireAuthorization(Policies.EuCalls);
        app.MapGet("/pubblico/{sigla}/bollettini/{year:int}-{number:int}.pdf", async (string sigla, int year, int number, HttpContext http, PublicBulletinService bulletins, CancellationToken ct) =>
        {
            if (sigla.Length is < 2 or > 3) return Results.NotFound();
            if (await bulletins.PdfAsync(sigla, year, number, ct) is not { } pdf) return Results.NotFound();
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.File(pdf.Pdf, "application/pdf", pdf.FileName);
        }).AllowAnonymous();
        return app;
    }
}
