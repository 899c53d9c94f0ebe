using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Bench;
using ProvincePortal.Data;
using ProvincePortal.Features.Agenda;

// Agenda digitale scores for every Comune of Italy (7,904, ISTAT 2020) on a real SQLite database of the app:
// the real PA digitale 2026 files (1.3.1 and 1.4.5) through the import, then a generated value for every other weighted
// indicator of the default framework and every Comune (two dates each, so "latest value" has history to skip), then
// AgendaScoreService.ComputeAsync (load + normalise + aggregate + rank, no cache) timed N times after a warm-up.
var runs = 10;
for (var i = 0; i < args.Length - 1; i++)
    if (args[i] == "--runs") runs = int.Parse(args[++i]);

var directory = Path.Combine(Path.GetTempPath(), "pp-bench-agenda", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    await using var app = await AgendaBenchData.CreateAppAsync(directory);
    var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    var times = new List<double>();
    AgendaSnapshot? last = null;
    var cpu = TimeSpan.Zero;
    for (var i = -2; i < runs; i++)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Scope = TenantScope.System;
        var framework = await db.AgendaFrameworks.AsNoTracking().Include(f => f.Dimensions).Include(f => f.Indicators).AsSplitQuery().SingleAsync(f => f.IsCurrent);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        last = await AgendaScoreService.ComputeAsync(db, framework, null, CancellationToken.None);
        watch.Stop();
        if (i < 0) continue; // JIT and EF warm-up
        times.Add(watch.Elapsed.TotalMilliseconds);
        cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    }
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine($"Scores of {last!.Scores.Count(s => s.Score is not null):N0} Comuni ({last.Values.Count:N0} latest values, {last.Indicators.Count} indicators): " +
                      $"p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, max {times[^1]:F0} ms; CPU {cpu.TotalMilliseconds / runs:F0} ms per run ({runs} runs)");
    BenchResults.Add("AgendaScores", $"punteggi di {last.Scores.Count(s => s.Score is not null):N0} Comuni, senza cache", P(0.5), P(0.95), 1000,
        $"CPU {cpu.TotalMilliseconds / runs:F0} ms per calcolo; {runs} prove");

    var pure = Stopwatch.StartNew();
    var comuni = last.Scores.Select(s => new ScoringComune(s.ComuneId, s.ProvinceId, s.RegionId, s.Population)).ToList();
    var values = last.Values.ToDictionary(v => v.Key, v => v.Value.Value);
    for (var i = 0; i < runs; i++) AgendaScoring.Score(last.Dimensions, last.Indicators, comuni, values);
    Console.WriteLine($"Scoring alone (no database): {pure.Elapsed.TotalMilliseconds / runs:F0} ms per run");
}
finally
{
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}
