using ProvincePortal.Cli;
using ProvincePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace ProvincePortal.Features.EuCalls;

/// <summary>`bandi import-ft FILE` and `bandi ical --provincia SIGLA --out FILE`.</summary>
public static class EuCallsVerbs
{
    public static void Register()
    {
        CommandLine.Register("bandi import-ft", "bandi import-ft FILE [--anteprima]   importa i risultati della ricerca del portale Funding & Tenders (JSON) nel registro bandi", ["anteprima"], ImportAsync);
        CommandLine.Register("bandi ical", "bandi ical --provincia SIGLA --out FILE   esporta in iCalendar le scadenze dei bandi seguiti dalla Provincia", ["provincia", "out"], IcalAsync);
    }

    private static async Task<int> ImportAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        if (command.Arguments.Count != 1) throw new CommandLineException("indicare il file da importare.");
        var path = CommandLine.ResolvePath(command.Arguments[0]);
        if (!File.Exists(path)) throw new CommandLineException($"file non trovato: {path}");
        var apply = !command.Options.ContainsKey("anteprima");
        try
        {
            await using var file = File.OpenRead(path);
            var report = await services.GetRequiredService<CallImportService>().ImportFileAsync(file, Path.GetFileName(path), apply, ct);
            foreach (var row in report.Rows.Where(r => r.Outcome is ImportOutcome.Scartato))
                await output.WriteLineAsync($"Scartato: {row.Identifier}: {row.Reason}");
            foreach (var row in report.Rows.Where(r => r.Outcome is ImportOutcome.Aggiornato))
                await output.WriteLineAsync($"Aggiornato: {row.Identifier}: " + string.Join("; ", row.Changes.Select(c => $"{c.Field} {c.OldValue ?? "—"} → {c.NewValue ?? "—"}")));
            await output.WriteLineAsync((apply ? "" : "Anteprima, nulla salvato. ") + report.SummaryLine);
            return 0;
        }
        catch (PortalFileException ex)
        {
            await output.WriteLineAsync($"Errore: {Path.GetFileName(path)}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> IcalAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        var sigla = Required(command, "provincia");
        var path = CommandLine.ResolvePath(Required(command, "out"));
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory)) throw new CommandLineException($"cartella non trovata: {directory}");
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        int provinceId;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Scope = TenantScope.System;
            provinceId = await db.Provinces.Where(p => p.Sigla == sigla.ToUpper()).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
                ?? throw new CommandLineException($"--provincia: sigla sconosciuta \"{sigla}\".");
        }
        var ics = await services.GetRequiredService<CalendarFeed>().ForProvinceAsync(provinceId, null, ct);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, ics, ct);
        File.Move(temp, path, overwrite: true);
        await output.WriteLineAsync($"eventi: {ics.Split("BEGIN:VEVENT").Length - 1}, file: {path}");
        return 0;
    }

    private static string Required(ParsedCommand command, string option) =>
        command.Options.TryGetValue(option, out var v) && !string.IsNullOrWhiteSpace(v) && v != "true"
            ? v : throw new CommandLineException($"manca --{option}.");
}
