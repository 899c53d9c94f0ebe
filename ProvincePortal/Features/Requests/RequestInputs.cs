using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Requests;

public sealed class RequestNotFoundException() : Exception("Richiesta non trovata.");

public sealed class RequestForbiddenException(string message) : Exception(message);

public sealed class RequestConcurrencyException(string message) : Exception(message)
{
    public const string RequestChanged = "La richiesta è stata modificata da un altro utente dopo che l'ha aperta: ricarichi la pagina per vedere lo stato aggiornato e ripeta l'operazione.";
    public const string ServiceChanged = "Il servizio è stato modificato da un altro utente dopo che l'ha aperto: ricarichi la pagina e ripeta la modifica.";
    public const string CalendarChanged = "Il calendario è stato modificato da un altro utente dopo che l'ha aperto: ricarichi la pagina e ripeta la modifica.";
}

/// <summary>Bad input: Italian messages by field (the input's property name, or "campo-{id}" for a form field).</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public RequestValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }
}

/// <summary>Who does what in Richieste Comuni; the services check these, the pages only hide what would be refused.</summary>
public static class RequestAccess
{
    /// <summary>Operators handle the requests of their Province: the competence centre and the Province's administrators.</summary>
    public static bool IsOperator(PortalPrincipal user) => user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator);

    public static bool IsCatalogueAdmin(PortalPrincipal user) => user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin);

    public static bool IsComuneUser(PortalPrincipal user) => user.IsInRole(Roles.ComuneUser) && user.ComuneId is not null;

    /// <summary>A Comune officer (or a Province office, for services open to them) may file requests.</summary>
    public static bool CanFile(PortalPrincipal user, RequesterKind kind) =>
        IsComuneUser(user) ? kind != RequesterKind.UfficiProvinciali
        : user.ProvinceId is not null && user.Satisfies(Policies.Requests) && kind != RequesterKind.Comuni;
}

public sealed class SlaClassInput
{
    public int? Id { get; set; }
    public string? Name { get; set; }
    public int TakeChargeTarget { get; set; } = 4;
    public SlaUnit TakeChargeUnit { get; set; } = SlaUnit.Ore;
    public int ResolveTarget { get; set; } = 5;
    public SlaUnit ResolveUnit { get; set; } = SlaUnit.Giorni;
    public int WarningPercent { get; set; } = 80;
    /// <summary>Empty: no automatic reminders while a request waits for the requester.</summary>
    public int? ReminderEveryWorkingDays { get; set; }
    public int ReminderMaxCount { get; set; } = 3;
}

public sealed class ServiceInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public RequesterKind Requesters { get; set; } = RequesterKind.Comuni;
    public int? SlaClassId { get; set; }
    public bool IsPublished { get; set; }
    public int RowVersion { get; set; }
    public List<FieldInput> Fields { get; set; } = [];
}

public sealed class FieldInput
{
    /// <summary>Null for a new field.</summary>
    public int? Id { get; set; }
    public string? Label { get; set; }
    public FormFieldKind Kind { get; set; } = FormFieldKind.Testo;
    public bool Required { get; set; }
    public string? Options { get; set; }
    public string? HelpText { get; set; }
}

/// <summary>A file given for an attachment field: its name and a way to read it once.</summary>
public sealed record AttachmentUpload(string FileName, long Size, Func<Stream> Open);

public sealed class NewRequestInput
{
    public string? Subject { get; set; }
    public RequestPriority Priority { get; set; } = RequestPriority.Media;
    /// <summary>Values of text, number, date and choice fields by field id, as typed (numbers and dates are parsed here).</summary>
    public Dictionary<int, string?> Values { get; set; } = [];
    public Dictionary<int, AttachmentUpload> Attachments { get; set; } = [];
}

/// <summary>What an action needs besides the action itself (unused members are ignored).</summary>
public sealed class ActionInput
{
    public string? AssignedUserId { get; set; }
    public int? AssignedGroupId { get; set; }
    public DateTime? PlannedStartUtc { get; set; }
    public DateTime? PlannedEndUtc { get; set; }
    /// <summary>The reason of a wait or of a refusal, or the solution.</summary>
    public string? Text { get; set; }
}
