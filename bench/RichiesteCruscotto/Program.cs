using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Requests.Dashboard;
using ProvincePortal.Features.Territory;

// The "Richieste Comuni" dashboard (RequestDashboardService.GetAsync: grouped pass, three median queries, alerts) over
// N generated requests (default 100,000, see RequestGenerator in bench/RichiesteList) as Treviso's Dirigente, for the
// whole three years, for one year and for one month; p50/p95 after a warm-up. The first call of each case is checked
// against figures computed here from the rows themselves (counts, shares, averages and medians, overall, per Comune
// and per service). A fresh database per run (generation takes a few seconds at this size).
var rows = 100_000;
var calls = 30;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--rows") rows = int.Parse(args[++i]);
    else if (args[i] == "--runs") calls = int.Parse(args[++i]);
}
var directory = Path.Combine(Path.GetTempPath(), "pp-bench-richieste-cruscotto", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
    builder.Configuration["DataDirectory"] = directory;
    builder.Configuration["Database:Provider"] = "Sqlite";
    builder.Configuration["Logging:LogLevel:Default"] = "Error";
    builder.Configuration["Requests:JobsEnabled"] = "false";
    builder.AddPortal();
    await using var app = builder.Build();
    CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
    var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
        await db.Database.MigrateAsync();
    await using (var scope = app.Services.CreateAsyncScope())
        await scope.ServiceProvider.GetRequiredService<IstatImportService>().ImportFileAsync(IstatImportService.SeedFile, null, "benchmark");
    var took = await RequestGenerator.FillAsync(factory, rows);

    int treviso;
    await using (var db = await factory.CreateDbContextAsync())
    {
        db.Scope = TenantScope.System;
        treviso = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        Console.WriteLine($"generated {rows:N0} requests in {took.TotalSeconds:F1} s ({await db.ServiceRequests.CountAsync(r => r.ProvinceId == treviso):N0} of Treviso); load average {LoadAverage()}");
    }

    var dirigente = new PortalPrincipal("bench-dirigente", "dirigente@bench", "Dirigente", treviso, null, new HashSet<string> { Roles.Manager });
    var cases = new (string Label, RequestDashboardFilter Filter)[]
    {
        ("whole period 2024-2026", new(new DateOnly(2024, 1, 1), new DateOnly(2026, 12, 31))),
        ("year 2025", new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))),
        ("one month (March 2025)", new(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31))),
    };
    foreach (var (label, filter) in cases)
    {
        var times = new List<double>();
        var cpu = TimeSpan.Zero;
        RequestDashboard? last = null;
        for (var n = -2; n < calls; n++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(dirigente);
            var service = scope.ServiceProvider.GetRequiredService<RequestDashboardService>();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            last = await service.GetAsync(filter);
            watch.Stop();
            if (n < 0) continue;
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            if (n == 0) await CheckAsync(factory, treviso, filter, last, label);
        }
        times.Sort();
        Console.WriteLine($"{label}: {last!.Totals.Filed:N0} requests, {last.ByComune.Count} Comuni, {last.ByService.Count} services; " +
                          $"p50 {P(times, 50):F1} ms, p95 {P(times, 95):F1} ms, max {times[^1]:F1} ms; CPU {cpu.TotalMilliseconds / calls:F1} ms per call; checked OK");
        BenchResults.Add("RichiesteCruscotto", $"cruscotto Richieste: {label} ({last.Totals.Filed:N0} richieste)", P(times, 50), P(times, 95), 2000,
            $"CPU {cpu.TotalMilliseconds / calls:F1} ms per chiamata; cifre verificate sulle righe");
    }
    Console.WriteLine($"load average {LoadAverage()}");
}
finally
{
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}

static double P(List<double> sorted, int q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q / 100.0 * sorted.Count) - 1)];

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

// The figures from the rows themselves, loaded whole: what the dashboard must equal.
static async Task CheckAsync(IDbContextFactory<PortalDbContext> factory, int province, RequestDashboardFilter f, RequestDashboard d, string label)
{
    await using var db = await factory.CreateDbContextAsync();
    db.Scope = TenantScope.System;
    var from = ProvincePortal.Localization.Formats.StartOfDayUtc(f.From);
    var to = ProvincePortal.Localization.Formats.StartOfDayUtc(f.To.AddDays(1));
    var list = await db.ServiceRequests.AsNoTracking().Where(r => r.ProvinceId == province && r.CreatedAtUtc >= from && r.CreatedAtUtc < to).ToListAsync();
    void Same(string what, SlaGroupFigure actual, List<ServiceRequest> group)
    {
        var taken = group.Where(r => r.TakeChargeWorkingMinutes != null).ToList();
        var solved = group.Where(r => r.ResolveWorkingMinutes != null).Select(r => r.ResolveWorkingMinutes!.Value).Order().ToList();
        double? median = solved.Count == 0 ? null : (solved[(solved.Count - 1) / 2] + solved[solved.Count / 2]) / 2.0;
        var expected = (group.Count, group.Count(r => r.Status != RequestStatus.Chiusa), taken.Count, taken.Count(r => r.TakeChargeMarginMinutes >= 0),
            solved.Count, group.Count(r => r.ResolveWorkingMinutes != null && r.ResolveMarginMinutes >= 0),
            solved.Count == 0 ? (double?)null : Math.Round(solved.Average(), 6), median);
        var got = (actual.Filed, actual.Open, actual.TakenInCharge, actual.TakenWithinSla, actual.Solved, actual.SolvedWithinSla,
            actual.AverageResolveMinutes is { } a ? Math.Round(a, 6) : (double?)null, actual.MedianResolveMinutes);
        if (expected != got) throw new InvalidOperationException($"{label}, {what}: dashboard {got}, rows {expected}");
    }
    Same("totals", d.Totals, list);
    foreach (var c in d.ByComune) Same($"Comune {c.Label}", c, list.Where(r => (r.ComuneId ?? -1) == (c.Id ?? -1)).ToList());
    foreach (var s in d.ByService) Same($"service {s.Label}", s, list.Where(r => r.ServiceId == s.Id).ToList());
    if (d.ByComune.Sum(c => c.Filed) != list.Count || d.ByService.Sum(s => s.Filed) != list.Count)
        throw new InvalidOperationException($"{label}: the groups do not add up to {list.Count}");
    foreach (var s in d.ByState)
        if (s.Count != list.Count(r => r.Status == s.Status)) throw new InvalidOperationException($"{label}: state {s.Status}");
}
