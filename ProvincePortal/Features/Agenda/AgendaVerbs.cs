using ProvincePortal.Cli;

namespace ProvincePortal.Features.Agenda;

/// <summary>`agenda import-pad26 FILE` and `agenda import-csv FILE`.</summary>
public static class AgendaVerbs
{
    public static void Register()
    {
        CommandLine.Register("agenda import-pad26", "agenda import-pad26 FILE [--anteprima] [--data AAAA-MM-GG]   importa un file «candidature» di PA digitale 2026 (una misura o tutte) nei valori dei Comuni",
            ["anteprima", "data"], ImportPad26Async);
        CommandLine.Register("agenda import-csv", "agenda import-csv FILE [--anteprima]   importa valori di indicatori da un CSV cod_comune;indicatore;valore;data",
            ["anteprima"], ImportCsvAsync);
    }

    private static async Task<int> ImportPad26Async(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        var path = FileArgument(command);
        var apply = !command.Options.ContainsKey("anteprima");
        DateOnly? date = null;
        if (command.Options.TryGetValue("data", out var d))
            date = DateOnly.TryParseExact(d, "yyyy-MM-dd", out var parsed) ? parsed : throw new CommandLineException($"--data: «{d}» non è una data AAAA-MM-GG.");
        try
        {
            await using var file = File.OpenRead(path);
            var report = await services.GetRequiredService<AgendaImportService>().ImportPad26Async(file, Path.GetFileName(path), apply, ct, date);
            foreach (var m in report.Measures)
                await output.WriteLineAsync($"Misura {m.Key} → {m.IndicatorCode ?? "nessun indicatore nel quadro"}: raggiunto {m.Done}, in corso {m.InProgress}, rinunciato {m.Renounced}, non candidato {m.NotApplied}");
            foreach (var u in report.UnmatchedCodes)
                await output.WriteLineAsync($"Codice senza Comune: {u.Code} ({u.ComuneInFile}), {u.Rows} righe");
            await output.WriteLineAsync((apply ? "" : "Anteprima, nulla salvato. ") + report.SummaryLine);
            return 0;
        }
        catch (AgendaFileException ex)
        {
            await output.WriteLineAsync($"Errore: {Path.GetFileName(path)}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ImportCsvAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        var path = FileArgument(command);
        var apply = !command.Options.ContainsKey("anteprima");
        try
        {
            await using var file = File.OpenRead(path);
            var report = await services.GetRequiredService<AgendaImportService>().ImportCsvAsync(file, Path.GetFileName(path), apply, ct);
            foreach (var e in report.Errors)
                await output.WriteLineAsync($"Errore: {Path.GetFileName(path)}, riga {e.Line}, {e.Field}: {e.Message}");
            await output.WriteLineAsync((apply && report.Errors.Count == 0 ? "" : "Nulla salvato. ") + report.SummaryLine);
            return report.Errors.Count == 0 ? 0 : 1;
        }
        catch (AgendaFileException ex)
        {
            await output.WriteLineAsync($"Errore: {Path.GetFileName(path)}: {ex.Message}");
            return 1;
        }
    }

    private static string FileArgument(ParsedCommand command)
    {
        if (command.Arguments.Count != 1) throw new CommandLineException("indicare il file da importare.");
        var path = CommandLine.ResolvePath(command.Arguments[0]);
        return File.Exists(path) ? path : throw new CommandLineException($"file non trovato: {path}");
    }
}
