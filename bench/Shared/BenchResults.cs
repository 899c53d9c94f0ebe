using System.Globalization;
using System.Text.Json;

namespace ProvincePortal.Bench;

/// <summary>
/// The machine-readable side of every benchmark: one JSON line per figure, appended to the file named by
/// <c>--risultati FILE</c> on the command line or by the environment variable <c>PP_BENCH_RISULTATI</c>
/// (bench/run sets it). Without either nothing is written and the bench prints its text as before.
/// Line: {"bench","misura","p50Ms","p95Ms","budgetMs","note"}; budgetMs null when the figure has no budget, p50Ms/p95Ms
/// null when it could not be measured (the note says why).
/// </summary>
public static class BenchResults
{
    private static readonly Lazy<string?> Target = new(() =>
    {
        var args = Environment.GetCommandLineArgs();
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i] == "--risultati") return Path.GetFullPath(args[i + 1]);
        var fromEnvironment = Environment.GetEnvironmentVariable("PP_BENCH_RISULTATI");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : Path.GetFullPath(fromEnvironment);
    });

    private static readonly object Gate = new();

    public static string? FilePath => Target.Value;

    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>
    /// Appends one figure; the budget applies to p95 (bench/run marks OLTRE when p95 exceeds it). Label and note are
    /// interpolated strings formatted in Italian (100.000, 1,5), whatever culture the bench prints its text in.
    /// </summary>
    public static void Add(string bench, FormattableString label, double p50Ms, double p95Ms, double? budgetMs, FormattableString? remark = null)
    {
        if (Target.Value is not { } path) return;
        var misura = label.ToString(Italian);
        var note = remark?.ToString(Italian);
        var line = JsonSerializer.Serialize(new
        {
            bench,
            misura,
            p50Ms = double.IsNaN(p50Ms) ? (double?)null : Math.Round(p50Ms, 1),
            p95Ms = double.IsNaN(p95Ms) ? (double?)null : Math.Round(p95Ms, 1),
            budgetMs = budgetMs is { } b && !double.IsNaN(b) ? Math.Round(b, 1) : (double?)null,
            note = string.IsNullOrWhiteSpace(note) ? null : note,
        });
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>Nearest-rank percentile (q in 0..1) of unsorted values, as the benches print them.</summary>
    public static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
