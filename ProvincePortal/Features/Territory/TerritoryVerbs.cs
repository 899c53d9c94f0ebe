using System.Globalization;
using ProvincePortal.Cli;

namespace ProvincePortal.Features.Territory;

public static class TerritoryVerbs
{
    public const string ImportUsage = "import-comuni FILE [--edition AAAA-MM-GG]   importa un'edizione dell'Elenco comuni italiani ISTAT";

    public static void Register()
    {
        CommandLine.Register("import-comuni", ImportUsage, ["edition"], ImportAsync);
        CommandLine.Register("territorio import-ipa", IpaUsage, ["anteprima"], ImportIpaAsync);
    }

    public const string IpaUsage = "territorio import-ipa FILE [--anteprima]   importa il file \"enti\" di IndicePA (codici IPA, PEC e siti dei Comuni)";

    /// <summary>
    /// Prints the changes, the entes not linked and the rows with errors, then the counts on the last line. With
    /// --anteprima nothing is written. Exit code 1 when the file is unusable.
    /// </summary>
    private static async Task<int> ImportIpaAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        if (command.Arguments.Count != 1)
            throw new CommandLineException("indicare il file CSV \"enti\" di IndicePA.");
        var path = CommandLine.ResolvePath(command.Arguments[0]);
        if (!File.Exists(path))
            throw new CommandLineException($"file non trovato: {path}");
        var dryRun = command.Options.ContainsKey("anteprima");
        var importer = services.GetRequiredService<IndicePa.IpaImportService>();
        try
        {
            var request = new IndicePa.IpaImportRequest(path, "riga di comando");
            var result = dryRun ? await importer.PreviewAsync(request, ct) : await importer.ImportAsync(request, ct);
            foreach (var change in result.Changes)
                await output.WriteLineAsync($"Riga {change.Line}: {change.Target}, {change.KindLabel}: {change.Before ?? "(nessuno)"} → {change.After}");
            foreach (var n in result.NotLinked)
                await output.WriteLineAsync($"Non collegato, riga {n.Line} ({n.IpaCode} {n.Name}): {n.Reason}{(n.Detail is null ? "" : $" ({n.Detail})")}");
            foreach (var e in result.Errors)
                await output.WriteLineAsync("Errore: " + e);
            foreach (var (reason, count) in result.NotLinkedByReason)
                await output.WriteLineAsync($"Non collegati: {reason}: {count}");
            await output.WriteLineAsync(dryRun ? "Anteprima: nessun dato scritto." : $"Importazione IndicePA del {Localization.Formats.Date(result.Date)} applicata.");
            await output.WriteLineAsync(result.SummaryLine);
            return 0;
        }
        catch (IndicePa.IpaFileException ex)
        {
            foreach (var error in ex.Errors)
                await output.WriteLineAsync("Errore: " + error);
            return 1;
        }
    }

    /// <summary>
    /// Prints each refused row, then ends with "importati: N, aggiornati: M, scartati: K, …" (scripts read that last line).
    /// Exit code 1 only when the whole file is unusable (nothing imported).
    /// </summary>
    private static async Task<int> ImportAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        if (command.Arguments.Count != 1)
            throw new CommandLineException("indicare un file CSV dell'ISTAT.");
        var path = CommandLine.ResolvePath(command.Arguments[0]);
        if (!File.Exists(path))
            throw new CommandLineException($"file non trovato: {path}");
        DateOnly? edition = null;
        if (command.Options.TryGetValue("edition", out var text))
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw new CommandLineException($"--edition: data non valida \"{text}\" (formato AAAA-MM-GG, es. 2020-01-01).");
            edition = d;
        }

        var importer = services.GetRequiredService<IstatImportService>();
        try
        {
            var result = await importer.ImportAsync(new IstatImportRequest(path, edition, "riga di comando"), null, ct);
            foreach (var problem in result.RejectedRows)
                await output.WriteLineAsync("Scartata: " + problem);
            await output.WriteLineAsync($"Edizione del {Localization.Formats.Date(result.Edition)} da {result.FileName}: Comuni invariati {result.Unchanged}; " +
                $"unità sovracomunali nuove {result.ProvincesCreated}, aggiornate {result.ProvincesUpdated}, soppresse {result.ProvincesSuppressed}.");
            await output.WriteLineAsync(result.SummaryLine);
            return 0;
        }
        catch (IstatFileException ex)
        {
            foreach (var error in ex.Errors)
                await output.WriteLineAsync("Errore: " + error);
            await output.WriteLineAsync(new IstatImportResult(0, 0, 0, 0, []).SummaryLine);
            return 1;
        }
    }
}
