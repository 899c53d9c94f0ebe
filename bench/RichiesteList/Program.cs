using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Territory;

// The request list behind RichiestePage's grid (RequestService.ListAsync: count + one page) over N generated requests
// (default 1,000,000, see RequestGenerator) as Treviso's competence-centre operator: each filter the grid offers, pages
// near the start and deep ones; p50/p95 per case after a warm-up. Every case is checked on a sample of pages against a
// plain query (same filter, OFFSET/LIMIT over the whole rows) on a context that sees every Province. CPU/call is the
// process's CPU time per call (Process.TotalProcessorTime), which says more than wall time on a shared machine.
// The database stays in /tmp/pp-bench-richieste-list for later runs (--fresh rebuilds it).
var rows = 1_000_000;
var calls = 30;
var fresh = false;
string? only = null;
var logSql = false;
var directory = Path.Combine(Path.GetTempPath(), "pp-bench-richieste-list");
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--rows" && i + 1 < args.Length) rows = int.Parse(args[++i]);
    else if (args[i] == "--runs" && i + 1 < args.Length) calls = int.Parse(args[++i]);
    else if (args[i] == "--data" && i + 1 < args.Length) directory = args[++i];
    else if (args[i] == "--fresh") fresh = true;
    else if (args[i] == "--only" && i + 1 < args.Length) only = args[++i];
    else if (args[i] == "--sql") logSql = true;
}
if (fresh && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
var existed = File.Exists(Path.Combine(directory, "provinceportal.db"));
Directory.CreateDirectory(directory);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration["DataDirectory"] = directory;
builder.Configuration["Database:Provider"] = "Sqlite";
builder.Configuration["Logging:LogLevel:Default"] = "Error";
// --sql: every command EF sends, with its time (to read a plan's shape; the timings then include the logging).
if (logSql) builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
builder.Configuration["Requests:JobsEnabled"] = "false";
builder.AddPortal();
await using var app = builder.Build();
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
    await db.Database.MigrateAsync();
if (!existed)
{
    await using (var scope = app.Services.CreateAsyncScope())
        await scope.ServiceProvider.GetRequiredService<IstatImportService>().ImportFileAsync(IstatImportService.SeedFile, null, "benchmark");
    var took = await RequestGenerator.FillAsync(factory, rows);
    Console.WriteLine($"generated {rows:N0} requests in {took.TotalSeconds:F1} s");
}

int treviso, service, comune;
await using (var db = await factory.CreateDbContextAsync())
{
    db.Scope = TenantScope.System;
    treviso = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
    service = await db.CatalogServices.Where(s => s.ProvinceId == treviso).OrderBy(s => s.Id).Select(s => s.Id).Skip(3).FirstAsync();
    comune = await db.ServiceRequests.Where(r => r.ProvinceId == treviso && r.ComuneId != null).OrderBy(r => r.Id).Select(r => r.ComuneId!.Value).FirstAsync();
    Console.WriteLine($"database: {await db.ServiceRequests.CountAsync():N0} requests, " +
                      $"{new FileInfo(Path.Combine(directory, "provinceportal.db")).Length / 1048576.0:F0} MiB; load average {LoadAverage()}");
}

var cdc = new PortalPrincipal("bench-cdc", "cdc@bench", "Operatore CdC", treviso, null, new HashSet<string> { Roles.CdcOperator });
var cases = new (string Label, RequestFilter Filter, int[] Pages)[]
{
    ("no filter, pages 1-20", new RequestFilter(), Enumerable.Range(0, 20).ToArray()),
    ("no filter, deep pages (offset 100k-900k)", new RequestFilter(), [4_000, 12_000, 18_000, 28_000, 37_999]),
    ("state In attesa", new RequestFilter(Status: RequestStatus.InAttesa), [0, 1, 2, 50, 500]),
    ("state Nuova", new RequestFilter(Status: RequestStatus.Nuova), [0, 1, 2, 50, 500]),
    ("one service", new RequestFilter(ServiceId: service), [0, 1, 2, 50, 500]),
    ("one Comune", new RequestFilter(ComuneId: comune), [0, 1, 2, 50]),
    ("SLA state Violato", new RequestFilter(Sla: SlaState.Violato), [0, 1, 2, 50, 500]),
    ("state Risolta + one service", new RequestFilter(Status: RequestStatus.Risolta, ServiceId: service), [0, 1, 2, 10]),
    ("SLA Violato + one Comune", new RequestFilter(Sla: SlaState.Violato, ComuneId: comune), [0, 1, 2]),
    ("text: a common word (biblioteca, 2.5%)", new RequestFilter(Text: "biblioteca"), [0, 1, 2]),
    ("text: a common word, deep pages", new RequestFilter(Text: "biblioteca"), [100, 300, 500, 900]),
    ("text: the commonest word (del, 30%)", new RequestFilter(Text: "del"), [0, 1, 2]),
    ("text: a rare word (votiva, 0.1%)", new RequestFilter(Text: "votiva"), [0, 1, 2]),
    ("text: a prefix (illumin)", new RequestFilter(Text: "illumin"), [0, 1]),
    ("text: two words (rete biblioteca)", new RequestFilter(Text: "rete biblioteca"), [0, 1]),
    ("text: no match (inesistente)", new RequestFilter(Text: "inesistente"), [0]),
    ("text: request number (#123457)", new RequestFilter(Text: "#123457"), [0]),
    ("text + one service", new RequestFilter(Text: "pagopa", ServiceId: service), [0, 1]),
    ("text + state In attesa", new RequestFilter(Text: "biblioteca", Status: RequestStatus.InAttesa), [0, 1, 2]),
    ("text + one Comune", new RequestFilter(Text: "biblioteca", ComuneId: comune), [0]),
};

var all = new List<double>();
Console.WriteLine($"{"case",-44} {"total",9} {"p50",8} {"p95",8} {"max",8} {"CPU/call",8}  check");
foreach (var (label, filter, pages) in cases.Where(c => only is null || c.Label.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    var times = new List<double>();
    var cpu = TimeSpan.Zero;
    var checkedPages = 0;
    for (var n = -2; n < calls; n++)
    {
        var page = pages[Math.Abs(n) % pages.Length];
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(cdc);
        var requests = scope.ServiceProvider.GetRequiredService<RequestService>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var (items, total) = await requests.ListAsync(filter, page, 25);
        watch.Stop();
        if (n >= 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        }
        if (n >= 0 && n < pages.Length)
        {
            await CheckAsync(factory, treviso, filter, page, items.Select(x => x.Id).ToList(), total, label);
            checkedPages++;
        }
    }
    times.Sort();
    all.AddRange(times);
    var totalRows = await CountAsync(factory, treviso, filter);
    Console.WriteLine($"{label,-44} {totalRows,9:N0} {P(times, 50),6:F1}ms {P(times, 95),6:F1}ms {times[^1],6:F1}ms {cpu.TotalMilliseconds / calls,6:F1}ms  {checkedPages} pages OK");
    BenchResults.Add("RichiesteList", $"elenco richieste: {label}", P(times, 50), P(times, 95), 100,
        $"{totalRows:N0} risultati; CPU {cpu.TotalMilliseconds / calls:F1} ms per chiamata; {checkedPages} pagine verificate");
}
all.Sort();
Console.WriteLine($"{"all cases",-44} {"",9} {P(all, 50),6:F1}ms {P(all, 95),6:F1}ms {all[^1],6:F1}ms; load average {LoadAverage()}");
SqliteConnection.ClearAllPools();

static double P(List<double> sorted, int q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q / 100.0 * sorted.Count) - 1)];

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

