using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ProvincePortal.Bench.Circuiti;

// Concurrent Blazor Server circuits against the real app (see bench/README.md, "Circuiti").
//   dotnet run -c Release --project bench/Circuiti -- --idle 5000
//   dotnet run -c Release --project bench/Circuiti -- --active 500 --durata 60s
// Options: --url URL (an app already running; otherwise the Release build is started on a fresh data folder),
// --app path/ProvincePortal.dll, --dati DIR (reuse a data folder), --rampa N (circuits opened per second, default 50), --tieni 30s (idle hold),
// --utenti a@demo.it,b@demo.it, --pagine richieste,gare (the lists in the cycle, then the dashboard; all by default), --server-env KEY=VALUE (repeatable: GC settings for the started app), --trace,
// --cronologia (latency second by second), --riscaldamento 20s (also the figures of the actions sent after the first 20 s),
// --avvio 10s (the users' first actions spread over 10 s instead of 1 s), --ritmo fisso (each user's actions exactly 1 s
// apart; by default 0.5–1.5 s, mean 1 s).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = Options.Parse(args);
if (options.PagePaths is { } chosenPages) Pages.Choose(chosenPages);
if (options.Trace) BlazorCircuit.Trace = true;
// No raised thread-pool minimum: idle pool threads spin before they sleep, and that spinning was half of the client's
// CPU (dotnet-trace, LowLevelLifoSemaphore.Wait) on the cores the server needs; see also Circuiti.csproj.

using var server = options.Url is null ? await AppProcess.StartAsync(options) : null;
var baseUri = new Uri(options.Url ?? server!.Url);
Console.WriteLine($"Applicazione: {baseUri} {(server is null ? "(esterna: memoria non misurata)" : $"pid {server.Pid}, {server.CpuNote}")}");
Console.WriteLine($"Carico medio all'inizio: {LoadAverage()}; ulimit -n del client: {FileLimit()}");

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

// One sign-in per account (the password hash costs ~100 ms of CPU on purpose); the circuits of an account share its
// cookies like the tabs of one browser.
var accounts = new List<(string Email, System.Net.CookieContainer Cookies, HttpClient Http)>();
foreach (var email in options.Users)
{
    var cookies = await BlazorCircuit.LoginAsync(baseUri, email, options.Password, cts.Token);
    accounts.Add((email, cookies, BlazorCircuit.NewHttpClient(baseUri, cookies)));
}

// Warm-up: one circuit through every page so JIT and first-query costs are not charged to the measured circuits.
await using (var warm = await BlazorCircuit.OpenAsync(accounts[0].Http, accounts[0].Cookies, Pages.Dashboard.Path, Pages.Dashboard.Text, options.Timeout, cts.Token))
    foreach (var page in Pages.Cycle) await warm.NavigateAsync(page.Path, page.Text, options.Quiet, options.Timeout, cts.Token);
await Task.Delay(TimeSpan.FromSeconds(3));
var before = server?.Memory();
if (before is not null) Console.WriteLine($"Server prima dei circuiti: {before}");

