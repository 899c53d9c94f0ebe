using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Formazione;

/// <summary>
/// A <see cref="LoopbackHttpServer"/> standing in for Moodle's REST endpoint: it routes by the request's wsfunction
/// (form field, or query string as Moodle also accepts) to a recorded reply and remembers every request's fields.
/// </summary>
public sealed class MoodleLoopbackServer : IAsyncDisposable
{
    public const string Path = "/moodle/webservice/rest/server.php";

    private readonly ConcurrentDictionary<string, Func<IReadOnlyDictionary<string, string>, string>> replies = new();
    private LoopbackHttpServer server = null!;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();
    public string BaseUrl => server.BaseUrl + "/moodle";

    private MoodleLoopbackServer() { }

    public static async Task<MoodleLoopbackServer> StartAsync()
    {
        var moodle = new MoodleLoopbackServer();
        moodle.server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapPost(Path, moodle.AnswerAsync);
            app.MapGet("/non-moodle" + Path, () => Results.Content("<html><body>Pagina non trovata</body></html>", "text/html"));
        });
        return moodle;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var fields = new Dictionary<string, string>();
        foreach (var (k, v) in http.Request.Query) fields[k] = v.ToString();
        if (http.Request.HasFormContentType)
            foreach (var (k, v) in await http.Request.ReadFormAsync()) fields[k] = v.ToString();
        Requests.Enqueue(fields);
        var function = fields.GetValueOrDefault("wsfunction", "");
        // Moodle answers everything, errors included, with 200 and a JSON body.
        var body = replies.TryGetValue(function, out var reply)
            ? reply(fields)
            : """{"exception":"moodle_exception","errorcode":"servicenotavailable","message":"Web service is not available (it doesn't exist or might be disabled)"}""";
        await Results.Content(body, "application/json").ExecuteAsync(http);
    }

    /// <summary>Serve the recorded reply (the "response" of a TestData/moodle file) for a function.</summary>
    public void Replay(string function, string file) => Reply(function, _ => Recorded(file)?.ToJsonString() ?? "null");

    public void Reply(string function, Func<IReadOnlyDictionary<string, string>, string> reply) => replies[function] = reply;

    public IReadOnlyDictionary<string, string> LastRequest(string function) =>
        Requests.Last(r => r.GetValueOrDefault("wsfunction") == function);

    public static JsonNode? Recorded(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "moodle", file)))!;
        // Recorded interactions keep the reply under "response"; the schema-derived examples are the reply itself.
        return root is JsonObject o && o.ContainsKey("source") ? o["response"]?.DeepClone() : root;
    }

    /// <summary>The recorded request body as fields, to compare with what the connector sent.</summary>
    public static IReadOnlyDictionary<string, string> RecordedRequest(string file)
    {
        var body = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "moodle", file)))!["request_body"]!.GetValue<string>();
        return body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
