using Microsoft.Extensions.Options;

namespace ProvincePortal.Features.Formazione;

/// <summary>Section "Formazione". The tokens are under Formazione:Moodle:&lt;key&gt;:Token and come from the environment or user secrets.</summary>
public sealed class FormazioneOptions
{
    /// <summary>Scheduled sync of every catalogue course (the "Sincronizza ora" button and the CLI work either way).</summary>
    public bool SyncEnabled { get; set; } = true;
    public int SyncEveryMinutes { get; set; } = 360;
    /// <summary>How long one Moodle call may take before the instance is reported as not answering.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Builds the endpoint of an instance with its token, read from configuration at each call (rotating a token needs no restart).</summary>
public sealed class MoodleConnections(IConfiguration configuration)
{
    public static string TokenKey(string instanceKey) => $"Formazione:Moodle:{instanceKey}:Token";

    public static string EnvironmentVariable(string instanceKey) => $"Formazione__Moodle__{instanceKey}__Token";

    public bool HasToken(string instanceKey) => !string.IsNullOrWhiteSpace(configuration[TokenKey(instanceKey)]);

    public MoodleEndpoint EndpointOf(MoodleInstance instance)
    {
        var token = configuration[TokenKey(instance.Key)];
        if (string.IsNullOrWhiteSpace(token))
            throw new MoodleException($"Manca il token dell'istanza Moodle «{instance.Name}»: impostarlo nella variabile d'ambiente {EnvironmentVariable(instance.Key)} (o con dotnet user-secrets, chiave {TokenKey(instance.Key)}).", "missingtoken");
        return new MoodleEndpoint(instance.Key, instance.Name, instance.BaseUrl, token.Trim());
    }
}

/// <summary>Runs the sync of every course every Formazione:SyncEveryMinutes (off with Formazione:SyncEnabled=false).</summary>
public sealed class FormazioneSyncWorker(IServiceScopeFactory scopes, IOptionsMonitor<FormazioneOptions> options, TimeProvider clock, ILogger<FormazioneSyncWorker> logger)
    : Hosting.PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan InitialDelay => TimeSpan.FromMinutes(2);
    protected override TimeSpan Period => TimeSpan.FromMinutes(Math.Max(5, options.CurrentValue.SyncEveryMinutes));
    protected override bool Enabled => options.CurrentValue.SyncEnabled;
    protected override string FailureMessage => "Sincronizzazione della formazione (Moodle) non riuscita";

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var report = await services.GetRequiredService<FormazioneSync>().SyncAsync(null, null, nowUtc, ct);
        if (report.Courses.Count > 0)
            logger.LogInformation("Formazione: {Ok} corsi sincronizzati, {Failed} non riusciti", report.Succeeded, report.Failed);
    }
}