var total = options.Idle ?? options.Active ?? 0;
var circuits = new BlazorCircuit?[total];
var failures = new ConcurrentDictionary<string, int>();
var openTimes = new ConcurrentBag<double>();
var sw = Stopwatch.StartNew();
var peakRss = 0L;
using (var gate = new SemaphoreSlim(options.Parallel))
{
    var tasks = new List<Task>(total);
    for (var i = 0; i < total && !cts.IsCancellationRequested; i++)
    {
        // Ramp: circuit i starts no earlier than i / rate seconds after the first.
        var due = TimeSpan.FromSeconds(i / options.Ramp) - sw.Elapsed;
        if (due > TimeSpan.Zero) await Task.Delay(due);
        await gate.WaitAsync();
        var index = i;
        var account = accounts[i % accounts.Count];
        tasks.Add(Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                circuits[index] = await BlazorCircuit.OpenAsync(account.Http, account.Cookies, Pages.Dashboard.Path, Pages.Dashboard.Text, options.Timeout, cts.Token,
                    Pages.NextPage, Pages.PreviousPage);
                openTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e) { failures.AddOrUpdate(Short(e), 1, (_, n) => n + 1); }
            finally { gate.Release(); }
        }));
        if (i > 0 && i % 500 == 0)
        {
            var m = server?.Memory();
            if (m is not null) peakRss = Math.Max(peakRss, m.RssKb);
            Console.WriteLine($"  {i} circuiti avviati in {sw.Elapsed.TotalSeconds:0} s{(m is null ? "" : $", server {m}")}, falliti {failures.Values.Sum()}");
        }
    }
    await Task.WhenAll(tasks);
}
var open = circuits.Count(c => c is not null && c.Error is null);
Console.WriteLine($"Circuiti aperti: {open} di {total} in {sw.Elapsed.TotalSeconds:0.0} s; apertura p50 {Percentile(openTimes, 50):0} ms, p95 {Percentile(openTimes, 95):0} ms");

