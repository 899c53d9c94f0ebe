using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ProvincePortal.Features.EuCalls;

/// <summary>EuCalls:PortalFetch in appsettings. Off by default: most Province servers have no way out to the internet.</summary>
public sealed class PortalFetchOptions
{
    public bool Enabled { get; set; }
    public string Url { get; set; } = "https://api.tech.ec.europa.eu/search-api/prod/rest/search?apiKey=SEDIA&text=***";
    public double IntervalHours { get; set; } = 24;
    /// <summary>The `query` part (bool/must/terms only; the portal refuses other clauses). Default: open and forthcoming grants.</summary>
    public string Query { get; set; } = """{"bool":{"must":[{"terms":{"type":["1","2","8"]}},{"terms":{"status":["31094501","31094502"]}}]}}""";
    public string Languages { get; set; } = """["en"]""";
    public int PageSize { get; set; } = 100;
    /// <summary>Safety stop: 1,300-1,400 open and forthcoming items are ~14 pages.</summary>
    public int MaxPages { get; set; } = 100;
}

/// <summary>
/// Fetches the search API page by page (multipart body with parts query, languages, sort, each application/json; sorted on
/// identifier for stable paging; stops at the first empty page) and imports all pages in one transaction.
/// </summary>
public sealed class PortalFetcher(HttpClient http, IOptions<PortalFetchOptions> options, ILogger<PortalFetcher> log)
{
    public async Task<PortalParseResult> FetchAsync(CancellationToken ct)
    {
        var o = options.Value;
        var pages = new List<JsonElement>();
        for (var page = 1; page <= o.MaxPages; page++)
        {
            using var body = new MultipartFormDataContent();
            body.Add(Json(o.Query), "query");
            body.Add(Json(o.Languages), "languages");
            body.Add(Json("""{"field":"identifier","order":"ASC"}"""), "sort");
            var url = $"{o.Url}{(o.Url.Contains('?') ? '&' : '?')}pageSize={o.PageSize}&pageNumber={page}";
            using var response = await http.PostAsync(url, body, ct);
            if (!response.IsSuccessStatusCode)
                throw new PortalFileException($"Il portale ha risposto {(int)response.StatusCode} alla pagina {page}: nessun bando importato.");
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement envelope;
            try { envelope = JsonDocument.Parse(text).RootElement.Clone(); }
            catch (JsonException ex)
            {
                throw new PortalFileException($"Risposta del portale non valida alla pagina {page}, riga {(ex.LineNumber ?? 0) + 1}: nessun bando importato.");
            }
            if (!envelope.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0) break;
            pages.Add(envelope);
            log.LogInformation("Portale F&T: pagina {Page}, {Count} risultati", page, results.GetArrayLength());
        }
        using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(pages));
        return PortalResultParser.Parse(stream);
    }

    private static StringContent Json(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

public sealed class PortalFetchWorker(IServiceScopeFactory scopes, IOptions<PortalFetchOptions> options, TimeProvider clock, ILogger<PortalFetchWorker> log)
    : Hosting.PeriodicWorker(scopes, clock, log)
{
    // The first fetch runs at start: a server that was off for days catches up at once.
    protected override TimeSpan InitialDelay => TimeSpan.Zero;
    protected override TimeSpan Period => TimeSpan.FromHours(Math.Max(0.01, options.Value.IntervalHours));
    protected override string FailureMessage => "Recupero automatico dal portale F&T non riuscito";
    protected override LogLevel FailureLevel => LogLevel.Warning;

    /// <summary>Off (the default: most servers have no way out) means no loop at all, as the option is read once.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct) => ImportAsync(services, ct);

    public static async Task<ImportReport> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ImportAsync(scope.ServiceProvider, ct);
    }

    private static async Task<ImportReport> ImportAsync(IServiceProvider services, CancellationToken ct)
    {
        var parsed = await services.GetRequiredService<PortalFetcher>().FetchAsync(ct);
        var report = await services.GetRequiredService<CallImportService>().ImportParsedAsync(parsed, "Recupero automatico dal portale F&T", apply: true, ct);
        services.GetRequiredService<ILogger<PortalFetchWorker>>().LogInformation("Portale F&T: {Summary}", report.SummaryLine);
        return report;
    }
}
