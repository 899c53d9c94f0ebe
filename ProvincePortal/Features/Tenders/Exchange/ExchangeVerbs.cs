using System.Globalization;
using ProvincePortal.Cli;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// `gare import-l190`, `gare import-anac-csv`, `gare export-l190`, `gare export-ocds`. Imports print one line per
/// row that is not simply new or unchanged (aggiornato, scartato with reason) and end with the counts line; exit code 1
/// when the file is unusable (nothing imported).
/// </summary>
public static class ExchangeVerbs
{
    public static void Register()
    {
        CommandLine.Register("gare import-l190", "gare import-l190 FILE --provincia SIGLA   importa un dataset L.190 (XML) nel registro gare", ["provincia"], ImportL190Async);
        CommandLine.Register("gare import-anac-csv", "gare import-anac-csv FILE --provincia SIGLA   importa i CIG della Provincia dal CSV degli open data ANAC", ["provincia"], ImportCsvAsync);
        CommandLine.Register("gare import-bdap", "gare import-bdap FILE --provincia SIGLA [--tipo gar|sal|opencup-progetti|opencup-localizzazione|ricerca-cup] [--anteprima]   importa i dati BDAP-MOP/OpenCUP dei progetti (CUP) e li collega alle procedure", ["provincia", "tipo", "anteprima"], ImportBdapAsync);
        CommandLine.Register("gare export-l190", "gare export-l190 --provincia SIGLA --anno AAAA --out FILE [--cf-proponente CF]   esporta il dataset L.190 dell'anno", ["provincia", "anno", "out", "cf-proponente"], ExportL190Async);
        CommandLine.Register("gare export-ocds", "gare export-ocds --provincia SIGLA --out FILE   esporta le procedure come pacchetto di rilasci OCDS 1.1.5", ["provincia", "out"], ExportOcdsAsync);
    }

    private static Task<int> ImportL190Async(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct) =>
        ImportAsync(command, output, (file, name, sigla) => services.GetRequiredService<TenderImportService>().ImportL190Async(file, name, sigla, ct));

