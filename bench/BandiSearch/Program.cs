using System.Globalization;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Cli;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

// Fills a SQLite database of the app with N calls (default 50,000 portal results imported through CallImportService in
// files of 10,000, plus 1,000 own calls each for Treviso and Brescia and Treviso's relevance on 2,000 calls), then times
// CallService.SearchAsync as Treviso's Operatore Europa: first page, text (common, rare, two words, prefixes, without
// accents), filters and sorting. The database stays in /tmp/pp-bench-bandisearch for later runs (--fresh rebuilds it).
var total = 50_000;
var calls = 40;
var fresh = false;
var directory = Path.Combine(Path.GetTempPath(), "pp-bench-bandisearch");
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--calls" && i + 1 < args.Length) total = int.Parse(args[++i]);
    else if (args[i] == "--runs" && i + 1 < args.Length) calls = int.Parse(args[++i]);
    else if (args[i] == "--data" && i + 1 < args.Length) directory = args[++i];
    else if (args[i] == "--fresh") fresh = true;
}
if (fresh && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
var existed = File.Exists(Path.Combine(directory, "provinceportal.db"));
Directory.CreateDirectory(directory);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration["DataDirectory"] = directory;
builder.Configuration["Database:Provider"] = "Sqlite";
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
builder.AddPortal();
await using var app = builder.Build();
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // the app sets it-IT; the figures are printed the same way everywhere
var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
    await db.Database.MigrateAsync();
if (!existed)
{
    var fill = Stopwatch.StartNew();
    await using (var scope = app.Services.CreateAsyncScope())
        await scope.ServiceProvider.GetRequiredService<IstatImportService>().ImportFileAsync(IstatImportService.SeedFile, null, "benchmark");
    await FillAsync(app, factory, directory, total);
    Console.WriteLine($"filled in {fill.Elapsed.TotalSeconds:F1} s");
}

int treviso;
await using (var db = await factory.CreateDbContextAsync())
{
    db.Scope = TenantScope.System;
    treviso = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
    Console.WriteLine($"database: {await db.Calls.CountAsync():N0} calls, {await db.CallDeadlines.CountAsync():N0} deadlines, "
        + $"{new FileInfo(Path.Combine(directory, "provinceportal.db")).Length / 1048576.0:F0} MiB; load average {LoadAverage()}");
}

var europa = new PortalPrincipal("bench-europa", "europa@bench", "Operatore Europa", treviso, null, new HashSet<string> { Roles.EuropeOperator });
var cases = new (string Label, Func<int, CallFilter> Filter)[]
{
    ("first page (no filter, latest deadline first)", _ => new CallFilter()),
    ("text: one common word", i => new CallFilter(Text: Pick(i, "energy", "urban", "digital", "climate", "health", "smart"))),
    ("text: a rare word (topic number)", i => new CallFilter(Text: $"{(i * 7919) % total + 1:000000}")),
    ("text: two words", i => new CallFilter(Text: Pick(i, "smart grids", "cultural heritage", "public services", "renewable energy", "rural development"))),
    ("text: prefixes", i => new CallFilter(Text: Pick(i, "sust", "mobil", "renov", "cyber", "agri", "herit"))),
    ("text: without accents (citta, mobilita)", i => new CallFilter(Text: Pick(i, "citta", "mobilita", "cooperation", "qualita", "sostenibilita"))),
    ("text: identifier (HORIZON-CL5)", i => new CallFilter(Text: Pick(i, "HORIZON-CL5", "LIFE-2027-SAP", "CERV-2027", "DIGITAL-2027-AI"))),
    ("filters: programme + open", i => new CallFilter(Programme: Pick(i, "Horizon Europe", "LIFE", "Erasmus+", "CERV"), Status: CallStatus.Aperto)),
    ("filters: deadline within 30 days", _ => new CallFilter(DeadlineWithinDays: 30)),
    ("filters: own calls only", _ => new CallFilter(Kind: CallKindFilter.SoloPropri)),
    ("sorted by deadline (soonest first)", _ => new CallFilter(Sort: CallSort.Scadenza)),
    ("text + programme + open, sorted by deadline", i => new CallFilter(Text: Pick(i, "energy", "urban", "data"), Programme: "Horizon Europe", Status: CallStatus.Aperto, Sort: CallSort.Scadenza)),
};

var all = new List<double>();
Console.WriteLine($"{"case",-48} {"rows",7} {"p50",8} {"p95",8} {"max",8}");
foreach (var (label, filter) in cases)
{
    var times = new List<double>();
    var rows = 0;
    for (var i = -3; i < calls; i++)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(europa);
        var service = scope.ServiceProvider.GetRequiredService<CallService>();
        var f = filter(i + 3);
        var watch = Stopwatch.StartNew();
        var (page, count) = await service.SearchAsync(f, 0, 25, CancellationToken.None);
        watch.Stop();
        if (i < 0) continue;
        times.Add(watch.Elapsed.TotalMilliseconds);
        rows += count;
        if (page.Count == 0 && count > 0) throw new InvalidOperationException($"{label}: empty page with {count} matches");
    }
    all.AddRange(times);
    Console.WriteLine($"{label,-48} {rows / calls,7:N0} {P(times, 50),6:F1}ms {P(times, 95),6:F1}ms {times.Max(),6:F1}ms");
    BenchResults.Add("BandiSearch", $"ricerca bandi: {label}", P(times, 50), P(times, 95), 100, $"{rows / calls:N0} risultati; {calls} chiamate");
}
Console.WriteLine($"{"all cases",-48} {"",7} {P(all, 50),6:F1}ms {P(all, 95),6:F1}ms {all.Max(),6:F1}ms; load average {LoadAverage()}");
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

