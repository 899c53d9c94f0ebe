using ProvincePortal.Data;

namespace ProvincePortal.Features.Formazione;

/// <summary>The three services of the Province whose staff the courses train (the same three as the document spaces).</summary>
public enum ServizioFormazione { Sua = 1, Europa = 2, CentroDiCompetenza = 3 }

/// <summary>What the last sync of a user's course said about completion.</summary>
public enum EsitoCompletamento
{
    InCorso = 1,
    Completato = 2,
    /// <summary>The course has no completion criteria, or Moodle does not track this user: not counted as completed.</summary>
    NonTracciato = 3,
}

/// <summary>
/// A Moodle site that delivers courses. The token is a secret and is not stored here: it is read from configuration
/// Formazione:Moodle:&lt;Key&gt;:Token (environment variable or user secrets). No Province rows means platform-wide.
/// </summary>
public class MoodleInstance
{
    public int Id { get; set; }
    /// <summary>Short stable key ([a-z0-9-]), the name of the configuration section holding the token.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Base address of the Moodle site, e.g. https://fad.provincia.tv.it (no trailing slash).</summary>
    public string BaseUrl { get; set; } = "";
    public bool Enabled { get; set; } = true;
    /// <summary>Demo data: never called over the network (its records are written by the demo seeder).</summary>
    public bool IsDemo { get; set; }
    public List<MoodleInstanceProvince> Provinces { get; set; } = [];
}

/// <summary>A Province served by an instance.</summary>
public class MoodleInstanceProvince
{
    public int MoodleInstanceId { get; set; }
    public int ProvinceId { get; set; }
}

/// <summary>
/// An entry of the training catalogue: a Moodle course (instance + course id) described for the Province's staff.
/// ProvinceId null: the platform's catalogue, seen by every Province the instance serves.
/// </summary>
public class CorsoFormazione : IPlatformOrTenantOwned
{
    public int Id { get; set; }
    public int? ProvinceId { get; set; }
    public ServizioFormazione Servizio { get; set; }
    public int MoodleInstanceId { get; set; }
    public MoodleInstance? MoodleInstance { get; set; }
    public long MoodleCourseId { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Who the course is for ("RUP e operatori SUA").</summary>
    public string Audience { get; set; } = "";
    /// <summary>Length in hours (one decimal).</summary>
    public decimal Hours { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>Last sync that succeeded: the records below are as of this time.</summary>
    public DateTime? LastSyncOkUtc { get; set; }
    /// <summary>Error of the last sync when it failed (the records of the last good sync are kept).</summary>
    public string? LastSyncError { get; set; }
    public DateTime? LastSyncErrorUtc { get; set; }
}

/// <summary>One portal user's state in one catalogue course, as the last good sync read it from Moodle.</summary>
public class EsitoFormazione : ITenantOwned
{
    public int Id { get; set; }
    /// <summary>The user's Province (the tenant whose dashboard counts this record).</summary>
    public int ProvinceId { get; set; }
    public int CorsoFormazioneId { get; set; }
    public CorsoFormazione? Corso { get; set; }
    public string UserId { get; set; } = "";
    public long MoodleUserId { get; set; }
    public EsitoCompletamento Esito { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    /// <summary>Course total (gradereport_user_get_grade_items, item type "course"); null when not graded.</summary>
    public decimal? Grade { get; set; }
    public decimal? GradeMax { get; set; }
    public DateTime SyncedAtUtc { get; set; }
}