// The naive query: whole rows, OFFSET/LIMIT, on a context that sees every Province, with the Province and filters as plain LINQ.
static IQueryable<ServiceRequest> Naive(PortalDbContext db, int province, RequestFilter f)
{
    var q = db.ServiceRequests.AsNoTracking().Where(r => r.ProvinceId == province);
    if (f.Status is { } s) q = q.Where(r => r.Status == s);
    if (f.OnlyOpen) q = q.Where(r => r.Status != RequestStatus.Chiusa);
    if (f.ServiceId is int sid) q = q.Where(r => r.ServiceId == sid);
    if (f.ComuneId is int cid) q = q.Where(r => r.ComuneId == cid);
    if (f.Sla is { } sla) q = q.Where(r => r.SlaState == sla);
    if (f.Text is { } t)
    {
        if (t.StartsWith('#'))
        {
            var exact = int.Parse(t[1..]);
            return q.Where(r => r.Id == exact);
        }
        // Each word starts a word of the subject: after a space, in any case (LIKE ignores ASCII case). Exact for the
        // bench's words (ASCII, each after a space in the generated subjects); a scan of every row, as the list was.
        var words = RequestSearchSql.Terms(t);
        var number = int.TryParse(t, out var n) ? n : -1;
        var matching = q;
        foreach (var word in words) matching = matching.Where(r => EF.Functions.Like(" " + r.Subject, "% " + word + "%"));
        q = number >= 0 ? q.Where(r => r.Id == number || matching.Any(m => m.Id == r.Id)) : matching;
    }
    return q;
}

static async Task<int> CountAsync(IDbContextFactory<PortalDbContext> factory, int province, RequestFilter f)
{
    await using var db = await factory.CreateDbContextAsync();
    db.Scope = TenantScope.System;
    return await Naive(db, province, f).CountAsync();
}

static async Task CheckAsync(IDbContextFactory<PortalDbContext> factory, int province, RequestFilter f, int page, List<int> ids, int total, string label)
{
    await using var db = await factory.CreateDbContextAsync();
    db.Scope = TenantScope.System;
    var q = Naive(db, province, f);
    var expectedTotal = await q.CountAsync();
    var expected = await q.OrderByDescending(r => r.LastActivityAtUtc).ThenByDescending(r => r.Id).Skip(page * 25).Take(25).Select(r => r.Id).ToListAsync();
    if (expectedTotal != total || !expected.SequenceEqual(ids))
        throw new InvalidOperationException($"{label}, page {page}: the list gave {total} / [{string.Join(",", ids.Take(5))}…], the plain query {expectedTotal} / [{string.Join(",", expected.Take(5))}…]");
}
