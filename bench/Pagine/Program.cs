using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Tenders;

// Page-level figures: the server-side render of each dashboard and of the first page of each main grid, measured on
// the real app. The app's Release build runs as a child process (Production, the data folder given, a free port); the
// bench logs in through the real login form (cookie) and GETs each page N times, timing the whole response: the
// prerender runs the page's OnInitializedAsync/OnParametersSetAsync on the server, so that is the server's share of
// opening the page. MudDataGrid ServerData loads its rows only once the circuit is up, not in the prerender (the bench
// counts the rows found in the HTML to show it), so the first grid page is also timed by calling the same service
// method the page's ServerData calls, in this process with the app's own registrations (AddPortal()) and the same user.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = 20;
var dataDirectory = Path.Combine(Path.GetTempPath(), "pp-bench-pagine");
string? userName = null;
var password = "Demo-2026!";
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
var appDll = Path.Combine(root, "ProvincePortal", "bin", "Release", "net10.0", "ProvincePortal.dll");
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data": dataDirectory = Path.GetFullPath(args[++i]); break;
        case "--utente": userName = args[++i]; break;
        case "--password": password = args[++i]; break;
        case "--app": appDll = Path.GetFullPath(args[++i]); break;
    }
}
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"Applicazione non trovata: {appDll}. Compilare prima: dotnet build ProvincePortal -c Release (oppure --app PERCORSO/ProvincePortal.dll).");
    return 2;
}
Directory.CreateDirectory(dataDirectory);
var database = Path.Combine(dataDirectory, "provinceportal.db");

// Whose pages: the officer of a large Province when the national data set is there, else Treviso's Dirigente of the
// demo data (the one demo role that opens every page measured here).
var national = File.Exists(database) ? NationalOfficer(database) : null;
userName ??= national ?? "dirigente@demo.it";
var demo = national is null;
Console.WriteLine($"dati: {dataDirectory} ({(demo ? "dati demo" : "scala nazionale")}); utente {userName}; {runs} richieste per pagina; load average {BenchResults.LoadAverage()}");

