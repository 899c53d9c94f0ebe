using Microsoft.Net.Http.Headers;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Documents;

public static class DocumentsModule
{
    public static WebApplicationBuilder AddDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DocumentOptions>(builder.Configuration.GetSection("Documents"));
        // Local store in the data folder; an S3-compatible store would replace this one registration.
        builder.Services.AddSingleton<LocalDocumentStore>();
        builder.Services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<LocalDocumentStore>());
        builder.Services.AddScoped<DocumentService>();
        return builder;
    }

    /// <summary>Downloads: /documenti/{id}/scarica (current version) and /documenti/{id}/versioni/{n}. 404 for what the user may not read.</summary>
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/documenti").RequireAuthorization(Policies.Documents);
        group.MapGet("/{id:int}/scarica", (int id, DocumentService documents, CancellationToken ct) => DownloadAsync(documents, id, null, ct));
        group.MapGet("/{id:int}/versioni/{number:int}", (int id, int number, DocumentService documents, CancellationToken ct) => DownloadAsync(documents, id, number, ct));
        return app;
    }

    private static async Task<IResult> DownloadAsync(DocumentService documents, int id, int? number, CancellationToken ct)
    {
        var content = await documents.OpenVersionAsync(id, number, ct);
        if (content is null) return Results.NotFound();
        // Active content (HTML) is always served as an attachment, never rendered in our origin.
        return Results.File(content.Content, content.ContentType, fileDownloadName: content.FileName, enableRangeProcessing: true);
    }
}
