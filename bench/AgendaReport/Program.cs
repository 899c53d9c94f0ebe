using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ProvincePortal.Bench;
using ProvincePortal.Cli;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;

// Agenda digitale reports on the AgendaScores data set (7,904 Comuni, every weighted indicator with a value): the
// national Excel, a Province's PDF (Treviso, 94 Comuni; also with a page per Comune) and the national PDF, each timed
// from the request to the bytes (AgendaReportService.BuildAsync + AgendaReportDocument), N runs after a warm-up.
// "warm": the scores snapshot is in the cache, as for a download after the page was opened; "cold": cache emptied first,
// so the time includes scoring every Comune.
var runs = 10;
string? only = null; // --case TEXT: only the cases whose name contains TEXT ("national Excel")
for (var i = 0; i < args.Length - 1; i++)
    if (args[i] == "--runs") runs = int.Parse(args[++i]);
    else if (args[i] == "--case") only = args[++i];

var directory = Path.Combine(Path.GetTempPath(), "pp-bench-agenda-report", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    await using var app = await AgendaBenchData.CreateAppAsync(directory);
    var cache = app.Services.GetRequiredService<AgendaScoreCache>().Cache;

    // CPU time beside the wall time: on the shared machine the wall time follows the load, the CPU time much less.
    var process = Process.GetCurrentProcess();
    async Task<(double Ms, double CpuMs, int Bytes)> Once(AgendaReportRequest request, Func<AgendaReport, byte[]> render, bool cold)
    {
        if (cold) cache.Compact(1.0);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var report = await scope.ServiceProvider.GetRequiredService<AgendaReportService>().BuildAsync(request);
        var bytes = render(report);
        var ms = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (ms, (process.TotalProcessorTime - cpu).TotalMilliseconds, bytes.Length);
    }

    Func<AgendaReport, byte[]> pdf = AgendaReportDocument.Pdf, excel = AgendaReportDocument.Excel;
    // The national Excel as it was written before issue 7 (every sheet through ClosedXML), to compare under the same load.
    Func<AgendaReport, byte[]> closedXml = r =>
    {
        var workbook = new ExcelReport(r.Title, r.Organisation, r.GeneratedAtUtc);
        foreach (var sheet in AgendaReportDocument.ExcelSheets(r)) workbook.Sheet(sheet);
        return workbook.ToBytes();
    };
    var cases = new (string Name, AgendaReportRequest Request, Func<AgendaReport, byte[]> Render, double Budget, string Misura)[]
    {
        ("national Excel (7,904 Comuni)", new("TUTTE"), excel, 3000, "Excel nazionale (7.904 Comuni)"),
        ("Province PDF (Treviso, 94 Comuni)", new("TV"), pdf, 1000, "PDF di una Provincia (Treviso)"),
        ("national PDF", new("TUTTE"), pdf, 5000, "PDF nazionale"),
        ("Province PDF with a page per Comune", new("TV", null, true), pdf, double.NaN, "PDF di Treviso con una pagina per Comune"),
        ("Province Excel (Treviso)", new("TV"), excel, double.NaN, "Excel di Treviso"),
        ("national Excel written by ClosedXML (before issue 7; not in the default run)", new("TUTTE"), closedXml, double.NaN, "Excel nazionale scritto con ClosedXML (prima dell'issue 7)"),
    };
    foreach (var (name, request, render, budget, misura) in cases.Where(c => only is null ? !c.Name.Contains("ClosedXML") : c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        foreach (var cold in new[] { false, true })
        {
            var times = new List<double>();
            var cpus = new List<double>();
            var size = 0;
            for (var i = -1; i < runs; i++)
            {
                var (ms, cpuMs, bytes) = await Once(request, render, cold);
                size = bytes;
                if (i >= 0)
                {
                    times.Add(ms);
                    cpus.Add(cpuMs);
                }
            }
            times.Sort();
            cpus.Sort();
            double P(List<double> list, double q) => list[Math.Min(list.Count - 1, (int)Math.Ceiling(q * list.Count) - 1)];
            var verdict = double.IsNaN(budget) ? "" : P(times, 0.95) <= budget ? $" (budget {budget:N0} ms: met)" : $" (budget {budget:N0} ms: NOT met)";
            Console.WriteLine($"{name}, {(cold ? "cold" : "warm")}: p50 {P(times, 0.5):N0} ms, p95 {P(times, 0.95):N0} ms, max {times[^1]:N0} ms; " +
                              $"CPU p50 {P(cpus, 0.5):N0} ms; {size / 1024.0:N0} KB{verdict}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            BenchResults.Add("AgendaReport", $"report Agenda: {misura}, {(cold ? "punteggi ricalcolati" : "punteggi in cache")}", P(times, 0.5), P(times, 0.95), double.IsNaN(budget) ? null : budget,
                $"{size / 1024.0:N0} KB; CPU p50 {P(cpus, 0.5):N0} ms; {runs} {(runs == 1 ? "prova" : "prove")}");
        }
    Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}
