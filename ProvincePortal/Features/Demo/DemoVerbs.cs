using System.Globalization;
using ProvincePortal.Cli;

namespace ProvincePortal.Features.Demo;

/// <summary>`demo genera --scala nazionale|regionale|piccola [--seme N] [--sostituisci]`.</summary>
public static class DemoVerbs
{
    public static void Register() =>
        CommandLine.Register("demo genera", "demo genera --scala nazionale|regionale|piccola [--seme N] [--sostituisci]   genera dati dimostrativi deterministici per tutte le Province (sostituisce quelli già generati solo con --sostituisci)",
            ["scala", "seme", "sostituisci"], GenerateAsync);

    public static async Task<int> GenerateAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        var scaleName = command.Options.GetValueOrDefault("scala");
        if (scaleName is null or "true") throw new CommandLineException("indicare la scala con --scala nazionale, --scala regionale oppure --scala piccola.");
        var scale = DemoScale.Parse(scaleName)
            ?? throw new CommandLineException($"--scala: «{scaleName}» non è una scala valida; usare nazionale, regionale oppure piccola.");
        long seed = 1;
        if (command.Options.TryGetValue("seme", out var seedText) && !long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            throw new CommandLineException($"--seme: «{seedText}» non è un numero intero.");
        var replace = command.Options.TryGetValue("sostituisci", out var r) && r != "false";

        await output.WriteLineAsync($"Generazione dei dati dimostrativi, scala {scale.Name}, seme {seed}{(replace ? ", sostituendo quelli generati in precedenza" : "")}:");
        try
        {
            var result = await services.GetRequiredService<DemoGenerator>().GenerateAsync(scale, seed, replace, output, ct);
            await output.WriteLineAsync($"Fatto in {result.Total.TotalSeconds.ToString("N1", Localization.Formats.Italian)} s. Account operatore: operatore.<sigla>@demo.provinceportal.it, password {Data.DemoSeeder.Password}");
            return 0;
        }
        catch (DemoGenerationException ex)
        {
            await Console.Error.WriteLineAsync("Errore: " + ex.Message);
            return 1;
        }
    }
}
