using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ProvincePortal.Bench;
using ProvincePortal.Cli;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Identity;

// Agenda digitale reports on the AgendaScores data set (7,904 Comuni, every weighted indicator with a value): the
// national Excel, a Province's PDF (Treviso, 94 Comuni; also with a page per Comune) and the national PDF, each timed
// from the request to the bytes (AgendaReportService.BuildAsync + AgendaReportDocument), N runs after a warm-up.
// "warm": the scores snapshot is in the cache, as for a download after the page was opened; "cold": cache emptied first,
// so the time includes scoring every Comune.
var runs = 10;
for (var i = 0; i < args.Length - 1; i++)
    if (args[i] == "--runs") runs = int.Parse(args[++i]);

var directory = Path.Combine(Path.GetTempPath(), "pp-bench-agenda-report", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    await using var app = await AgendaBenchData.CreateAppAsync(directory);
    var cache = app.Services.GetRequiredService<AgendaScoreCache>().Cache;

    async Task<(double Ms, int Bytes)> Once(AgendaReportRequest request, bool pdf, bool cold)
    {
        if (cold) cache.Compact(1.0);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
        var watch = Stopwatch.StartNew();
        var report = await scope.ServiceProvider.GetRequiredService<AgendaReportService>().BuildAsync(request);
        var bytes = pdf ? AgendaReportDocument.Pdf(report) : AgendaReportDocument.Excel(report);
        return (watch.Elapsed.TotalMilliseconds, bytes.Length);
    }

    var cases = new (string Name, AgendaReportRequest Request, bool Pdf, double Budget, string Misura)[]
    {
        ("national Excel (7,904 Comuni)", new("TUTTE"), false, 3000, "Excel nazionale (7.904 Comuni)"),
        ("Province PDF (Treviso, 94 Comuni)", new("TV"), true, 1000, "PDF di una Provincia (Treviso)"),
        ("national PDF", new("TUTTE"), true, 5000, "PDF nazionale"),
        ("Province PDF with a page per Comune", new("TV", null, true), true, double.NaN, "PDF di Treviso con una pagina per Comune"),
        ("Province Excel (Treviso)", new("TV"), false, double.NaN, "Excel di Treviso"),
    };
    foreach (var (name, request, pdf, budget, misura) in cases)
        foreach (var cold in new[] { false, true })
        {
            var times = new List<double>();
            var size = 0;
            for (var i = -1; i < runs; i++)
            {
                var (ms, bytes) = await Once(request, pdf, cold);
                size = bytes;
                if (i >= 0) times.Add(ms);
            }
            times.Sort();
            double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
            var verdict = double.IsNaN(budget) ? "" : P(0.95) <= budget ? $" (budget {budget:N0} ms: met)" : $" (budget {budget:N0} ms: NOT met)";
            Console.WriteLine($"{name}, {(cold ? "cold" : "warm")}: p50 {P(0.5):N0} ms, p95 {P(0.95):N0} ms, max {times[^1]:N0} ms; {size / 1024.0:N0} KB{verdict}");
            BenchResults.Add("AgendaReport", $"report Agenda: {misura}, {(cold ? "punteggi ricalcolati" : "punteggi in cache")}", P(0.5), P(0.95), double.IsNaN(budget) ? null : budget,
                $"{size / 1024.0:N0} KB; {runs} prove");
        }
    Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}
