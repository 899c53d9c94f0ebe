using System.Globalization;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Downloads of the "Scambio dati" page: GET /gare/scambio/l190?anno=2023[&amp;provincia=TV] and
/// GET /gare/scambio/ocds[?provincia=TV]. Same roles as the page; the export services check the Province again, so a
/// user of another Province naming it gets 404.
/// </summary>
public static class ExchangeEndpoints
{
    /// <summary>Who may import and export: the SUA and the administrators (for [Authorize(Roles = …)]).</summary>
    public const string AllowedRoles = Roles.PlatformAdmin + "," + Roles.ProvinceAdmin + "," + Roles.SuaOperator;

    public static IEndpointRouteBuilder MapTenderExchange(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/gare/scambio").RequireAuthorization(p => p.RequireRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.SuaOperator));

        group.MapGet("/l190", (string? anno, string? provincia, TenderImportService importer, TenderExportService exporter, CancellationToken ct) =>
        {
            if (!int.TryParse(anno, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                return Task.FromResult(Problem($"Anno non valido «{anno}»: indicare ?anno=AAAA (es. 2023)."));
            return DownloadAsync(importer, provincia, sigla => $"l190-{sigla}-{year}.xml", "application/xml",
                (sigla, name, stream) => exporter.ExportL190Async(sigla, year, stream, name, null, ct), ct);
        });

        group.MapGet("/ocds", (string? provincia, TenderImportService importer, TenderExportService exporter, CancellationToken ct) =>
            DownloadAsync(importer, provincia, sigla => $"ocds-{sigla}.json", "application/json",
                (sigla, _, stream) => exporter.ExportOcdsAsync(sigla, stream, ct), ct));
        return app;
    }

    private static async Task<IResult> DownloadAsync(TenderImportService importer, string? provincia, Func<string, string> fileName, string contentType,
        Func<string, string, Stream, Task<ExportResult>> export, CancellationToken ct)
    {
        var mine = await importer.ListProvincesAsync(ct);
        string sigla;
        if (string.IsNullOrWhiteSpace(provincia))
        {
            if (mine.Count != 1) return Problem("Indicare la Provincia (?provincia=SIGLA).");
            sigla = mine[0].Sigla;
        }
        else if (mine.FirstOrDefault(p => string.Equals(p.Sigla, provincia.Trim(), StringComparison.OrdinalIgnoreCase)) is { } chosen) sigla = chosen.Sigla;
        else return Results.NotFound();

        // The writers are synchronous (XmlWriter, Utf8JsonWriter): buffer, then send, so a failure sends no half file.
        var buffer = new MemoryStream();
        try
        {
            var name = fileName(sigla);
            await export(sigla, name, buffer);
            buffer.Position = 0;
            return Results.File(buffer, contentType + "; charset=utf-8", name);
        }
        catch (ExchangeRequestException ex) { return Problem(ex.Message); }
        catch (TenderNotFoundException) { return Results.NotFound(); }
    }

    private static IResult Problem(string detail) =>
        Results.Problem(title: "Richiesta non valida", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