var port = FreePort();
var baseAddress = new Uri($"http://127.0.0.1:{port}");
var log = Path.Combine(dataDirectory, "pagine-app.log");
var start = new ProcessStartInfo("dotnet")
{
    // The project folder as content root when the default build output runs (wwwroot, appsettings as with dotnet run).
    WorkingDirectory = appDll.StartsWith(Path.Combine(root, "ProvincePortal", "bin"), StringComparison.Ordinal)
        ? Path.Combine(root, "ProvincePortal") : Path.GetDirectoryName(appDll)!,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
foreach (var a in new[] { appDll, $"--DataDirectory={dataDirectory}", $"--urls={baseAddress.ToString().TrimEnd('/')}" }) start.ArgumentList.Add(a);
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
start.Environment["Demo__Enabled"] = demo ? "true" : "false";
start.Environment["Logging__LogLevel__Default"] = "Warning";
using var app = new Process { StartInfo = start };
await using var logWriter = new StreamWriter(log) { AutoFlush = true };
app.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (logWriter) logWriter.WriteLine(e.Data); };
app.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (logWriter) logWriter.WriteLine(e.Data); };
var startWatch = Stopwatch.StartNew();
app.Start();
app.BeginOutputReadLine();
app.BeginErrorReadLine();
try
{
    var cookies = new CookieContainer();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(5),
    };
    // First start on a fresh folder migrates and seeds (territory, demo data): up to a few minutes on a busy machine.
    while (true)
    {
        if (app.HasExited) throw new InvalidOperationException($"l'applicazione si è fermata (codice {app.ExitCode}): vedere {log}");
        if (startWatch.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"l'applicazione non risponde dopo 15 minuti: vedere {log}");
        try
        {
            using var ping = await http.GetAsync("/account/accedi");
            if (ping.StatusCode == HttpStatusCode.OK) break;
        }
        catch (HttpRequestException) { }
        await Task.Delay(200);
    }
    Console.WriteLine($"app pronta in {startWatch.Elapsed.TotalSeconds:F1} s (porta {port}, PID {app.Id})");

    await LoginAsync(http, userName, password);

    // Budgets of the page level (server side of opening a page): 1 s for a page, 100 ms for a grid's first page of data,
    // as the module benchmarks' grid budgets.
    const double PageBudget = 1000, GridBudget = 100;
    // Grid: the data-testid of the page's MudDataGrid, whose rows in the prerendered HTML are counted.
    var pages = new (string Label, string Url, string? Grid)[]
    {
        ("cruscotto Gare", "/gare/cruscotto", null),
        ("scadenzario Bandi UE", "/bandi/scadenzario", null),
        ("cruscotto Bandi UE", "/bandi/cruscotto", null),
        ("cruscotto Richieste Comuni", "/richieste/cruscotto", null),
        ("Agenda digitale (con la classifica)", "/agenda", "agenda-ranking"),
        ("Documenti (home, primo spazio)", "/documenti", "documents-grid"),
        ("cruscotto Formazione", "/formazione/cruscotto", null),
        ("elenco procedure Gare", "/gare", "tenders-grid"),
        ("elenco Bandi UE", "/bandi", "calls-grid"),
        ("elenco Richieste Comuni", "/richieste", "requests-grid"),
    };
    var rowsInPrerender = new Dictionary<string, int>();
    foreach (var (label, url, grid) in pages)
    {
        var times = new List<double>();
        var bytes = 0;
        string? problem = null;
        for (var n = -2; n < runs && problem is null; n++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                problem = response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found
                    ? $"HTTP {(int)response.StatusCode} verso {response.Headers.Location}: pagina non accessibile a {userName}"
                    : $"HTTP {(int)response.StatusCode}";
                break;
            }
            if (html.Contains("<title>Accesso negato", StringComparison.Ordinal))
            {
                problem = $"pagina non accessibile a {userName}";
                break;
            }
            bytes = html.Length;
            if (grid is not null) rowsInPrerender[url] = GridRows(html, grid);
            if (n >= 0) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        if (problem is not null)
        {
            Console.WriteLine($"{label,-40} {url,-22} {problem}");
            BenchResults.Add("Pagine", $"pagina {label} ({url})", double.NaN, double.NaN, PageBudget, $"non misurata: {problem}");
            continue;
        }
        var rowsNote = grid is null ? ""
            : rowsInPrerender[url] < 0 ? $"; griglia {grid} non trovata nell'HTML"
            : $"; righe della griglia nell'HTML prerenderizzato: {rowsInPrerender[url]}";
        Console.WriteLine($"{label,-40} {url,-22} p50 {BenchResults.Percentile(times, 0.5),7:F1} ms  p95 {BenchResults.Percentile(times, 0.95),7:F1} ms  max {times.Max(),7:F1} ms  {bytes / 1024.0,6:F0} KB{rowsNote}");
        BenchResults.Add("Pagine", $"pagina {label} ({url}), risposta completa", BenchResults.Percentile(times, 0.5), BenchResults.Percentile(times, 0.95), PageBudget,
            $"GET con il cookie di {userName}, {runs} richieste; {bytes / 1024.0:N0} KB{rowsNote}");
    }

    await MeasureGridsAsync(dataDirectory, userName, runs, GridBudget, rowsInPrerender);
    Console.WriteLine($"load average {BenchResults.LoadAverage()}");
    return 0;
}
finally
{
    if (!app.HasExited)
    {
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }
    SqliteConnection.ClearAllPools();
}