static string Pick(int i, params string[] values) => values[i % values.Length];

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static async Task FillAsync(WebApplication app, IDbContextFactory<PortalDbContext> factory, string directory, int total)
{
    var file = Path.Combine(directory, "ricerca.json");
    for (var first = 1; first <= total; first += 10_000)
    {
        var (topics, _) = PortalResultGenerator.Write(file, Math.Min(10_000, total - first + 1), first);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
        await using var stream = File.OpenRead(file);
        var report = await scope.ServiceProvider.GetRequiredService<CallImportService>().ImportFileAsync(stream, "ricerca.json", apply: true, CancellationToken.None);
        Console.WriteLine($"topics {first:N0}–{first + topics - 1:N0}: {report.SummaryLine}");
    }
    File.Delete(file);

    var random = new Random(11);
    var now = DateTime.UtcNow;
    await using (var db = await factory.CreateDbContextAsync())
    {
        db.Scope = TenantScope.System;
        var provinces = await db.Provinces.Where(p => p.Sigla == "TV" || p.Sigla == "BS").Select(p => p.Id).ToListAsync();
        string[] programmes = ["PNRR", "FESR Veneto 2021-2027", "FSE+ Lombardia", "PSR", "Ministero dell'Interno"];
        string[] words = ["rigenerazione", "urbana", "efficientamento", "energetico", "scuole", "asili", "nido", "mobilità", "ciclabile",
            "digitalizzazione", "servizi", "comunali", "città", "borghi", "turismo", "inclusione", "sociale", "impianti", "sportivi"];
        foreach (var province in provinces)
            for (var n = 1; n <= 1000; n++)
            {
                var call = new Call
                {
                    ProvinceId = province, Origin = n % 3 == 0 ? CallOrigin.Regionale : CallOrigin.Nazionale,
                    Identifier = $"P{province}-{n:0000}", Title = string.Join(' ', Enumerable.Range(0, random.Next(4, 9)).Select(_ => words[random.Next(words.Length)])),
                    Programme = programmes[random.Next(programmes.Length)], Keywords = words[random.Next(words.Length)],
                    BudgetCents = 100_000_00L * random.Next(1, 50), OpeningUtc = now.AddDays(random.Next(-300, 60)),
                    CreatedAtUtc = now, UpdatedAtUtc = now,
                };
                CallRules.ApplyDeadlines(call, [now.AddDays(random.Next(-200, 400))]);
                call.SearchText = CallRules.SearchTextOf(call);
                db.Calls.Add(call);
            }
        await db.SaveChangesAsync();
        var treviso = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        var shared = await db.Calls.Where(c => c.ProvinceId == null).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        foreach (var id in shared.Where((_, i) => i % 25 == 0))
            db.CallProvinceNotes.Add(new CallProvinceNote { CallId = id, ProvinceId = treviso, Relevance = (CallRelevance)random.Next(1, 4), UpdatedAtUtc = now });
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
    }
}
