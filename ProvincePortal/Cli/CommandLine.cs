using ProvincePortal.Features.Identity;

namespace ProvincePortal.Cli;

public sealed record ParsedCommand(string? Verb, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Options, string[] ConfigurationArgs);

/// <summary>
/// The command-line verbs. Arguments are split in three: the verb and its positional arguments, the verb's own
/// options (--edition 2020-01-01) and configuration keys (--DataDirectory=/srv/data) passed on to the host.
/// Verbs run migrations but never seed anything: only the web app seeds, on its first start.
/// </summary>
public static class CommandLine
{
    public delegate Task<int> VerbHandler(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct);

    private sealed record Verb(string Name, string Usage, string[] Options, VerbHandler Handler);

    private static readonly List<Verb> Verbs = [];

    /// <summary>Features add their verbs here (static registration: verbs must be known before the host is built).</summary>
    public static void Register(string name, string usage, string[] options, VerbHandler handler) =>
        Verbs.Add(new Verb(name, usage, options, handler));

    static CommandLine() => VerbRegistry.RegisterAll();

    public static ParsedCommand Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            return new ParsedCommand(null, [], new Dictionary<string, string>(), args);

        // A verb may be one or two words ("import-comuni", "gare import-l190").
        var verb = Verbs.FirstOrDefault(v => args.Length > 1 && v.Name == $"{args[0]} {args[1]}")
                   ?? Verbs.FirstOrDefault(v => v.Name == args[0]);
        var verbName = verb?.Name ?? args[0];
        var rest = args.Skip(verbName.Count(c => c == ' ') + 1).ToList();
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var configuration = new List<string>();
        for (var i = 0; i < rest.Count; i++)
        {
            var arg = rest[i];
            if (!arg.StartsWith("--")) { positional.Add(arg); continue; }
            var body = arg[2..];
            var eq = body.IndexOf('=');
            var key = eq >= 0 ? body[..eq] : body;
            if (verb is not null && verb.Options.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var value = eq >= 0 ? body[(eq + 1)..] : (i + 1 < rest.Count && !rest[i + 1].StartsWith("--") ? rest[++i] : "true");
                options[key] = value;
            }
            else
            {
                configuration.Add(arg);
                if (eq < 0 && i + 1 < rest.Count && !rest[i + 1].StartsWith("--")) configuration.Add(rest[++i]);
            }
        }
        return new ParsedCommand(verbName, positional, options, configuration.ToArray());
    }

    public static async Task<int> RunAsync(WebApplication app, ParsedCommand command)
    {
        var output = Console.Out;
        var verb = Verbs.FirstOrDefault(v => v.Name == command.Verb);
        if (verb is null)
        {
            await Console.Error.WriteLineAsync($"Comando sconosciuto: '{command.Verb}'.");
            await Console.Error.WriteLineAsync(Usage());
            return 2;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        try
        {
            await app.PrepareDatabaseAsync(seed: false);
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(SystemPrincipal);
            return await verb.Handler(scope.ServiceProvider, command, output, cts.Token);
        }
        catch (CommandLineException ex)
        {
            await Console.Error.WriteLineAsync("Errore: " + ex.Message);
            await Console.Error.WriteLineAsync("Uso: " + verb.Usage);
            return 2;
        }
    }

    /// <summary>Who the command line acts as: recorded in the audit trail as "riga di comando".</summary>
    public static readonly PortalPrincipal SystemPrincipal =
        new("sistema", "riga di comando", "Riga di comando", null, null, new HashSet<string> { Roles.PlatformAdmin });

    public static string Usage() =>
        "Comandi disponibili:\n" + string.Join("\n", Verbs.Select(v => "  " + v.Usage));

    /// <summary>A path as the user typed it, relative to the shell's directory (dotnet run changes the working directory).</summary>
    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path)) return path;
        var shellDirectory = Environment.GetEnvironmentVariable("PWD");
        return Path.GetFullPath(path, string.IsNullOrEmpty(shellDirectory) ? Environment.CurrentDirectory : shellDirectory);
    }
}

/// <summary>Wrong use of a verb (missing file, bad option): printed with the verb's usage, exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);
