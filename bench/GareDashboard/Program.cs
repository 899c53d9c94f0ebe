using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;
using ProvincePortal.Features.Tenders;

// The Gare dashboard's data call (TenderDashboardService.GetAsync) on a real SQLite database of the app holding
// N generated procedures of one Province (one lot each, a deadline every fifth), as a SUA operator of that Province
// and as a Comune's user; p50/p95 over the timed calls after a warm-up.
var rows = 100_000;
var calls = 40;
var keep = args.Contains("--keep");
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--rows") rows = int.Parse(args[++i]);
    else if (args[i] == "--calls") calls = int.Parse(args[++i]);
}

var directory = Path.Combine(Path.GetTempPath(), "pp-bench-gare-dashboard", Guid.NewGuid().ToString("N"));
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

    int provinceId;
    List<int> comuni;
    await using (var db = await factory.CreateDbContextAsync())
    {
        db.Scope = TenantScope.System;
        provinceId = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        comuni = await db.Comuni.Where(c => c.ProvinceId == provinceId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }

    var fill = Stopwatch.StartNew();
    await GenerateAsync(factory, provinceId, comuni, rows);
    Console.WriteLine($"Generated {rows:N0} procedures (+ {rows:N0} lots, {rows / 5:N0} deadlines) in {fill.Elapsed.TotalSeconds:F1} s; " +
                      $"database {new FileInfo(Path.Combine(directory, "provinceportal.db")).Length / 1048576.0:F0} MiB");

    var sua = new PortalPrincipal("bench-sua", "sua@bench", "SUA", provinceId, null, new HashSet<string> { Roles.SuaOperator });
    var comune = new PortalPrincipal("bench-comune", "comune@bench", "Comune", provinceId, comuni[3], new HashSet<string> { Roles.ComuneUser });
    await MeasureAsync(app, sua, new TenderDashboardFilter(), "SUA operator, all years", calls, "operatore SUA, tutti gli anni");
    await MeasureAsync(app, sua, new TenderDashboardFilter(Anno: 2025), "SUA operator, year 2025", calls, "operatore SUA, anno 2025");
    await MeasureAsync(app, sua, new TenderDashboardFilter(ComuneId: comuni[3]), "SUA operator, one committente", calls, "operatore SUA, un committente");
    await MeasureAsync(app, comune, new TenderDashboardFilter(), "Comune user (own procedures only)", calls, "utente Comune");
}
finally
{
    SqliteConnection.ClearAllPools();
    if (keep) Console.WriteLine($"Database kept in {directory}");
    else try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}

static async Task MeasureAsync(WebApplication app, PortalPrincipal user, TenderDashboardFilter filter, string label, int calls, string misura)
{
    var times = new List<double>();
    var cpu = TimeSpan.Zero;
    TenderDashboard? last = null;
    for (var i = -3; i < calls; i++)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        var service = scope.ServiceProvider.GetRequiredService<TenderDashboardService>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        last = await service.GetAsync(filter);
        watch.Stop();
        if (i < 0) continue; // the first three warm up the JIT and EF's query cache
        times.Add(watch.Elapsed.TotalMilliseconds);
        cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    }
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine($"{label}: {last!.Total:N0} procedures counted; p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, max {times[^1]:F1} ms; " +
                      $"CPU of the process {cpu.TotalMilliseconds / calls:F1} ms per call ({calls} calls)");
    BenchResults.Add("GareDashboard", $"cruscotto Gare: {misura} ({last.Total:N0} procedure)", P(0.50), P(0.95), 150, $"CPU {cpu.TotalMilliseconds / calls:F1} ms per chiamata; {calls} chiamate");
}

