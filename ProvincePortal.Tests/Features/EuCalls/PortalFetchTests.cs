using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>
/// A stand-in for the EU portal's search API (the tests cannot reach the real one): a <see cref="LoopbackHttpServer"/> replaying
/// pages built from the recorded sample result. It checks the request as the real API wants it (POST, multipart parts
/// query/languages/sort each application/json, pageSize and pageNumber in the URL) and answers 400 otherwise.
/// </summary>
public sealed class FakeEuPortal : IAsyncDisposable
{
    private LoopbackHttpServer server = null!;
    /// <summary>The pages served in order (page 1 first); after them an empty results page.</summary>
    public List<string> Pages { get; } = [];
    public ConcurrentQueue<string> Requests { get; } = new();
    public string SearchUrl => server.BaseUrl + "/search-api/prod/rest/search?apiKey=SEDIA&text=***";

    private FakeEuPortal() { }

    public static async Task<FakeEuPortal> StartAsync()
    {
        var portal = new FakeEuPortal();
        portal.server = await LoopbackHttpServer.StartAsync(app => app.MapPost("/search-api/prod/rest/search", portal.SearchAsync));
        return portal;
    }

    private async Task SearchAsync(HttpContext ctx)
    {
        var query = ctx.Request.Query;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(ctx.Request.ContentType).Boundary).Value;
        var parts = new Dictionary<string, string>();
        var reader = new MultipartReader(boundary!, ctx.Request.Body);
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            if (section.ContentType != "application/json")
            {
                await AnswerAsync(ctx, 400, $"part {disposition.Name} is not application/json");
                return;
            }
            parts[HeaderUtilities.RemoveQuotes(disposition.Name).Value!] = await new StreamReader(section.Body).ReadToEndAsync();
        }
        if (query["apiKey"] != "SEDIA" || !parts.ContainsKey("query") || !parts.ContainsKey("languages") || !parts.ContainsKey("sort")
            || !int.TryParse(query["pageNumber"], out var page) || !int.TryParse(query["pageSize"], out _))
        {
            await AnswerAsync(ctx, 400, """{"businessError":"Invalid Query format"}""");
            return;
        }
        JsonNode.Parse(parts["query"]);
        Requests.Enqueue($"page {page} sort {parts["sort"]}");
        var body = page <= Pages.Count ? Pages[page - 1] : Envelope();
        await AnswerAsync(ctx, 200, body);
    }

    private static async Task AnswerAsync(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>The app with the scheduled fetch pointed at <see cref="FakeEuPortal"/> (off: the tests run it once each).</summary>
public sealed class PortalFetchFactory : PortalFactory
{
    public FakeEuPortal Portal { get; } = FakeEuPortal.StartAsync().GetAwaiter().GetResult();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("EuCalls:PortalFetch:Enabled", "false"),
        new("EuCalls:PortalFetch:Url", Portal.SearchUrl),
        new("EuCalls:PortalFetch:PageSize", "2"),
    ];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Portal.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

public sealed class PortalFetchTests(PortalFetchFactory factory) : IClassFixture<PortalFetchFactory>
{
    private Task<ImportReport> FetchAsync() =>
        PortalFetchWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);

    private async Task<List<string>> IdentifiersAsync(string prefix)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Calls.Where(c => c.Identifier.StartsWith(prefix)).OrderBy(c => c.Identifier).Select(c => c.Identifier).ToListAsync();
    }

    [Fact]
    public async Task Fetch_PagesUntilAnEmptyOne_ImportsEveryTopicOnce_ThenTheSecondFetchChangesNothing()
    {
        lock (factory.Portal.Pages)
        {
            factory.Portal.Pages.Clear();
            factory.Portal.Pages.Add(Envelope(Item("FETCH-OK-01"), Item("FETCH-OK-02", ("deadlineDate", ["2031-03-01T17:00:00.000+0100"]))));
            // The same topic again on the next page, for another cut-off: merged, not a second call.
            factory.Portal.Pages.Add(Envelope(Item("FETCH-OK-02", ("deadlineDate", ["2031-09-01T17:00:00.000+0200"])), Item("FETCH-OK-03")));
        }
        factory.Portal.Requests.Clear();

        var report = await FetchAsync();

        Assert.True(report.Applied);
        Assert.Equal(3, report.Count(ImportOutcome.Nuovo));
        Assert.Equal(1, report.DuplicatesMerged);
        Assert.Equal(["page 1", "page 2", "page 3"], factory.Portal.Requests.Select(r => r[..6]).ToList());
        Assert.All(factory.Portal.Requests, r => Assert.EndsWith("""sort {"field":"identifier","order":"ASC"}""", r));
        Assert.Equal(["FETCH-OK-01", "FETCH-OK-02", "FETCH-OK-03"], await IdentifiersAsync("FETCH-OK-"));
        await using (var db = await factory.CreateSystemDbAsync())
            Assert.Equal(2, await db.CallDeadlines.CountAsync(d => d.Call!.Identifier == "FETCH-OK-02"));

        var again = await FetchAsync();
        Assert.Equal(3, again.Count(ImportOutcome.Invariato));
        Assert.Equal(0, again.Count(ImportOutcome.Nuovo) + again.Count(ImportOutcome.Aggiornato));
    }

    [Fact]
    public async Task Fetch_MalformedSecondPage_ClearItalianErrorAndNothingImported()
    {
        lock (factory.Portal.Pages)
        {
            factory.Portal.Pages.Clear();
            factory.Portal.Pages.Add(Envelope(Item("FETCH-BAD-01"), Item("FETCH-BAD-02")));
            factory.Portal.Pages.Add(Envelope(Item("FETCH-BAD-03"))[..250]);
        }

        var error = await Assert.ThrowsAsync<PortalFileException>(FetchAsync);

        Assert.StartsWith("Risposta del portale non valida alla pagina 2, riga 1", error.Message);
        Assert.EndsWith("nessun bando importato.", error.Message);
        Assert.Empty(await IdentifiersAsync("FETCH-BAD-"));
    }
}