var actions = new ConcurrentDictionary<string, ConcurrentBag<BlazorCircuit.NavigationTiming>>();
var navigationErrors = new ConcurrentDictionary<string, int>();
TimeSpan clientCpu = default, serverCpu = default, activeWall = default;
var machineBusy = double.NaN;
var usersActive = 0;
var activeStartTimestamp = 0L;
long pagerWaitTicks = 0, pagerWaits = 0, pagerMissed = 0;
// The client's own lag: a probe asks to wake every 20 ms and records how late it runs (timer, then the client's thread
// pool). The latencies are taken by the client, so a late client would add to them: this says by how much.
var lags = new ConcurrentQueue<(long At, double LagMs)>();
if (options.Active is not null)
{
    Console.WriteLine($"Utenti attivi: {open}, {(options.FixedPace ? "un'azione al secondo esatto" : "un'azione ogni 0,5–1,5 s (media 1 s)")} ciascuno per {options.Duration.TotalSeconds:0} s, {options.Mix}…");
    var clientCpuBefore = ProcessCpu.Of(null);
    var machineBefore = ProcessCpu.Machine();
    var activeStart = Stopwatch.GetTimestamp();
    activeStartTimestamp = activeStart;
    var serverCpuBefore = server is null ? TimeSpan.Zero : ProcessCpu.Of(server.Pid);
    var end = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
    var probe = Task.Run(async () =>
    {
        var period = TimeSpan.FromMilliseconds(20);
        while (Stopwatch.GetTimestamp() < end && !cts.IsCancellationRequested)
        {
            var asked = Stopwatch.GetTimestamp();
            await Task.Delay(period);
            var woke = Stopwatch.GetTimestamp();
            lags.Enqueue((asked, Math.Max(0, Stopwatch.GetElapsedTime(asked, woke).TotalMilliseconds - period.TotalMilliseconds)));
        }
    });
    var users = circuits.Where(c => c is not null && c.Error is null).Select((c, n) => Task.Run(async () =>
    {
        // Spread the users over the first second (--avvio), then about one action per second each (an action that takes
        // longer delays the next one rather than piling up, as a real user waits for the page). The pause before the next
        // action varies between 0.5 and 1.5 s (mean 1 s) unless --ritmo fisso: on a fixed one-second schedule the users
        // whose actions a stall (a collection) delayed were served together, went on together and stayed in step, so one
        // stall left bursts of hundreds of actions arriving at the same instant every second for the rest of the run.
        var rng = new Random(n);
        await Task.Delay(rng.Next((int)Math.Max(1, options.Spread.TotalMilliseconds)));
        var next = Stopwatch.GetTimestamp();
        // Every user is on the dashboard: start on one of the lists, never on the page already shown (a navigation to
        // the current page renders nothing new and would wait for a batch that never comes).
        var step = n % (Pages.Cycle.Length - 1);
        var current = Pages.Dashboard;
        var gridPage = 1;
        while (Stopwatch.GetTimestamp() < end && !cts.IsCancellationRequested && c!.Error is null)
        {
            // On a list, the user pages its grid (next, then back) with the mix's probability; otherwise, and always
            // on the dashboard (no grid) or on a list with a single page, the user moves to the next page of the cycle.
            var button = gridPage == 1 ? Pages.NextPage : Pages.PreviousPage;
            var wantsPaging = current.HasGrid && rng.Next(100) < options.Mix.PagingPercent;
            // A user who means to page waits for the rows and the enabled pager button (a browser user cannot click a
            // disabled one): on a saturated server they arrive after the navigation's quiet period. The wait belongs to
            // the page's loading, not to an action; it ends as soon as the grid shows a single page.
            var waitStart = Stopwatch.GetTimestamp();
            if (wantsPaging) await WaitForPagerAsync(c, button, end, options.Timeout, cts.Token);
            var paging = wantsPaging && c.HasClickTarget(button) && c.GridTotal > 25;
            if (wantsPaging)
            {
                Interlocked.Add(ref pagerWaitTicks, Stopwatch.GetTimestamp() - waitStart);
                Interlocked.Increment(ref pagerWaits);
                if (!paging) Interlocked.Increment(ref pagerMissed);
            }
            var kind = paging ? "paginazione" : "navigazione";
            try
            {
                BlazorCircuit.NavigationTiming timing;
                if (paging)
                {
                    timing = gridPage == 1
                        ? await c.ClickAsync(Pages.NextPage, $"26-50 {Pages.Of}", options.Quiet, options.Timeout, cts.Token)
                        : await c.ClickAsync(Pages.PreviousPage, $"1-25 {Pages.Of}", options.Quiet, options.Timeout, cts.Token);
                    gridPage = 3 - gridPage;
                }
                else
                {
                    var page = Pages.Cycle[step++ % Pages.Cycle.Length];
                    timing = await c.NavigateAsync(page.Path, page.Text, options.Quiet, options.Timeout, cts.Token);
                    current = page;
                    gridPage = 1;
                }
                actions.GetOrAdd(kind, _ => []).Add(timing);
            }
            catch (Exception e) { navigationErrors.AddOrUpdate(kind + ": " + Short(e), 1, (_, k) => k + 1); }
            next += options.FixedPace ? Stopwatch.Frequency : (long)(Stopwatch.Frequency * (0.5 + rng.NextDouble()));
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            else next = Stopwatch.GetTimestamp();
        }
    })).ToArray();
    usersActive = users.Length;
    var watch = Task.WhenAll(users.Append(probe));
    while (!watch.IsCompleted)
    {
        await Task.WhenAny(watch, Task.Delay(10_000));
        var m = server?.Memory();
        if (m is not null) peakRss = Math.Max(peakRss, m.RssKb);
        Console.WriteLine($"  {actions.Values.Sum(a => a.Count)} azioni, {navigationErrors.Values.Sum()} errori{(m is null ? "" : $", server {m}")}, carico {LoadAverage()}");
    }
    clientCpu = ProcessCpu.Of(null) - clientCpuBefore;
    if (server is not null) serverCpu = ProcessCpu.Of(server.Pid) - serverCpuBefore;
    activeWall = Stopwatch.GetElapsedTime(activeStart);
    var machineAfter = ProcessCpu.Machine();
    if (machineAfter.Total > machineBefore.Total)
        machineBusy = 100.0 * (machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total);
}
else
{
    Console.WriteLine($"Circuiti inattivi aperti: attesa di {options.Hold.TotalSeconds:0} s…");
    await Task.Delay(options.Hold);
}

var after = server?.Memory();
var alive = circuits.Count(c => c is not null && c.Error is null);
Console.WriteLine();
Console.WriteLine($"== Risultato ({(options.Active is null ? $"--idle {total}" : $"--active {total} --durata {options.Duration.TotalSeconds:0}s")}) ==");
Console.WriteLine($"Circuiti aperti: {open}, falliti all'apertura: {total - open}, ancora vivi alla fine: {alive}");
foreach (var (reason, n) in failures.OrderByDescending(f => f.Value).Take(5)) Console.WriteLine($"  apertura fallita ×{n}: {reason}");
foreach (var c in circuits.Where(c => c?.Error is not null).GroupBy(c => c!.Error).OrderByDescending(g => g.Count()).Take(5))
    Console.WriteLine($"  circuito chiuso ×{c.Count()}: {c.Key}");