// Plain prepared INSERTs in one transaction: the point is the dashboard's reading, not EF's writing (nor the audit trail).
static async Task GenerateAsync(IDbContextFactory<PortalDbContext> factory, int provinceId, List<int> comuni, int rows)
{
    await using var db = await factory.CreateDbContextAsync();
    var connection = (SqliteConnection)db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
    var random = new Random(2026);
    string[] scelte = ["5", "6", "10", "4", "9"];
    var now = DateTime.UtcNow;

    var proc = connection.CreateCommand();
    proc.Transaction = tx;
    proc.CommandText = """
        INSERT INTO Procedures (Id, ProvinceId, ComuneId, Oggetto, Tipo, SceltaContraente, Criterio, Cpv, ImportoBaseCents, OneriSicurezzaCents, Rup,
            Phase, DataPubblicazione, DataAggiudicazione, Anno, RowVersion, CreatedAtUtc, UpdatedAtUtc)
        VALUES ($id, $prov, $comune, $ogg, $tipo, $scelta, 'price', '45233141-9', $base, 0, 'Ing. Bench', $phase, $pub, $agg, $anno, 0, $now, $now)
        """;
    var lot = connection.CreateCommand();
    lot.Transaction = tx;
    lot.CommandText = """
        INSERT INTO Lots (Id, ProvinceId, ProcedureId, Numero, Oggetto, ImportoCents, ImportoAggiudicazioneCents, RibassoPercent, RowVersion)
        VALUES ($id, $prov, $id, 1, 'Lotto unico', $base, $aggv, $rib, 0)
        """;
    var deadline = connection.CreateCommand();
    deadline.Transaction = tx;
    deadline.CommandText = "INSERT INTO ProcedureDeadlines (ProvinceId, ProcedureId, Kind, DueAtUtc) VALUES ($prov, $id, $kind, $due)";
    string[] pNames = ["$id", "$prov", "$comune", "$ogg", "$tipo", "$scelta", "$base", "$phase", "$pub", "$agg", "$anno", "$now"];
    foreach (var n in pNames) proc.Parameters.Add(new SqliteParameter(n, null));
    foreach (var n in new[] { "$id", "$prov", "$base", "$aggv", "$rib" }) lot.Parameters.Add(new SqliteParameter(n, null));
    foreach (var n in new[] { "$prov", "$id", "$kind", "$due" }) deadline.Parameters.Add(new SqliteParameter(n, null));
    proc.Prepare(); lot.Prepare(); deadline.Prepare();

    for (var i = 1; i <= rows; i++)
    {
        var phase = 1 + random.Next(6);
        var year = 2019 + random.Next(8);
        var published = new DateOnly(year, 1 + random.Next(12), 1 + random.Next(28));
        var awarded = phase >= 4 ? published.AddDays(15 + random.Next(200)) : (DateOnly?)null;
        var baseCents = (long)random.Next(1_000, 5_000_000) * 100;
        proc.Parameters["$id"].Value = i;
        proc.Parameters["$prov"].Value = provinceId;
        proc.Parameters["$comune"].Value = random.Next(4) == 0 ? DBNull.Value : comuni[random.Next(comuni.Count)];
        proc.Parameters["$ogg"].Value = $"Procedura generata n. {i}";
        proc.Parameters["$tipo"].Value = 1 + random.Next(3);
        proc.Parameters["$scelta"].Value = scelte[random.Next(scelte.Length)];
        proc.Parameters["$base"].Value = baseCents;
        proc.Parameters["$phase"].Value = phase;
        proc.Parameters["$pub"].Value = phase >= 3 ? published.ToString("yyyy-MM-dd") : DBNull.Value;
        proc.Parameters["$agg"].Value = awarded is { } a ? a.ToString("yyyy-MM-dd") : DBNull.Value;
        proc.Parameters["$anno"].Value = year;
        proc.Parameters["$now"].Value = now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF");
        await proc.ExecuteNonQueryAsync();
        lot.Parameters["$id"].Value = i;
        lot.Parameters["$prov"].Value = provinceId;
        lot.Parameters["$base"].Value = baseCents;
        lot.Parameters["$aggv"].Value = awarded is null ? DBNull.Value : baseCents * (80 + random.Next(20)) / 100;
        lot.Parameters["$rib"].Value = awarded is null ? DBNull.Value : (random.Next(0, 3000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await lot.ExecuteNonQueryAsync();
        if (i % 5 == 0)
        {
            deadline.Parameters["$prov"].Value = provinceId;
            deadline.Parameters["$id"].Value = i;
            deadline.Parameters["$kind"].Value = 1 + random.Next(4);
            deadline.Parameters["$due"].Value = now.AddHours(random.Next(-24 * 90, 24 * 90)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF");
            await deadline.ExecuteNonQueryAsync();
        }
    }
    await tx.CommitAsync();
    // As a production database would have them after ANALYZE: the planner's statistics.
    await using var analyze = connection.CreateCommand();
    analyze.CommandText = "ANALYZE";
    await analyze.ExecuteNonQueryAsync();
}