    private static Task<int> ImportCsvAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct) =>
        ImportAsync(command, output, (file, name, sigla) => services.GetRequiredService<TenderImportService>().ImportAnacCsvAsync(file, name, sigla, ct));

    private static async Task<int> ImportAsync(ParsedCommand command, TextWriter output, Func<Stream, string, string, Task<ExchangeReport>> import)
    {
        if (command.Arguments.Count != 1) throw new CommandLineException("indicare il file da importare.");
        var path = CommandLine.ResolvePath(command.Arguments[0]);
        if (!File.Exists(path)) throw new CommandLineException($"file non trovato: {path}");
        var sigla = Required(command, "provincia");
        try
        {
            await using var file = File.OpenRead(path);
            var report = await import(file, Path.GetFileName(path), sigla);
            foreach (var row in report.Rows.Where(r => r.Outcome is ExchangeOutcome.Scartato or ExchangeOutcome.Aggiornato))
                await output.WriteLineAsync($"{Capitalized(row.OutcomeLabel)}: riga {row.Line}, CIG {row.Cig}: {row.Message}");
            await output.WriteLineAsync(report.SummaryLine);
            return 0;
        }
        catch (ExchangeFileException ex)
        {
            foreach (var e in ex.Errors) await output.WriteLineAsync("Errore: " + e);
            await output.WriteLineAsync("nuovi: 0, aggiornati: 0, invariati: 0, ignorati: 0, scartati: 0");
            return 1;
        }
        catch (ExchangeRequestException ex) { throw new CommandLineException(ex.Message); }
    }

    /// <summary>
    /// Prints each record that is not unchanged, the CUPs and CIGs that match no procedure (stored all the same) and the
    /// counts line; a file with malformed rows prints them (line, field) and imports nothing: exit code 1.
    /// </summary>
    private static async Task<int> ImportBdapAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        if (command.Arguments.Count != 1) throw new CommandLineException("indicare il file da importare.");
        var path = CommandLine.ResolvePath(command.Arguments[0]);
        if (!File.Exists(path)) throw new CommandLineException($"file non trovato: {path}");
        var sigla = Required(command, "provincia");
        Bdap.BdapFileType? type = null;
        if (command.Options.TryGetValue("tipo", out var tipo))
            type = Bdap.BdapFileTypes.Parse(tipo) ?? throw new CommandLineException($"--tipo: «{tipo}» non previsto (valori: {Bdap.BdapFileTypes.Keys}).");
        var preview = command.Options.ContainsKey("anteprima");
        var importer = services.GetRequiredService<Bdap.BdapImportService>();
        try
        {
            await using var file = File.OpenRead(path);
            var name = Path.GetFileName(path);
            var report = preview ? await importer.PreviewAsync(file, name, sigla, type, ct) : await importer.ImportAsync(file, name, sigla, type, ct);
            await output.WriteLineAsync($"File {name}: {Bdap.BdapFileTypes.Label(report.Type)}, {report.Encoding}, {report.DataRows} righe di dati.");
            if (report.Errors.Count > 0)
            {
                foreach (var e in report.Errors) await output.WriteLineAsync("Errore: " + e);
                await output.WriteLineAsync("Nessun dato importato: correggere le righe indicate e ripetere.");
                await output.WriteLineAsync(report.SummaryLine);
                return 1;
            }
            foreach (var r in report.Records.Where(r => r.Outcome != Bdap.BdapOutcome.Invariato))
                await output.WriteLineAsync($"{Capitalized(r.OutcomeLabel)}: riga {r.Line}, {r.Record} {r.Cup}{(r.Detail is null ? "" : " " + r.Detail)} ({r.Sigla}){(r.Message is null ? "" : ": " + r.Message)}");
            foreach (var cup in report.UnmatchedCups) await output.WriteLineAsync($"Senza procedura: CUP {cup}");
            foreach (var cig in report.UnmatchedCigs) await output.WriteLineAsync($"Senza lotto: CIG {cig}");
            if (preview) await output.WriteLineAsync("Anteprima: nulla è stato scritto.");
            await output.WriteLineAsync(report.SummaryLine);
            return 0;
        }
        catch (Bdap.BdapFileException ex)
        {
            await output.WriteLineAsync("Errore: " + ex.Message);
            return 1;
        }
        catch (ExchangeRequestException ex) { throw new CommandLineException(ex.Message); }
    }

    private static async Task<int> ExportL190Async(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        var sigla = Required(command, "provincia");
        var annoText = Required(command, "anno");
        if (!int.TryParse(annoText, NumberStyles.None, CultureInfo.InvariantCulture, out var anno))
            throw new CommandLineException($"--anno: anno non valido \"{annoText}\" (es. 2023).");
        var path = CommandLine.ResolvePath(Required(command, "out"));
        command.Options.TryGetValue("cf-proponente", out var cf);
        return await WriteAsync(path, output, stream => services.GetRequiredService<TenderExportService>().ExportL190Async(sigla, anno, stream, path, cf, ct));
    }

    private static async Task<int> ExportOcdsAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        var sigla = Required(command, "provincia");
        var path = CommandLine.ResolvePath(Required(command, "out"));
        return await WriteAsync(path, output, stream => services.GetRequiredService<TenderExportService>().ExportOcdsAsync(sigla, stream, ct));
    }

    /// <summary>Writes to a temporary file beside the target and moves it in place: a failed export leaves no half file.</summary>
    private static async Task<int> WriteAsync(string path, TextWriter output, Func<Stream, Task<ExportResult>> export)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory)) throw new CommandLineException($"cartella non trovata: {directory}");
        var temp = path + ".tmp";
        try
        {
            ExportResult result;
            await using (var stream = File.Create(temp)) result = await export(stream);
            File.Move(temp, path, overwrite: true);
            foreach (var s in result.Skipped) await output.WriteLineAsync("Escluso: " + s);
            await output.WriteLineAsync($"esportati: {result.Lots} lotti, esclusi: {result.Skipped.Count}, file: {path}");
            return 0;
        }
        catch (ExchangeRequestException ex) { throw new CommandLineException(ex.Message); }
        finally { if (File.Exists(temp)) File.Delete(temp); }
    }

    private static string Required(ParsedCommand command, string option) =>
        command.Options.TryGetValue(option, out var v) && !string.IsNullOrWhiteSpace(v) && v != "true"
            ? v : throw new CommandLineException($"manca --{option}.");

    private static string Capitalized(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