if (before is not null && after is not null)
{
    peakRss = Math.Max(peakRss, after.RssKb);
    Console.WriteLine($"Server RSS prima {before.RssKb / 1024} MB, dopo {after.RssKb / 1024} MB, picco osservato {Math.Max(peakRss, after.HwmKb) / 1024} MB; thread {after.Threads}");
    if (open > 0) Console.WriteLine($"MB per circuito (RSS dopo − prima) / aperti: {(after.RssKb - before.RssKb) / 1024.0 / open:0.00}");
}
if (options.Active is not null)
{
    var all = actions.Values.SelectMany(a => a).ToList();
    Console.WriteLine($"Azioni: {all.Count} ({all.Count / options.Duration.TotalSeconds:0.0}/s), errori {navigationErrors.Values.Sum()}");
    void PrintLatencies(Func<BlazorCircuit.NavigationTiming, bool> included)
    {
        foreach (var (kind, timings) in actions.OrderBy(a => a.Key).Select(a => (a.Key, a.Value.Where(included).ToList())).Prepend(("tutte", all.Where(included).ToList())))
        {
            var rendered = timings.Select(n => n.Rendered.TotalMilliseconds).ToList();
            var settled = timings.Select(n => n.Settled.TotalMilliseconds).ToList();
            Console.WriteLine($"  {kind,-12} {timings.Count,6}  renderizzata p50 {Percentile(rendered, 50):0} ms  p95 {Percentile(rendered, 95):0} ms  p99 {Percentile(rendered, 99):0} ms" +
                              $"  | completa p50 {Percentile(settled, 50):0} ms  p95 {Percentile(settled, 95):0} ms  max {settled.DefaultIfEmpty().Max():0} ms");
        }
    }
    PrintLatencies(_ => true);
    if (options.WarmUp > TimeSpan.Zero)
    {
        // Every user starts in the same second, on a server just started (its code still at the first JIT tier): the
        // queue of that burst takes a while to drain. Shown apart, never instead of the figures above.
        var cut = activeStartTimestamp + (long)(options.WarmUp.TotalSeconds * Stopwatch.Frequency);
        var steady = all.Where(t => t.SentAt >= cut).ToList();
        var steadySeconds = options.Duration.TotalSeconds - options.WarmUp.TotalSeconds;
        Console.WriteLine($"A regime (azioni inviate dopo i primi {options.WarmUp.TotalSeconds:0} s): {steady.Count} ({(steadySeconds > 0 ? steady.Count / steadySeconds : 0):0.0}/s)");
        PrintLatencies(t => t.SentAt >= cut);
        var steadyLags = lags.Where(l => l.At >= cut).Select(l => l.LagMs).ToList();
        if (steadyLags.Count > 0)
            Console.WriteLine($"  ritardo del client a regime (sonda ogni 20 ms): p50 {Percentile(steadyLags, 50):0} ms  p95 {Percentile(steadyLags, 95):0} ms  max {steadyLags.Max():0} ms");
    }
    foreach (var (reason, n) in navigationErrors.OrderByDescending(f => f.Value).Take(5)) Console.WriteLine($"  errore ×{n}: {reason}");
    // The wait for the rows and the enabled pager before a paging is not timed as an action: shown here, so that users
    // held up by it (fewer actions asked) do not pass unseen.
    Console.WriteLine($"Attese del paginatore prima di paginare: {pagerWaits}, in tutto {pagerWaitTicks / (double)Stopwatch.Frequency:0.0} s " +
                      $"(media {(pagerWaits == 0 ? 0 : pagerWaitTicks / (double)Stopwatch.Frequency / pagerWaits * 1000):0} ms), senza paginatore alla fine {pagerMissed}");
    if (options.Timeline)
    {
        // Second by second of the active phase: actions sent in that second and how long they took to render. Slow
        // actions bunched in a few seconds point to a stall (a collection, a periodic job); spread evenly, to a queue.
        // The last column is the client's own lag in that second (p95 of the probe).
        Console.WriteLine("  secondo  azioni  p50 ms  p95 ms  max ms  ritardo client p95 ms");
        var lagBySecond = lags.GroupBy(l => (int)Stopwatch.GetElapsedTime(activeStartTimestamp, l.At).TotalSeconds)
            .ToDictionary(g => g.Key, g => Percentile(g.Select(l => l.LagMs), 95));
        foreach (var second in all.GroupBy(t => (int)Stopwatch.GetElapsedTime(activeStartTimestamp, t.SentAt).TotalSeconds).OrderBy(g => g.Key))
        {
            var ms = second.Select(t => t.Rendered.TotalMilliseconds).ToList();
            Console.WriteLine($"  {second.Key,7}  {ms.Count,6}  {Percentile(ms, 50),6:0}  {Percentile(ms, 95),6:0}  {ms.Max(),6:0}  {lagBySecond.GetValueOrDefault(second.Key, double.NaN),6:0}");
        }
    }
    // CPU per action: the client (SignalR, MessagePack, the batch search) and the app share the 2 cores.
    var perAction = (TimeSpan cpu) => all.Count == 0 ? double.NaN : cpu.TotalMilliseconds / all.Count;
    Console.WriteLine($"CPU durante le azioni: client {clientCpu.TotalSeconds:0.0} s ({perAction(clientCpu):0.00} ms per azione)" +
                      (server is null ? "" : $", server {serverCpu.TotalSeconds:0.0} s ({perAction(serverCpu):0.0} ms per azione)"));
    // Asked: every active user wants one action a second; served: the actions completed. With the server's share near
    // 100 % of its cores the gap is the server's saturation, not the client's pace.
    var seconds = activeWall.TotalSeconds;
    var cores = Math.Min(Environment.ProcessorCount, 2);
    Console.WriteLine($"Azioni al secondo: chieste {usersActive:0.0}, servite {all.Count / seconds:0.0} (fase attiva {seconds:0.0} s)");
    Console.WriteLine($"Quota dei {cores} core: client {100 * clientCpu.TotalSeconds / seconds / cores:0} %" +
                      (server is null ? "" : $", server {100 * serverCpu.TotalSeconds / seconds / cores:0} %") +
                      $"; macchina intera ({Environment.ProcessorCount} core) occupata {machineBusy:0} %, altri processi compresi");
}
Console.WriteLine($"Render batch ricevuti: {circuits.Sum(c => c?.RenderBatches ?? 0)} ({circuits.Sum(c => c?.BatchBytes ?? 0) / 1024.0 / 1024.0:N1} MB), chiamate JS risposte: {circuits.Sum(c => c?.JsCalls ?? 0)}");
// Keep-alive: the JS client pings after 15 s without sending; a connection the server closes although this client
// sent within its 30 s ClientTimeoutInterval was not closed for the client's silence.
var pings = BlazorCircuit.Pings.Stats;
Console.WriteLine($"Ping di keep-alive inviati: {pings.Sent}, il più tardivo {pings.MaxLate.TotalSeconds:0.0} s oltre i 15 s");
var silences = circuits.Where(c => c?.SilenceAtClose is not null).Select(c => c!.SilenceAtClose!.Value).ToList();
if (silences.Count > 0)
    Console.WriteLine($"Connessioni chiuse: {silences.Count}; alla chiusura il client aveva inviato da max {silences.Max(s => s.SinceSent):0.0} s " +
                      $"(p50 {Percentile(silences.Select(s => s.SinceSent), 50):0.0} s) e ricevuto da max {silences.Max(s => s.SinceReceived):0.0} s " +
                      $"(p50 {Percentile(silences.Select(s => s.SinceReceived), 50):0.0} s)");
