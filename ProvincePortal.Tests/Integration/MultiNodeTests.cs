using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Tests.Features.Documents;
using ProvincePortal.Tests.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProvincePortal.Tests.Integration;

/// <summary>
/// Two app nodes ("nodo-a", "nodo-b") as two real processes (`dotnet ProvincePortal.dll`, Production, each on its own
/// loopback port and data folder) on ONE PostgreSQL database, one S3-compatible store and one SMTP server, as two
/// servers behind a load balancer. Started as the operations guide says: the first one (it migrates and seeds) until
/// it is healthy, then the second.
/// </summary>
public sealed class TwoNodeProcesses : IAsyncLifetime
{
    public const string SkipReason =
        "Più nodi solo su PostgreSQL: impostare PP_TEST_PROVIDER=Postgres e PP_TEST_POSTGRES (un file SQLite non si condivide tra server)";

    /// <summary>The test job: every second on both nodes, from the start.</summary>
    public const string Job = "AlertDigest";

    /// <summary>The shortest lease the app accepts: a killed node's round is free again within it.</summary>
    public const int LeaseSeconds = 5;

    private TestDatabase? database;
    private bool disposed;
    public FakeS3Server S3 { get; private set; } = default!;
    public LoopbackSmtpServer Smtp { get; private set; } = default!;
    public NodeProcess A { get; private set; } = default!;
    public NodeProcess B { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!TestDatabase.UsePostgres) return;
        database = new TestDatabase();
        try
        {
            S3 = await FakeS3Server.StartAsync();
            Smtp = new LoopbackSmtpServer();
            await Smtp.StartAsync();
            A = Start("nodo-a");
            await A.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));
            B = Start("nodo-b");
            await B.WaitUntilHealthyAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: no process may outlive the run.
            await DisposeAsync();
            throw;
        }
    }

    private NodeProcess Start(string id)
    {
        var folder = Path.Combine(database!.DataDirectory, id);
        Directory.CreateDirectory(folder);
        return NodeProcess.Start(id,
        [
            new("Node:Id", id),
            new("Node:Multi", "true"),
            new("DataDirectory", folder),
            new("Database:Provider", "Postgres"),
            new("Demo:Enabled", "true"),
            new("Agenda:DemoData", "false"),
            new("Formazione:SyncEnabled", "false"),
            new("Documents:Store", "S3"),
            new("Documents:S3:ServiceUrl", S3.ServiceUrl),
            new("Documents:S3:BucketName", FakeS3Server.Bucket),
            new("Documents:S3:AccessKey", FakeS3Server.AccessKey),
            new("Documents:S3:Region", "us-east-1"),
            new("Documents:S3:ForcePathStyle", "true"),
            new("Email:Host", "127.0.0.1"),
            new("Email:Port", Smtp.Port.ToString()),
            new("Email:StartTls", "false"),
            new("Email:From", "ProvincePortal <portale@provincia.test>"),
            new("Email:PollSeconds", "1"),
            new("Email:TimeoutSeconds", "5"),
            new("Jobs:LeaseSeconds", LeaseSeconds.ToString()),
            new($"Jobs:Schedule:{Job}:PeriodSeconds", "1"),
            new($"Jobs:Schedule:{Job}:InitialDelaySeconds", "0"),
        ],
        // Secrets the way an operator passes them: in the environment, not on a command line `ps` shows.
        [
            new("Database__ConnectionString", database.ConnectionString),
            new("Documents__S3__SecretKey", FakeS3Server.SecretKey),
        ]);
    }

    /// <summary>A context on the shared database that sees every Province, for the test's own reads and writes.</summary>
    public PortalDbContext CreateSystemDb() =>
        new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database!.ConnectionString).Options)
        {
            Scope = TenantScope.System,
        };

    public string Output => string.Join("\n", new[] { A, B }.Where(n => n is not null).Select(n => n.Output));

    public async Task DisposeAsync()
    {
        if (database is null || disposed) return;
        disposed = true;
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
        if (S3 is not null) await S3.DisposeAsync();
        database.Dispose();
    }
}

/// <summary>
/// Issue 9: a change made through one node is seen through the other, with the same browser cookies; the e-mail queue
/// sends each message once with both nodes sending; a scheduled job runs once per period across both nodes, and goes
/// on on node B once node A is gone. The last test stops node A: the tests run in the order written.
/// </summary>
[TestCaseOrderer(DeclarationOrder.Name, DeclarationOrder.Assembly)]
public sealed class MultiNodeTests(TwoNodeProcesses nodes, ITestOutputHelper output) : IClassFixture<TwoNodeProcesses>
{
    private const string Sua = "sua@demo.it";

