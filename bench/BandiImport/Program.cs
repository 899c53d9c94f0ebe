using System.Globalization;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Cli;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Identity;

// Imports N generated portal results (default 10,000) into a fresh SQLite database through CallImportService, then the
// same results with one topic in ten changed (deadline moved, status, budget), and checks that the history is exact.
// Each run uses its own database; run 0 warms up the JIT and EF and is not counted.
var results = 10_000;
var runs = 3;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--results") results = int.Parse(args[++i]);
    else if (args[i] == "--runs") runs = int.Parse(args[++i]);
}

var root = Path.Combine(Path.GetTempPath(), "pp-bench-bandi-import", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
var original = Path.Combine(root, "ricerca.json");
var changed = Path.Combine(root, "ricerca-modificata.json");
var (topics, written) = PortalResultGenerator.Write(original, results);
PortalResultGenerator.Write(changed, results, changeEvery: 10);
Console.WriteLine($"file: {written:N0} results ({topics:N0} topics), {new FileInfo(original).Length / 1048576.0:F1} MiB; load average {LoadAverage()}");

var process = Process.GetCurrentProcess();
TimeSpan Cpu() { process.Refresh(); return process.TotalProcessorTime; }
var firstTimes = new List<double>();
var secondTimes = new List<double>();
for (var run = 0; run <= runs; run++)
{
    var directory = Path.Combine(root, $"run{run}");
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

    await using var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
    var importer = scope.ServiceProvider.GetRequiredService<CallImportService>();
    var label = run == 0 ? " (warm-up)" : "";

    var watch = Stopwatch.StartNew();
    var cpu = Cpu();
    await using (var file = File.OpenRead(original))
    {
        var parsed = PortalResultParser.Parse(file);
        watch.Stop();
        Console.WriteLine($"run {run}{label} parse only: {parsed.Calls.Count:N0} calls in {watch.ElapsedMilliseconds:N0} ms (CPU {(Cpu() - cpu).TotalMilliseconds:N0} ms)");
    }

    watch.Restart();
    cpu = Cpu();
    ImportReport first;
    await using (var file = File.OpenRead(original))
        first = await importer.ImportFileAsync(file, "ricerca.json", apply: true, CancellationToken.None);
    watch.Stop();
    Console.WriteLine($"run {run}{label} import: {first.SummaryLine} in {watch.ElapsedMilliseconds:N0} ms (CPU {(Cpu() - cpu).TotalMilliseconds:N0} ms)");
    if (run > 0) firstTimes.Add(watch.Elapsed.TotalMilliseconds);

    watch.Restart();
    cpu = Cpu();
    ImportReport second;
    await using (var file = File.OpenRead(changed))
        second = await importer.ImportFileAsync(file, "ricerca-modificata.json", apply: true, CancellationToken.None);
    watch.Stop();
    Console.WriteLine($"run {run}{label} re-import, 10% changed: {second.SummaryLine} in {watch.ElapsedMilliseconds:N0} ms (CPU {(Cpu() - cpu).TotalMilliseconds:N0} ms)");
    if (run > 0) secondTimes.Add(watch.Elapsed.TotalMilliseconds);

    if (run == 0) await CheckAsync(factory, first, second, topics);
}
Console.WriteLine($"median of {runs} runs: import {Median(firstTimes):N0} ms, re-import with 10% changed {Median(secondTimes):N0} ms; load average {LoadAverage()}");
BenchResults.Add("BandiImport", $"importazione di {written:N0} risultati del portale F&T, registro vuoto", Median(firstTimes), BenchResults.Percentile(firstTimes, 0.95), 5000,
    $"{runs} prove; storico verificato");
BenchResults.Add("BandiImport", $"reimportazione con il 10% cambiato", Median(secondTimes), BenchResults.Percentile(secondTimes, 0.95), null);
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(root, recursive: true);

// The figures mean nothing if the import took a shortcut: every changed topic must be one update with exactly the
// history of what the generator changed, and nothing else may have moved.
static async Task CheckAsync(IDbContextFactory<PortalDbContext> factory, ImportReport first, ImportReport second, int topics)
{
    var expected = Enumerable.Range(1, topics).Select(n => PortalResultGenerator.ChangeOf(n, 10)).Where(c => c != PortalResultGenerator.Change.None).ToList();
    await using var db = await factory.CreateDbContextAsync();
    db.Scope = TenantScope.System;
    var calls = await db.Calls.CountAsync();
    var deadlines = await db.CallDeadlines.CountAsync();
    var history = await db.CallChanges.GroupBy(c => c.Field).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    var updated = second.Count(ImportOutcome.Aggiornato);
    Console.WriteLine($"check: {calls:N0} calls, {deadlines:N0} deadlines; updated {updated:N0} (changed topics {expected.Count:N0}); history: "
        + string.Join(", ", history.OrderBy(h => h.Key).Select(h => $"{h.Key} {h.Value:N0}")));
    var problems = new List<string>();
    if (first.Count(ImportOutcome.Nuovo) != calls) problems.Add("new calls differ from the rows written");
    if (first.Rows.Any(r => r.Outcome == ImportOutcome.Scartato)) problems.Add("rejected rows in the generated file");
    if (updated != expected.Count) problems.Add($"updated {updated}, expected {expected.Count}");
    if (second.Count(ImportOutcome.Nuovo) != 0) problems.Add("the re-import added calls");
    var budgetChanges = expected.Count(c => c == PortalResultGenerator.Change.Budget);
    var deadlineChanges = expected.Count(c => c == PortalResultGenerator.Change.Deadline);
    if (history.GetValueOrDefault("Budget") != budgetChanges) problems.Add($"Budget history {history.GetValueOrDefault("Budget")}, expected {budgetChanges}");
    if (history.GetValueOrDefault("Scadenza") != deadlineChanges) problems.Add($"Scadenza history {history.GetValueOrDefault("Scadenza")}, expected {deadlineChanges}");
    if (history.GetValueOrDefault("Apertura") != expected.Count(c => c == PortalResultGenerator.Change.Status)) problems.Add("Apertura history differs from the status changes");
    if (history.Values.Sum() != second.Rows.Sum(r => r.Changes.Count)) problems.Add("history rows differ from the changes reported");
    Console.WriteLine(problems.Count == 0 ? "check: OK" : "check FAILED: " + string.Join("; ", problems));
    if (problems.Count > 0) Environment.Exit(1);
}

static double Median(List<double> values)
{
    if (values.Count == 0) return 0;
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