Console.WriteLine($"Carico medio alla fine: {LoadAverage()}");

await Parallel.ForEachAsync(circuits.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c!.DisposeAsync());
foreach (var a in accounts) a.Http.Dispose();
return alive == total && navigationErrors.IsEmpty ? 0 : 1;

static async Task WaitForPagerAsync(BlazorCircuit c, string button, long end, TimeSpan timeout, CancellationToken ct)
{
    // At most 15 s: an empty grid never shows a total.
    var until = Math.Min(end, Stopwatch.GetTimestamp() + (long)(Math.Min(timeout.TotalSeconds, 15) * Stopwatch.Frequency));
    while (Stopwatch.GetTimestamp() < until && c.Error is null && !(c.GridTotal >= 0 && (c.GridTotal <= 25 || c.HasClickTarget(button))))
        await Task.Delay(50, ct);
}

static string Short(Exception e) => (e is AggregateException a ? a.InnerException ?? e : e).Message is var m && m.Length > 160 ? m[..160] : (e is AggregateException b ? b.InnerException ?? e : e).Message;

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.OrderBy(v => v).ToArray();
    if (sorted.Length == 0) return double.NaN;
    var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static string FileLimit()
{
    try
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return line is null ? "?" : string.Join('/', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3..5]);
    }
    catch (IOException) { return "?"; }
}

