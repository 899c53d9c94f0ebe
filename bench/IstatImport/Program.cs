using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Data;
using ProvincePortal.Features.Territory;

// Imports the 2020 ISTAT list into a fresh SQLite database N times, through the app's own registrations
// (same DbContext factory, interceptors and pragmas as the web app), and prints min/median/max of the import alone.
var runs = 5;
var file = IstatImportService.SeedFile;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--runs") runs = int.Parse(args[++i]);
    else if (args[i] == "--file") file = Path.GetFullPath(args[++i]);
}

var parseWatch = Stopwatch.StartNew();
var parsed = await IstatFileParser.ParseFileAsync(file);
parseWatch.Stop();
Console.WriteLine($"File: {file} ({parsed.DataRows} rows, {parsed.EncodingName}); parse alone (cold): {parseWatch.ElapsedMilliseconds} ms");

var times = new List<double>();
var cpuTimes = new List<double>();
var reimportTimes = new List<double>();
for (var run = 0; run <= runs; run++)
{
    var directory = Path.Combine(Path.GetTempPath(), "pp-bench-istat", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(directory);
    try
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["DataDirectory"] = directory;
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.AddPortal();
        await using var app = builder.Build();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<IstatImportService>();
        // The same computation without writing: how much of the import is parsing and planning.
        var previewWatch = Stopwatch.StartNew();
        await importer.PreviewAsync(new IstatImportRequest(file));
        previewWatch.Stop();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await importer.ImportFileAsync(file, null, "benchmark");
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        // Run 0 warms up the JIT and EF's model/query caches: reported, not counted.
        Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run}")}: {watch.Elapsed.TotalMilliseconds:F0} ms (CPU {cpu:F0} ms) — {result.SummaryLine} " +
                          $"(preview, i.e. parse + plan without writing: {previewWatch.Elapsed.TotalMilliseconds:F0} ms)");
        if (run > 0) { times.Add(watch.Elapsed.TotalMilliseconds); cpuTimes.Add(cpu); }

        // The same file again: nothing to write, everything to compare.
        var again = Stopwatch.StartNew();
        var second = await importer.ImportFileAsync(file, null, "benchmark");
        reimportTimes.Add(again.Elapsed.TotalMilliseconds);
        if (second.Created + second.Updated + second.Suppressed != 0) throw new InvalidOperationException("re-import changed data: " + second.SummaryLine);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}

times.Sort();
cpuTimes.Sort();
Console.WriteLine($"Import of {parsed.DataRows} Comuni into a fresh SQLite database, {times.Count} runs: " +
                  $"min {times[0]:F0} ms, median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms " +
                  $"(CPU time of the process: median {cpuTimes[cpuTimes.Count / 2]:F0} ms; machine: {Environment.ProcessorCount} cores)");
reimportTimes.Sort();
Console.WriteLine($"Re-import of the same file (0 changes): median {reimportTimes[reimportTimes.Count / 2]:F0} ms");
BenchResults.Add("IstatImport", $"importazione di {parsed.DataRows:N0} Comuni, database vuoto", times[times.Count / 2], BenchResults.Percentile(times, 0.95), 2000,
    $"{times.Count} prove; CPU mediana {cpuTimes[cpuTimes.Count / 2]:F0} ms");
BenchResults.Add("IstatImport", $"reimportazione dello stesso file (0 modifiche)", reimportTimes[reimportTimes.Count / 2], BenchResults.Percentile(reimportTimes, 0.95), null);
