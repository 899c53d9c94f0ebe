using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ProvincePortal.Tests.E2E;
using ProvincePortal.Tests.Features.Notifications;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// The web app as an operator runs it: `dotnet ProvincePortal.dll` from the app's build output (its folder is the content
/// root, so appsettings.json is read as in production), in the Production environment, on a loopback port of its own.
/// Settings come as `--Key=Value` arguments, secrets as environment variables. Everything it prints is kept for the
/// test output; the process is killed on disposal and, should the test run itself be stopped, when the runner exits.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int KeptLines = 400;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private NodeProcess(string id, Process process, string baseUrl)
    {
        Id = id;
        this.process = process;
        BaseUrl = baseUrl;
        AppDomain.CurrentDomain.ProcessExit += KillOnRunnerExit;
    }

    public string Id { get; }
    public string BaseUrl { get; }
    public bool HasExited => process.HasExited;

    /// <summary>The last lines the node printed (JSON log lines, stdout and stderr interleaved).</summary>
    public string Output => $"--- {Id} ({BaseUrl}{(process.HasExited ? $", terminato con codice {process.ExitCode}" : "")}) ---\n" + string.Join('\n', output);

    /// <summary>The app's own build output next to this test build (same configuration), else the copy in the test folder.</summary>
    public static string AppFolder { get; } = FindAppFolder();

    public static NodeProcess Start(string id, IEnumerable<KeyValuePair<string, string?>> settings, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var port = LoopbackSmtpServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppFolder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppFolder, "ProvincePortal.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        // The test runner's own environment must not leak a Development host or another address into the node.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(id, process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>A client for this node with its own base address; pass the same container to act as one browser.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Waits for `/healthz` to answer 200; fails at once, with what the node printed, if it exits first.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = Client();
        client.Timeout = TimeSpan.FromSeconds(5);
        var until = DateTime.UtcNow + timeout;
        string? last = null;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Il nodo {Id} si è fermato durante l'avvio.\n{Output}");
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException ex) { last = ex.Message; }
            catch (TaskCanceledException) { last = "nessuna risposta in 5 s"; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Il nodo {Id} non risponde «Healthy» su /healthz dopo {timeout.TotalSeconds:0} s (ultima risposta: {last}).\n{Output}");
    }

    /// <summary>Stops the node abruptly, as a crashed server: no graceful shutdown, leases it held are left to expire.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await process.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnRunnerExit;
        await KillAsync();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > KeptLines) output.TryDequeue(out _);
    }

    private void KillOnRunnerExit(object? sender, EventArgs e)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private static string FindAppFolder()
    {
        // Tests run from ProvincePortal.Tests/bin/<Configuration>/<tfm>/: the app's output is ProvincePortal/bin/<Configuration>/<tfm>/.
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testFolder.Name;
        var configuration = testFolder.Parent?.Name ?? "Debug";
        try
        {
            var appFolder = Path.Combine(RepositoryPaths.Root, "ProvincePortal", "bin", configuration, tfm);
            if (File.Exists(Path.Combine(appFolder, "ProvincePortal.dll"))) return appFolder;
        }
        catch (InvalidOperationException) { } // test binaries copied away from the repository
        return AppContext.BaseDirectory;
    }
}