/// <summary>The pages a user moves between: the dashboard every officer opens and the three services' lists.</summary>
internal static class Pages
{
    public record Page(string Path, string Text, bool HasGrid);

    // The MudDataGrid pager's buttons and range text, as the app's Italian MudBlazor localizer renders them.
    public const string NextPage = "Pagina successiva";
    public const string PreviousPage = "Pagina precedente";
    public const string Of = "di";

    // Text that only that page's render carries once it shows what the user came for: the dashboard's greeting; on a
    // list, the pager's caption, which ServerTable renders only with the rows (the grid's data-testid is already in the
    // render that shows the empty table while the first page loads, so it would time the navigation too early).
    public const string ListLoaded = "Righe per pagina:";
    public static readonly Page Dashboard = new("/", "Benvenuto", false);
    public static readonly Page[] Lists =
    [
        new("/richieste", ListLoaded, true),
        new("/gare", ListLoaded, true),
        new("/bandi", ListLoaded, true),
    ];

    // The lists chosen with --pagine (all by default), then the dashboard.
    public static Page[] Cycle { get; private set; } = [.. Lists, Dashboard];

    public static void Choose(string[] paths)
    {
        var chosen = paths.Select(p => Lists.FirstOrDefault(l => l.Path == "/" + p.Trim('/'))
                                       ?? throw new ArgumentException($"--pagine: pagina sconosciuta «{p}» (richieste, gare, bandi)."));
        Cycle = [.. chosen, Dashboard];
    }
}