    [SkippableFact]
    public Task LoginOnNodeA_IsAcceptedByNodeB_AndADocumentUploadedThroughA_IsDownloadedThroughB() => WithNodeOutput(async () =>
    {
        // One browser: the same cookies whichever node the balancer picks (cookies do not depend on the port).
        var cookies = new CookieContainer();
        using var viaA = nodes.A.Client(cookies);
        using var viaB = nodes.B.Client(cookies);
        var login = await AuthenticatedClient.PostLoginAsync(viaA, Sua, "Demo-2026!");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.NotNull(cookies.GetCookies(new Uri(nodes.B.BaseUrl))["ProvincePortal.Auth"]);

        int workspace;
        await using (var db = nodes.CreateSystemDb())
            workspace = await db.Workspaces.Where(w => w.Kind == WorkspaceKind.ServizioSua && db.Provinces.Any(p => p.Id == w.ProvinceId && p.Sigla == "TV"))
                .Select(w => w.Id).SingleAsync();

        // Upload through A over HTTP, as the Documenti page does: request token from A, file streamed to the store.
        var token = await TokenAsync(viaA);
        var text = "Verbale della commissione di gara, caricato sul nodo A " + Guid.NewGuid();
        using var created = await viaA.SendAsync(Upload($"/documenti/carica?spazio={workspace}", token, text, "verbale.txt"));
        Assert.True(created.StatusCode == HttpStatusCode.OK, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var id = (await created.Content.ReadFromJsonAsync<UploadResult>())!.Id!.Value;
        Assert.Contains(nodes.S3.Objects.Values, bytes => Encoding.UTF8.GetString(bytes) == text);

        // Node B decrypts node A's cookie with the keys in the database and reads the bytes from the shared bucket.
        using var download = await viaB.GetAsync($"/documenti/{id}/scarica");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(text, await download.Content.ReadAsStringAsync());

        // And the other way: a new version through B with the request token node A issued, read back through A.
        var corrected = text + ", corretto sul nodo B";
        using var version = await viaB.SendAsync(Upload($"/documenti/{id}/versioni", token, corrected, "verbale.txt"));
        Assert.True(version.StatusCode == HttpStatusCode.OK, $"{(int)version.StatusCode} {await version.Content.ReadAsStringAsync()}");
        Assert.Equal(2, (await version.Content.ReadFromJsonAsync<UploadResult>())!.Version);
        Assert.Equal(corrected, await viaA.GetStringAsync($"/documenti/{id}/scarica"));

        // Without the cookie node B does not serve it: the checks above are the login's doing.
        using var anonymous = nodes.B.Client();
        using var refused = await anonymous.GetAsync($"/documenti/{id}/scarica");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    });

    [SkippableFact]
    public Task EmailsQueuedInTheDatabase_AreSentOnceEach_WithBothNodesSending() => WithNodeOutput(async () =>
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        const int count = 12;
        // Queued as a module of either node queues them; both outbox workers poll every second and race for the rows.
        await using (var db = nodes.CreateSystemDb())
        {
            var now = DateTime.UtcNow;
            for (var i = 1; i <= count; i++)
                db.OutboxEmails.Add(new OutboxEmail { To = $"ufficio{i}@comune.test", Subject = $"Prova {marker} n. {i}", Body = "Testo di prova", CreatedAtUtc = now, NextAttemptAtUtc = now });
            await db.SaveChangesAsync();
        }

        var rows = await PollAsync(async () =>
        {
            await using var db = nodes.CreateSystemDb();
            var sent = await db.OutboxEmails.AsNoTracking().Where(m => m.Subject.StartsWith($"Prova {marker} ")).ToListAsync();
            return sent.Count == count && sent.All(m => m.SentAtUtc != null) ? sent : null;
        }, "tutte le e-mail inviate");

        Assert.All(rows, m => Assert.Equal(1, m.Attempts));
        var received = nodes.Smtp.Received.Where(m => m.Subject.StartsWith($"Prova {marker} ")).Select(m => m.Subject).ToList();
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct().Count());
    });

    [SkippableFact]
    public Task AJobScheduledEverySecondOnBothNodes_RunsOncePerSecondInAll_AndGoesOnOnBWhenAIsKilled() => WithNodeOutput(async () =>
    {
        var seen = await WatchRoundsAsync(5, since: null);
        AssertOncePerSecond(seen);
        Assert.All(seen, s => Assert.Matches("^nodo-[ab]/", s.Holder));

        // Each node reports itself and the shared job in /healthz.
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            using var client = node.Client();
            using var health = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
            Assert.Equal(node.Id, health.RootElement.GetProperty("node").GetString());
            var job = health.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == TwoNodeProcesses.Job);
            Assert.True(job.GetProperty("runs").GetInt64() >= seen[^1].Runs);
            Assert.False(job.GetProperty("lastRunFailed").GetBoolean());
        }

        // Node A dies (killed, no graceful stop): a round it held frees itself within the lease, and B carries on alone.
        await nodes.A.KillAsync();
        var killed = DateTime.UtcNow;
        Assert.True(nodes.A.HasExited);
        using (var toA = nodes.A.Client())
            await Assert.ThrowsAsync<HttpRequestException>(() => toA.GetAsync("/healthz"));

        var after = await WatchRoundsAsync(3, since: killed, timeoutSeconds: TwoNodeProcesses.LeaseSeconds + 20);
        Assert.All(after, s => Assert.StartsWith("nodo-b/", s.Holder));
        AssertOncePerSecond(after);
        using var toB = nodes.B.Client();
        using var healthB = await toB.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthB.StatusCode);
    });

    /// <summary>Watches the job's lease row: every round start is recorded there (count, start, holder).</summary>
    private async Task<List<(long Runs, DateTime Started, string Holder)>> WatchRoundsAsync(int rounds, DateTime? since, int timeoutSeconds = 30)
    {
        var seen = new List<(long Runs, DateTime Started, string Holder)>();
        return await PollAsync(async () =>
        {
            await using var db = nodes.CreateSystemDb();
            var lease = await db.JobLeases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == TwoNodeProcesses.Job);
            if (lease?.LastRunStartedUtc is { } started && (since is null || started > since)
                && (seen.Count == 0 || seen[^1].Runs != lease.RunCount))
                seen.Add((lease.RunCount, started, lease.Holder!));
            return seen.Count >= rounds ? seen : null;
        }, since is null ? $"{rounds} turni del lavoro" : $"{rounds} turni del lavoro dopo l'arresto del nodo A", pollMs: 20, timeoutSeconds);
    }

    /// <summary>Both nodes try every second; with the lease a round starts at most once per period (less the 10% jitter allowance).</summary>
    private static void AssertOncePerSecond(List<(long Runs, DateTime Started, string Holder)> seen)
    {
        var span = seen[^1].Started - seen[0].Started;
        var rounds = seen[^1].Runs - seen[0].Runs;
        Assert.True(span >= TimeSpan.FromSeconds(0.89 * rounds), $"{rounds} turni in {span.TotalSeconds:0.00} s: più di uno al secondo");
        foreach (var (previous, next) in seen.Zip(seen.Skip(1)).Where(p => p.Second.Runs == p.First.Runs + 1))
            Assert.True(next.Started - previous.Started >= TimeSpan.FromSeconds(0.89),
                $"Due turni a {(next.Started - previous.Started).TotalMilliseconds:0} ms ({previous.Holder}, {next.Holder})");
    }

    private sealed record TokenAnswer(string Header, string Token);

    private static async Task<string> TokenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<TokenAnswer>("/documenti/carica/token"))!.Token;

    private static HttpRequestMessage Upload(string url, string token, string text, string fileName)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new MultipartFormDataContent { { file, "file", fileName } } };
        request.Headers.Add(DocumentUploadEndpoint.TokenHeader, token);
        return request;
    }

    /// <summary>Skips off PostgreSQL; on a failure the nodes' own output goes to the test output, next to the assertion.</summary>
    private async Task WithNodeOutput(Func<Task> test)
    {
        Skip.IfNot(TestDatabase.UsePostgres, TwoNodeProcesses.SkipReason);
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine(nodes.Output);
            throw;
        }
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what, int pollMs = 100, int timeoutSeconds = 30) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } result) return result;
            await Task.Delay(pollMs);
        }
        throw new TimeoutException($"Atteso entro {timeoutSeconds} s: {what}.");
    }
}
