using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// Base of the tests that run a command-line verb for real: `dotnet ProvincePortal.dll verb …` as a separate process on a
/// SQLite data folder of its own, deleted afterwards.
/// </summary>
public abstract class CliProcessTest : IDisposable
{
    protected CliProcessTest(string folderPrefix)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "pp-tests", folderPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    protected string DataDirectory { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the app's entry point with <paramref name="args"/>; returns the exit code, stdout lines and stderr.</summary>
    protected async Task<(int ExitCode, string[] Lines, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ProvincePortal.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        // Host settings after the verb's own arguments, as an operator would type them.
        start.ArgumentList.Add($"--DataDirectory={DataDirectory}");
        start.ArgumentList.Add("--Database:Provider=Sqlite");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), await stderr);
    }
}
