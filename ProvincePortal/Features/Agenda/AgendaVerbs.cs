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
        CommandLine.Register("agenda report", "agenda report --provincia SIGLA|TUTTE --formato pdf|xlsx --out FILE [--periodo P] [--schede-comuni]   report PDF o Excel dell'Agenda digitale di una Provincia o nazionale",
            ["provincia", "formato", "out", "periodo", "schede-comuni"], ReportAsync);
    }

    public static async Task<int> ReportAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        if (!command.Options.TryGetValue("provincia", out var provincia) || string.IsNullOrWhiteSpace(provincia) || provincia == "true")
            throw new CommandLineException("indicare la Provincia con --provincia SIGLA (per esempio TV) oppure --provincia TUTTE.");
        var format = command.Options.GetValueOrDefault("formato")?.Trim().ToLowerInvariant();
        if (format is not ("pdf" or "xlsx"))
            throw new CommandLineException(format is null or "true" ? "indicare il formato con --formato pdf oppure --formato xlsx."
                : $"--formato: «{command.Options["formato"]}» non è un formato valido; usare pdf oppure xlsx.");
        if (!command.Options.TryGetValue("out", out var outArgument) || string.IsNullOrWhiteSpace(outArgument) || outArgument == "true")
            throw new CommandLineException("indicare il file da scrivere con --out FILE.");
        var path = CommandLine.ResolvePath(outArgument);
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder))
            throw new CommandLineException($"--out: la cartella {folder} non esiste.");
        var comunePages = command.Options.TryGetValue("schede-comuni", out var pages) && pages != "false";

        AgendaReport report;
        try
        {
            report = await services.GetRequiredService<AgendaReportService>().BuildAsync(
                new AgendaReportRequest(provincia, command.Options.GetValueOrDefault("periodo"), comunePages), ct);
        }
        catch (AgendaReportNotFoundException ex) { throw new CommandLineException($"--provincia: {ex.Message}"); }
        catch (AgendaReportException ex) { throw new CommandLineException(ex.Message); }
        if (comunePages && report.National)
            throw new CommandLineException("--schede-comuni vale solo per il report di una Provincia, non per TUTTE.");

        var bytes = format == "pdf" ? AgendaReportDocument.Pdf(report) : AgendaReportDocument.Excel(report);
        // Written beside the target and renamed: an interrupted run never leaves half a report under the requested name.
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: true);
        await output.WriteLineAsync($"Report {report.AreaName}, quadro {report.Period}: {path} ({bytes.Length / 1024.0:N0} KB, {report.RollUp.ComuniWithScore:N0} Comuni con punteggio)");
        return 0;
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
