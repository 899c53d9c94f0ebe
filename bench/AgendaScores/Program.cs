using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Cli;
using ProvincePortal.Data;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

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
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
    builder.Configuration["DataDirectory"] = directory;
    builder.Configuration["Database:Provider"] = "Sqlite";
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    builder.Configuration["Tenders:RemindersEnabled"] = "false";
    builder.AddPortal();
    await using var app = builder.Build();
    var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
        await db.Database.MigrateAsync();
    await using (var scope = app.Services.CreateAsyncScope())
        await scope.ServiceProvider.GetRequiredService<IstatImportService>().ImportFileAsync(IstatImportService.SeedFile, null, "benchmark");

    foreach (var name in AgendaDemoData.Files)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
        var watch = Stopwatch.StartNew();
        await using var file = File.OpenRead(Path.Combine(AgendaDemoData.SeedDirectory, name));
        var report = await scope.ServiceProvider.GetRequiredService<AgendaImportService>().ImportPad26Async(file, name, apply: true);
        Console.WriteLine($"Import {name}: {watch.ElapsedMilliseconds:N0} ms ({report.Added:N0} values written)");
    }

    var generated = await GenerateAsync(factory);
    Console.WriteLine($"Generated {generated:N0} more values; database {new FileInfo(Path.Combine(directory, "provinceportal.db")).Length / 1048576.0:F0} MiB");

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

// Plain prepared INSERTs: the point is the scoring's reading, not the import's writing.
static async Task<int> GenerateAsync(IDbContextFactory<PortalDbContext> factory)
{
    await using var db = await factory.CreateDbContextAsync();
    db.Scope = TenantScope.System;
    var indicators = await db.AgendaIndicators.Where(i => i.Framework!.IsCurrent && i.Pad26Measure == null && i.Weight > 0).ToListAsync();
    var comuni = await db.Comuni.Select(c => c.Id).ToListAsync();
    var frameworkId = indicators[0].FrameworkId;
    var connection = (SqliteConnection)db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
    var batch = connection.CreateCommand();
    batch.Transaction = tx;
    batch.CommandText = """
        INSERT INTO AgendaImportBatches (FrameworkId, Kind, FileName, Sha256, ImportedAtUtc, ImportedBy, Rows, Added, Unchanged, UnmatchedCodes)
        VALUES ($f, 'benchmark', 'generated', '', $now, 'benchmark', 0, 0, 0, '') RETURNING Id
        """;
    batch.Parameters.AddWithValue("$f", frameworkId);
    batch.Parameters.AddWithValue("$now", DateTime.UtcNow);
    var batchId = (long)(await batch.ExecuteScalarAsync())!;
    var insert = connection.CreateCommand();
    insert.Transaction = tx;
    insert.CommandText = "INSERT INTO AgendaMeasurements (IndicatorId, ComuneId, Value, MeasuredOn, BatchId) VALUES ($i, $c, $v, $d, $b)";
    foreach (var n in new[] { "$i", "$c", "$v", "$d", "$b" }) insert.Parameters.Add(new SqliteParameter(n, null));
    insert.Prepare();
    var random = new Random(2026);
    var count = 0;
    foreach (var indicator in indicators)
        foreach (var comune in comuni)
            foreach (var date in new[] { "2025-12-31", "2026-06-30" })
            {
                insert.Parameters["$i"].Value = indicator.Id;
                insert.Parameters["$c"].Value = comune;
                insert.Parameters["$v"].Value = indicator.Normalisation switch
                {
                    Normalisation.Target => random.Next(3) / 2.0,
                    Normalisation.MinMaxFixed => random.NextDouble() * (indicator.GoalpostMax ?? 100),
                    _ => Math.Floor(Math.Exp(random.NextDouble() * 6)),
                };
                insert.Parameters["$d"].Value = date;
                insert.Parameters["$b"].Value = batchId;
                await insert.ExecuteNonQueryAsync();
                count++;
            }
    await tx.CommitAsync();
    return count;
}
