namespace ProvincePortal.Features.Formazione;

public sealed class FormazioneNotFoundException() : Exception("Elemento della formazione non trovato.");

public sealed class FormazioneForbiddenException(string message) : Exception(message);

/// <summary>Bad input: the Italian message of each wrong field, keyed by the field's name.</summary>
public sealed class FormazioneValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public FormazioneValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }
}

public sealed class IstanzaInput
{
    public int? Id { get; set; }
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? BaseUrl { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Serves every Province (only a platform administrator may choose it).</summary>
    public bool PlatformWide { get; set; }
    public List<int> ProvinceIds { get; set; } = [];
}

public sealed class CorsoInput
{
    public int? Id { get; set; }
    public ServizioFormazione Servizio { get; set; } = ServizioFormazione.Sua;
    public int? MoodleInstanceId { get; set; }
    public long? MoodleCourseId { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Audience { get; set; }
    public decimal? Hours { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>In the platform's catalogue (every Province the instance serves) rather than the user's Province's.</summary>
    public bool PlatformCatalogue { get; set; }
}

public sealed record IstanzaRow(int Id, string Key, string Name, string BaseUrl, bool Enabled, bool IsDemo, IReadOnlyList<string> Provinces, bool HasToken, bool CanEdit);

public sealed record CorsoRow(int Id, string Title, ServizioFormazione Servizio, string Instance, decimal Hours, string Audience, bool Active,
    int Enrolled, int Completed, EsitoCompletamento? MyEsito, DateTime? LastSyncOkUtc, string? LastSyncError);

public sealed record CorsoDetails(int Id, string Title, string Description, string Audience, decimal Hours, ServizioFormazione Servizio, int? ProvinceId,
    int InstanceId, string InstanceName, string InstanceUrl, bool InstanceIsDemo, long MoodleCourseId, bool Active,
    DateTime? LastSyncOkUtc, string? LastSyncError, DateTime? LastSyncErrorUtc, EsitoCompletamento? MyEsito, bool CanManage, bool CanEnrolOthers)
{
    public string MoodleCourseUrl => InstanceUrl.TrimEnd('/') + "/course/view.php?id=" + MoodleCourseId;
}

public sealed record PartecipanteRow(string UserId, string FullName, string Unit, EsitoCompletamento Esito, DateTime? CompletedAtUtc, decimal? Grade, decimal? GradeMax, DateTime SyncedAtUtc);

public sealed record ColleagueOption(string UserId, string FullName, string Email)
{
    public override string ToString() => $"{FullName} ({Email})";
}

public static class FormazioneLabels
{
    public static string Label(ServizioFormazione s) => s switch
    {
        ServizioFormazione.Sua => "SUA",
        ServizioFormazione.Europa => "Servizio Europa",
        ServizioFormazione.CentroDiCompetenza => "Centro di Competenza",
        _ => s.ToString(),
    };

    public static string Label(EsitoCompletamento e) => e switch
    {
        EsitoCompletamento.Completato => "Completato",
        EsitoCompletamento.InCorso => "In corso",
        EsitoCompletamento.NonTracciato => "Completamento non tracciato",
        _ => e.ToString(),
    };

    public static string Hours(decimal hours) => Localization.Formats.Number((double)hours, hours == decimal.Truncate(hours) ? 0 : 1);
}
