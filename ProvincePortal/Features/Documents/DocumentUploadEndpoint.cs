using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ProvincePortal.Features.Documents;

/// <summary>What the upload endpoint answers; <see cref="Error"/> is Italian and shown as is next to the file.</summary>
public sealed record UploadResult(int? Id, int? Version, string? Title, string? Error);

/// <summary>
/// POST /documenti/carica (a new document) and POST /documenti/{id}/versioni (a new version): the browser sends one
/// file per request as multipart/form-data; the file section is streamed straight into the store's staging file,
/// so a 1 GB upload costs a 80 KB buffer, not 1 GB of memory as InputFile over SignalR or IFormFile would.
/// Metadata travel in the query string (spazio, cartella, tipo, etichette, commento, modulo, scheda).
/// </summary>
public static class DocumentUploadEndpoint
{
    /// <summary>Multipart boundaries and part headers on top of the file itself.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    public const string TokenHeader = "RequestVerificationToken";

    /// <summary>
    /// The request token for the signed-in user (and its cookie), for clients that are not our pages, e.g. the upload
    /// benchmark with curl. Another site cannot read this response (no CORS), so it cannot forge an upload with it.
    /// </summary>
    public static IResult Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { header = TokenHeader, token = tokens.RequestToken });
    }

    public static async Task<IResult> CreateAsync(HttpContext http, DocumentService documents, IAntiforgery antiforgery,
        IOptions<DocumentOptions> options, CancellationToken ct)
    {
        var q = http.Request.Query;
        if (!int.TryParse(q["spazio"], out var workspaceId)) return Refuse(400, "Parametro «spazio» mancante o non valido.");
        int? folderId = int.TryParse(q["cartella"], out var f) ? f : null;
        var request = new NewDocument
        {
            WorkspaceId = workspaceId, FolderId = folderId, DocumentType = Empty(q["tipo"]), Tags = Empty(q["etichette"]),
            Title = Empty(q["titolo"]), Comment = Empty(q["commento"]), LinkedModule = Empty(q["modulo"]), LinkedRecordId = Empty(q["scheda"]),
        };
        return await ReceiveAsync(http, antiforgery, options.Value, async (body, fileName) =>
        {
            var id = await documents.CreateAsync(request, body, fileName, ct);
            var d = await documents.GetDocumentAsync(id, ct);
            return new UploadResult(id, 1, d?.Title, null);
        }, ct);
    }

    public static async Task<IResult> AddVersionAsync(int id, HttpContext http, DocumentService documents, IAntiforgery antiforgery,
        IOptions<DocumentOptions> options, CancellationToken ct)
    {
        var comment = Empty(http.Request.Query["commento"]);
        return await ReceiveAsync(http, antiforgery, options.Value, async (body, fileName) =>
        {
            var number = await documents.AddVersionAsync(id, body, fileName, comment, ct);
            return new UploadResult(id, number, null, null);
        }, ct);
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IAntiforgery antiforgery, DocumentOptions options,
        Func<Stream, string, Task<UploadResult>> store, CancellationToken ct)
    {
        if (!IsSameOrigin(http.Request)) return Refuse(403, "Richiesta rifiutata: proviene da un altro sito.");
        // The token must come in the header: without it, antiforgery would read the whole form body to look for it.
        if (string.IsNullOrEmpty(http.Request.Headers[TokenHeader]) || !await antiforgery.IsRequestValidAsync(http))
            return Refuse(400, "Richiesta rifiutata: token antiforgery mancante o scaduto. Ricaricare la pagina.");

        var sizeLimit = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false }) sizeLimit.MaxRequestBodySize = options.MaxUploadBytes + EnvelopeBytes;
        if (http.Request.ContentLength > options.MaxUploadBytes + EnvelopeBytes)
            return Refuse(413, $"Il file supera la dimensione massima consentita di {DocumentRules.FormatSize(options.MaxUploadBytes)}.");

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            return Refuse(400, "Richiesta non valida: attesi dati multipart/form-data con un file.");

        var reader = new MultipartReader(boundary, http.Request.Body);
        string? fileName = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data") || !(disposition.FileName.HasValue || disposition.FileNameStar.HasValue))
                    continue; // text fields: metadata come in the query string
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                var result = await store(section.Body, fileName);
                return Results.Json(result with { Title = result.Title ?? DocumentRules.SanitizeFileName(fileName) });
            }
            return Refuse(400, "Richiesta non valida: nessun file ricevuto.");
        }
        catch (DocumentValidationException ex)
        {
            var message = fileName is not null && !ex.Message.Contains(DocumentRules.SanitizeFileName(fileName))
                ? $"«{DocumentRules.SanitizeFileName(fileName)}»: {ex.Message}" : ex.Message;
            return Refuse(400, message);
        }
        catch (DocumentNotFoundException)
        {
            // With a body: the status-code pages would otherwise re-execute this POST, half-read multipart included.
            return Refuse(404, "Documento o spazio di lavoro non trovato.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(413, $"Il file supera la dimensione massima consentita di {DocumentRules.FormatSize(options.MaxUploadBytes)}.");
        }
    }

    /// <summary>Browsers send Origin on POST: it must be ours. Clients without it (curl, scripts) rely on the token alone.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
        // Authority only: behind a TLS-terminating proxy the request's scheme is http while the page's is https.
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static IResult Refuse(int status, string message) => Results.Json(new UploadResult(null, null, null, message), statusCode: status);

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
