using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Tests.Features.Documents;
using ProvincePortal.Tests.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Integration;

/// <summary>
/// Two complete app hosts ("nodo-a", "nodo-b": each its own services, key ring cache and background jobs) on ONE
/// PostgreSQL database, one S3-compatible store and one SMTP server, as two nodes behind a load balancer.
/// Started one after the other, as the operations guide says (the first migrates and seeds).
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public const string SkipReason =
        "Più nodi solo su PostgreSQL: impostare PP_TEST_PROVIDER=Postgres e PP_TEST_POSTGRES (un file SQLite non si condivide tra server)";

    /// <summary>The test job: every second on both nodes, from the start.</summary>
    public const string Job = "AlertDigest";

    private TestDatabase? database;
    public FakeS3Server S3 { get; private set; } = default!;
    public LoopbackSmtpServer Smtp { get; private set; } = default!;
    public Node A { get; private set; } = default!;
    public Node B { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!TestDatabase.UsePostgres) return;
        database = new TestDatabase();
        S3 = await FakeS3Server.StartAsync();
        Smtp = new LoopbackSmtpServer();
        await Smtp.StartAsync();
        A = new Node(database, "nodo-a", this);
        _ = A.Server;
        B = new Node(database, "nodo-b", this);
        _ = B.Server;
    }

    public async Task DisposeAsync()
    {
        if (database is null) return;
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Smtp.DisposeAsync();
        await S3.DisposeAsync();
        database.Dispose();
    }

    public sealed class Node(TestDatabase database, string id, TwoNodes nodes) : PortalFactory(database, ownsDatabase: false)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [
            new("Node:Id", id),
            new("Node:Multi", "true"),
            new("Documents:Store", "S3"),
            new("Documents:S3:ServiceUrl", nodes.S3.ServiceUrl),
            new("Documents:S3:BucketName", FakeS3Server.Bucket),
            new("Documents:S3:AccessKey", FakeS3Server.AccessKey),
            new("Documents:S3:SecretKey", FakeS3Server.SecretKey),
            new("Documents:S3:Region", "us-east-1"),
            new("Documents:S3:ForcePathStyle", "true"),
            new("Email:Host", "127.0.0.1"),
            new("Email:Port", nodes.Smtp.Port.ToString()),
            new("Email:StartTls", "false"),
            new("Email:From", "ProvincePortal <portale@provincia.test>"),
            new("Email:PollSeconds", "1"),
            new("Email:TimeoutSeconds", "5"),
            new($"Jobs:Schedule:{Job}:PeriodSeconds", "1"),
            new($"Jobs:Schedule:{Job}:InitialDelaySeconds", "0"),
        ];
    }
}

