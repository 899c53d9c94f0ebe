using Microsoft.Net.Http.Headers;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Documents;

public static class DocumentsModule
{
    public static WebApplicationBuilder AddDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DocumentOptions>(builder.Configuration.GetSection("Documents"));
        AddStore(builder.Services, builder.Configuration);
        builder.Services.AddScoped<DocumentService>();
        // Text extraction runs after the upload, in the background; the pending list is in the database.
        builder.Services.AddSingleton<DocumentIndexSignal>();
        builder.Services.AddSingleton<DocumentIndexer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DocumentIndexer>());
        return builder;
    }

    /// <summary>Documents:Store chooses where the bytes live; a wrong or incomplete choice stops the start-up with the keys to fix.</summary>
    private static void AddStore(IServiceCollection services, IConfiguration configuration)
    {
        var kind = configuration["Documents:Store"];
        if (string.IsNullOrWhiteSpace(kind) || kind.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<LocalDocumentStore>();
            services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<LocalDocumentStore>());
            return;
        }
        if (!kind.Equals("S3", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Impostazione Documents:Store non valida: «{kind}». Valori ammessi: Local, S3.");
        var s3 = configuration.GetSection("Documents:S3").Get<S3StoreOptions>() ?? new S3StoreOptions();
        var missing = s3.Missing();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"Documents:Store è «S3» ma la configurazione è incompleta: mancano {string.Join(", ", missing)}. " +
                "Impostarle (le chiavi segrete come variabili d'ambiente, es. Documents__S3__SecretKey) oppure usare Documents:Store=Local.");
        services.AddSingleton(s3);
        services.AddSingleton<Amazon.S3.IAmazonS3>(_ => s3.CreateClient());
        services.AddSingleton<S3DocumentStore>();
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<S3DocumentStore>());
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