internal sealed record Options
{
    public string? Url { get; init; }
    public string? App { get; init; }
    public string? DataDirectory { get; init; }
    public int? Idle { get; init; }
    public int? Active { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(30);
    public double Ramp { get; init; } = 50;
    public int Parallel { get; init; } = 32;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(200);
    public string[] Users { get; init; } = ["provincia@demo.it", "dirigente@demo.it", "comune@demo.it"];
    public string Password { get; init; } = "Demo-2026!";
    public List<string> ServerEnv { get; } = [];
    public bool Trace { get; init; }
    public bool Timeline { get; init; }
    public TimeSpan WarmUp { get; init; }
    /// <summary>Over how long the users' first actions are spread (then one a second each).</summary>
    public TimeSpan Spread { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Each user's actions exactly one second apart (--ritmo fisso), instead of 0.5–1.5 s (mean 1 s).</summary>
    public bool FixedPace { get; init; }
    public ActionMix Mix { get; init; } = ActionMix.NavigationOnly;
    public string[]? PagePaths { get; init; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: manca il valore.");
            o = args[i] switch
            {
                "--url" => o with { Url = Next().TrimEnd('/') + "/" },
                "--app" => o with { App = Next() },
                "--dati" => o with { DataDirectory = Path.GetFullPath(Next()) },
                "--idle" => o with { Idle = int.Parse(Next()) },
                "--active" => o with { Active = int.Parse(Next()) },
                "--durata" => o with { Duration = Seconds(Next()) },
                "--tieni" => o with { Hold = Seconds(Next()) },
                "--rampa" => o with { Ramp = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--parallele" => o with { Parallel = int.Parse(Next()) },
                "--timeout" => o with { Timeout = Seconds(Next()) },
                "--quiete" => o with { Quiet = TimeSpan.FromMilliseconds(int.Parse(Next().TrimEnd('s', 'm'))) },
                "--utenti" => o with { Users = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--server-env" => o.With(e => e.ServerEnv.Add(Next())),
                "--trace" => o with { Trace = true },
                "--cronologia" => o with { Timeline = true },
                "--riscaldamento" => o with { WarmUp = Seconds(Next()) },
                "--avvio" => o with { Spread = Seconds(Next()) },
                "--ritmo" => Next() switch
                {
                    "fisso" => o with { FixedPace = true },
                    "variabile" => o with { FixedPace = false },
                    var v => throw new ArgumentException($"--ritmo {v}: valori ammessi fisso, variabile."),
                },
                "--azioni" => o with { Mix = ActionMix.Parse(Next()) },
                "--pagine" => o with { PagePaths = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                _ => throw new ArgumentException($"Opzione sconosciuta: {args[i]}"),
            };
        }
        if (o.Idle is null == o.Active is null) throw new ArgumentException("Indicare --idle N oppure --active N.");
        return o;
    }

    private Options With(Action<Options> change) { change(this); return this; }

    private static TimeSpan Seconds(string value) =>
        TimeSpan.FromSeconds(double.Parse(value.TrimEnd('s'), CultureInfo.InvariantCulture));
}

/// <summary>User + system CPU time of a process from /proc/&lt;pid&gt;/stat (clock ticks of 10 ms).</summary>
internal static class ProcessCpu
{
    public static TimeSpan Of(int? pid)
    {
        try
        {
            var stat = File.ReadAllText(pid is null ? "/proc/self/stat" : $"/proc/{pid}/stat");
            // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException) { return TimeSpan.Zero; }
    }

    /// <summary>Busy and total clock ticks of the whole machine (first line of /proc/stat; idle and iowait are not busy).</summary>
    public static (long Busy, long Total) Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = ticks.Sum();
            return (total - ticks[3] - ticks[4], total);
        }
        catch (IOException) { return (0, 0); }
    }
}

/// <summary>
/// What an active user does each second. "navigazione" only (the default): an in-app link to the next page of the
/// cycle. "realistica": on a list, 60 % of the actions page the grid (next page, then back: a DispatchEventAsync click
/// on the pager, a server-side query and the rows re-rendered) and 40 % navigate on; on the dashboard every action is a
/// navigation — an officer browses a list for a few pages before moving on. "paginazione=P" sets P.
/// </summary>
internal sealed record ActionMix(int PagingPercent)
{
    public static readonly ActionMix NavigationOnly = new(0);

    public static ActionMix Parse(string value) => value switch
    {
        "navigazione" => NavigationOnly,
        "realistica" => new(60),
        _ when value.StartsWith("paginazione=", StringComparison.Ordinal) && int.TryParse(value[12..], out var p) && p is >= 0 and <= 100 => new(p),
        _ => throw new ArgumentException($"--azioni {value}: valori ammessi navigazione, realistica, paginazione=0..100."),
    };

    public override string ToString() => PagingPercent == 0
        ? "solo navigazioni"
        : $"sulle liste {PagingPercent} % paginazione della griglia e {100 - PagingPercent} % navigazione, sul cruscotto navigazione";
}

internal sealed record ServerMemory(long RssKb, long HwmKb, int Threads)
{
    public override string ToString() => $"RSS {RssKb / 1024} MB (picco {HwmKb / 1024} MB), {Threads} thread";
}

/// <summary>The Release build of the app on a fresh data folder, Development environment (demo accounts).</summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly string? dataDirectory;
    public string Url { get; }
    public int Pid => process.Id;
    public string CpuNote { get; }

    private AppProcess(Process process, string url, string? dataDirectory, string cpuNote)
    {
        this.process = process;
        Url = url;
        this.dataDirectory = dataDirectory;
        CpuNote = cpuNote;
    }

    public static async Task<AppProcess> StartAsync(Options options)
    {
        var app = options.App ?? Path.Combine(RepositoryRoot(), "ProvincePortal", "bin", "Release", "net10.0", "ProvincePortal.dll");
        if (!File.Exists(app))
            throw new FileNotFoundException($"{app} non esiste: compilare prima con `dotnet build ProvincePortal -c Release`, o indicare --app / --url.");
        var port = FreePort();
        // --dati keeps a seeded folder between runs (a first start migrates and seeds for minutes on a loaded machine).
        var keep = options.DataDirectory is not null;
        var data = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "pp-circuiti-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        // The targets are for 2 cores: on a bigger machine the server is pinned to two of them.
        var cores = Environment.ProcessorCount;
        var pin = cores > 2 && File.Exists("/usr/bin/taskset");
        var start = new ProcessStartInfo(pin ? "/usr/bin/taskset" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(app)!,
        };
        if (pin) { start.ArgumentList.Add("-c"); start.ArgumentList.Add("0,1"); start.ArgumentList.Add("dotnet"); }
        start.ArgumentList.Add(app);
        start.ArgumentList.Add($"--DataDirectory={data}");
        start.ArgumentList.Add("--Formazione:SyncEnabled=false");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_PROCESSOR_COUNT"] = "2";
        foreach (var kv in options.ServerEnv)
        {
            var eq = kv.IndexOf('=');
            start.Environment[kv[..eq]] = kv[(eq + 1)..];
        }
        var process = Process.Start(start)!;
        try { return await WaitUntilUpAsync(process, options, data, keep, pin, cores); }
        catch
        {
            // Never leave the app running behind a failed start.
            if (!process.HasExited) process.Kill();
            throw;
        }
    }

    private static async Task<AppProcess> WaitUntilUpAsync(Process process, Options options, string data, bool keep, bool pin, int cores)
    {
        var port = new Uri(process.StartInfo.Environment["ASPNETCORE_URLS"]!).Port;
        var log = data + ".log";
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = $"http://127.0.0.1:{port}/";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"L'applicazione si è fermata all'avvio: vedere {log}");
            // First start migrates and seeds (ISTAT territory, demo data): minutes on a loaded machine.
            if (clock.Elapsed > TimeSpan.FromMinutes(6))
            {
                process.Kill();
                throw new TimeoutException($"L'applicazione non risponde dopo 6 minuti: vedere {log}");
            }
            try { if ((await http.GetAsync(url + "account/accedi")).StatusCode == HttpStatusCode.OK) break; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        var note = (pin ? "limitato ai core 0,1 con taskset" : $"macchina a {cores} core") +
                   (options.ServerEnv.Count > 0 ? ", " + string.Join(' ', options.ServerEnv) : "") + $", log {log}";
        return new AppProcess(process, url, keep ? null : data, note);
    }

    public ServerMemory Memory()
    {
        long rss = 0, hwm = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kb(line);
            else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = (int)Kb(line);
        }
        return new ServerMemory(rss, hwm, threads);

        static long Kb(string line) => long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    public void Dispose()
    {
        try { if (!process.HasExited) { process.Kill(); process.WaitForExit(10_000); } } catch (InvalidOperationException) { }
        process.Dispose();
        if (dataDirectory is not null)
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ProvincePortal.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ProvincePortal.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("ProvincePortal.sln non trovato: indicare --app.");
    }
}