public sealed class MultiNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Sua = "sua@demo.it";

    [SkippableFact]
    public async Task LoginOnNodeA_IsAcceptedByNodeB_AndADocumentUploadedThroughA_IsDownloadedThroughB()
    {
        Skip.IfNot(TestDatabase.UsePostgres, TwoNodes.SkipReason);
        // One browser: the same cookies whichever node the balancer picks.
        var cookies = new CookieContainer();
        using var viaA = nodes.A.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var viaB = nodes.B.CreateDefaultClient(new CookieContainerHandler(cookies));
        var login = await AuthenticatedClient.PostLoginAsync(viaA, Sua, "Demo-2026!");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var text = "Verbale della commissione di gara, caricato sul nodo A " + Guid.NewGuid();
        var id = await nodes.A.AsUserAsync(Sua, async sp =>
        {
            var documents = sp.GetRequiredService<DocumentService>();
            var workspace = (await documents.ListWorkspacesAsync()).First(w => w.Kind == WorkspaceKind.ServizioSua).Id;
            return await documents.CreateAsync(new NewDocument { WorkspaceId = workspace }, new MemoryStream(Encoding.UTF8.GetBytes(text)), "verbale.txt");
        });
        Assert.Contains(nodes.S3.Objects.Values, bytes => Encoding.UTF8.GetString(bytes) == text);

        // Node B decrypts node A's cookie with the keys in the database and reads the bytes from the shared bucket.
        var download = await viaB.GetAsync($"/documenti/{id}/scarica");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(text, await download.Content.ReadAsStringAsync());

        // Without the cookie node B does not serve it: the check above is the login's doing.
        using var anonymous = nodes.B.CreateDefaultClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/documenti/{id}/scarica")).StatusCode);
    }

    [SkippableFact]
    public async Task EmailsQueuedOnNodeA_AreSentOnceEach_WithBothNodesSending()
    {
        Skip.IfNot(TestDatabase.UsePostgres, TwoNodes.SkipReason);
        var marker = Guid.NewGuid().ToString("N")[..8];
        const int count = 12;
        await using (var scope = nodes.A.Services.CreateAsyncScope())
        await using (var db = await nodes.A.CreateSystemDbAsync())
        {
            var notifications = scope.ServiceProvider.GetRequiredService<NotificationService>();
            for (var i = 1; i <= count; i++)
                Assert.True(notifications.QueueEmail(db, $"ufficio{i}@comune.test", new EmailMessage($"ufficio{i}@comune.test", $"Prova {marker} n. {i}", "Testo di prova")));
            await db.SaveChangesAsync();
        }
        // Both outbox workers wake at once and race for the same rows.
        nodes.A.Services.GetRequiredService<EmailOutboxSignal>().Notify();
        nodes.B.Services.GetRequiredService<EmailOutboxSignal>().Notify();

        var rows = await PollAsync(async () =>
        {
            await using var db = await nodes.A.CreateSystemDbAsync();
            var sent = await db.OutboxEmails.AsNoTracking().Where(m => m.Subject.StartsWith($"Prova {marker} ")).ToListAsync();
            return sent.Count == count && sent.All(m => m.SentAtUtc != null) ? sent : null;
        }, "tutte le e-mail inviate");

        Assert.All(rows, m => Assert.Equal(1, m.Attempts));
        var received = nodes.Smtp.Received.Where(m => m.Subject.StartsWith($"Prova {marker} ")).Select(m => m.Subject).ToList();
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct().Count());
    }

    [SkippableFact]
    public async Task AJobScheduledEverySecondOnBothNodes_RunsOncePerSecondInAll()
    {
        Skip.IfNot(TestDatabase.UsePostgres, TwoNodes.SkipReason);
        // Watch the lease row: every round start is recorded (count, start, holder).
        var seen = new List<(long Runs, DateTime Started, string Holder)>();
        await PollAsync(async () =>
        {
            await using var db = await nodes.B.CreateSystemDbAsync();
            var lease = await db.JobLeases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == TwoNodes.Job);
            if (lease?.LastRunStartedUtc is { } started && (seen.Count == 0 || seen[^1].Runs != lease.RunCount))
                seen.Add((lease.RunCount, started, lease.Holder!));
            return seen.Count >= 5 ? seen : null;
        }, "cinque turni del lavoro", pollMs: 20);

        // Both nodes try every second; with the lease a round starts at most once per period (less the 10% jitter allowance).
        var span = seen[^1].Started - seen[0].Started;
        var rounds = seen[^1].Runs - seen[0].Runs;
        Assert.True(span >= TimeSpan.FromSeconds(0.89 * rounds), $"{rounds} turni in {span.TotalSeconds:0.00} s: più di uno al secondo");
        foreach (var (previous, next) in seen.Zip(seen.Skip(1)).Where(p => p.Second.Runs == p.First.Runs + 1))
            Assert.True(next.Started - previous.Started >= TimeSpan.FromSeconds(0.89),
                $"Due turni a {(next.Started - previous.Started).TotalMilliseconds:0} ms ({previous.Holder}, {next.Holder})");
        Assert.All(seen, s => Assert.Matches("^nodo-[ab]/", s.Holder));

        // Each node reports itself and the shared job in /healthz.
        using var client = nodes.B.CreateDefaultClient();
        using var health = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
        Assert.Equal("nodo-b", health.RootElement.GetProperty("node").GetString());
        var job = health.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == TwoNodes.Job);
        Assert.True(job.GetProperty("runs").GetInt64() >= seen[^1].Runs);
        Assert.False(job.GetProperty("lastRunFailed").GetBoolean());
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
