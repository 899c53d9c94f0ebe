using ProvincePortal.Cli;

namespace ProvincePortal.Features.Formazione;

/// <summary>`formazione sync [--istanza KEY]`: the same sync as the scheduled one, on demand (e.g. from cron or after a token change).</summary>
public static class FormazioneVerbs
{
    public static void Register() =>
        CommandLine.Register("formazione sync", "formazione sync [--istanza CHIAVE]   sincronizza da Moodle iscritti, completamenti e voti dei corsi del catalogo",
            ["istanza"], SyncAsync);

    private static async Task<int> SyncAsync(IServiceProvider services, ParsedCommand command, TextWriter output, CancellationToken ct)
    {
        command.Options.TryGetValue("istanza", out var key);
        if (key is "true" or "") throw new CommandLineException("--istanza: indicare la chiave dell'istanza (es. --istanza fadtv).");
        var report = await services.GetRequiredService<FormazioneSync>().SyncAsync(key?.Trim().ToLowerInvariant(), null,
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
        if (report.Courses.Count == 0)
        {
            await output.WriteLineAsync(key is null
                ? "Nessun corso da sincronizzare (catalogo vuoto, istanze disattivate o solo dimostrative)."
                : $"Nessun corso da sincronizzare per l'istanza «{key}» (chiave inesistente, istanza disattivata o dimostrativa).");
            return key is null ? 0 : 1;
        }
        foreach (var c in report.Courses)
            await output.WriteLineAsync(c.Ok
                ? $"OK   {c.Title} ({c.Instance}): {c.Enrolled} iscritti su Moodle, {c.Matched} utenti del portale, {c.Completed} completati"
                : $"ERR  {c.Title} ({c.Instance}): {c.Error} (restano i dati dell'ultima sincronizzazione riuscita)");
        await output.WriteLineAsync($"Corsi sincronizzati: {report.Succeeded}, non riusciti: {report.Failed}.");
        return report.Failed == 0 ? 0 : 1;
    }
}