// The first page of each grid as its ServerData loads it once the circuit is up: the same service call, page 0 of 25,
// the page's initial filter and sort, in this process with the app's registrations and the same user's claims.
static async Task MeasureGridsAsync(string dataDirectory, string userName, int runs, double budget, Dictionary<string, int> rowsInPrerender)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
    builder.Configuration["DataDirectory"] = dataDirectory;
    builder.Configuration["Logging:LogLevel:Default"] = "Error";
    builder.AddPortal();
    await using var host = builder.Build(); // not started: no web server, no background jobs beside the running app
    CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

    PortalPrincipal user;
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await users.FindByEmailAsync(userName) ?? await users.FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"utente {userName} non trovato");
        var claims = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(account);
        user = PortalPrincipal.From(claims);
    }
    int? workspace;
    await using (var scope = host.Services.CreateAsyncScope())
    {
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        workspace = (await scope.ServiceProvider.GetRequiredService<DocumentService>().ListWorkspacesAsync()).FirstOrDefault()?.Id;
    }

    var grids = new List<(string Label, string Url, Func<IServiceProvider, Task<int>> Call)>
    {
        ("elenco procedure Gare", "/gare", async s => (await s.GetRequiredService<TenderService>().ListAsync(new TenderFilter(), 0, 25)).Total),
        ("elenco Bandi UE", "/bandi", async s => (await s.GetRequiredService<CallService>().SearchAsync(new CallFilter(), 0, 25, CancellationToken.None)).Total),
        ("elenco Richieste Comuni", "/richieste", async s => (await s.GetRequiredService<RequestService>().ListAsync(new RequestFilter(), 0, 25)).Total),
    };
    if (workspace is int w)
        grids.Add(("libreria Documenti (primo spazio, radice)", "/documenti", async s => (await s.GetRequiredService<DocumentService>().ListDocumentsAsync(w, null, 0, 25)).Total));
    if (user.ProvinceId is int province)
        grids.Add(("classifica Agenda digitale (Comuni della Provincia)", "/agenda", async s => (await s.GetRequiredService<AgendaScoreService>().RankingAsync(new RankingQuery(province, 0, 25))).Total));

    foreach (var (label, url, call) in grids)
    {
        var times = new List<double>();
        var total = 0;
        string? problem = null;
        for (var n = -2; n < runs; n++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
            var watch = Stopwatch.StartNew();
            try { total = await call(scope.ServiceProvider); }
            catch (Exception ex) when (ex is UnauthorizedAccessException or InvalidOperationException)
            {
                problem = ex.Message;
                break;
            }
            watch.Stop();
            if (n >= 0) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        if (problem is not null)
        {
            Console.WriteLine($"{label,-40} {url,-22} servizio: {problem}");
            BenchResults.Add("Pagine", $"prima pagina della griglia {label}", double.NaN, double.NaN, budget, $"non misurata: {problem}");
            continue;
        }
        var prerendered = rowsInPrerender.TryGetValue(url, out var r) ? r : -1;
        var how = prerendered > 0
            ? $"le righe sono anche nell'HTML prerenderizzato ({prerendered}); chiamata del servizio di ServerData nel processo del bench con AddPortal()"
            : "righe assenti dal prerender (ServerData le carica nel circuito): chiamata del servizio di ServerData nel processo del bench con AddPortal()";
        Console.WriteLine($"{label,-40} {url,-22} p50 {BenchResults.Percentile(times, 0.5),7:F1} ms  p95 {BenchResults.Percentile(times, 0.95),7:F1} ms  max {times.Max(),7:F1} ms  {total:N0} righe in tutto (servizio)");
        BenchResults.Add("Pagine", $"prima pagina della griglia {label} ({total:N0} righe in tutto)", BenchResults.Percentile(times, 0.5), BenchResults.Percentile(times, 0.95), budget,
            $"25 righe; {how}; {runs} chiamate");
    }
}

static async Task LoginAsync(HttpClient http, string email, string password)
{
    var form = await http.GetStringAsync("/account/accedi");
    var input = Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>");
    var token = Regex.Match(input.Value, "value=\"([^\"]*)\"");
    if (!token.Success) throw new InvalidOperationException("token antiforgery non trovato nel modulo di accesso");
    using var response = await http.PostAsync("/account/accedi", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["_handler"] = "accesso",
        ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
    }));
    var target = response.Headers.Location?.ToString() ?? "";
    if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found || target.Contains("accedi", StringComparison.Ordinal))
        throw new InvalidOperationException($"accesso di {email} non riuscito (HTTP {(int)response.StatusCode} {target})");
    Console.WriteLine($"accesso di {email} riuscito");
}

// Data rows of one MudDataGrid (found by its data-testid) in the HTML: rows of its <tbody> with <td> cells; the
// "no records" and loading rows hold a <th>. -1 when the grid is not in the HTML.
static int GridRows(string html, string testId)
{
    var at = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
    var end = at < 0 ? -1 : html.IndexOf("</table>", at, StringComparison.Ordinal);
    if (end < 0) return -1;
    var body = Regex.Match(html[at..end], "<tbody.*?</tbody>", RegexOptions.Singleline);
    if (!body.Success) return 0;
    return Regex.Matches(body.Value, "<tr\\b.*?</tr>", RegexOptions.Singleline).Count(row => row.Value.Contains("<td", StringComparison.Ordinal));
}

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

// An officer account of the national generator (operatore.<sigla>@demo.provinceportal.it), in the largest Province
// that has one: Roma, Milano, Torino, Napoli first; null when the folder holds no generated officer.
static string? NationalOfficer(string database)
{
    using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT Email FROM AspNetUsers WHERE NormalizedEmail LIKE 'OPERATORE.%@DEMO.PROVINCEPORTAL.IT'";
    var emails = new List<string>();
    try
    {
        using var reader = command.ExecuteReader();
        while (reader.Read()) emails.Add(reader.GetString(0));
    }
    catch (SqliteException) { return null; } // not migrated yet
    foreach (var sigla in new[] { "rm", "mi", "to", "na" })
        if (emails.FirstOrDefault(e => e.Equals($"operatore.{sigla}@demo.provinceportal.it", StringComparison.OrdinalIgnoreCase)) is { } found)
            return found;
    return emails.Order(StringComparer.Ordinal).FirstOrDefault();
}
