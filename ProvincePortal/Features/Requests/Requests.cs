using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Requests;

/// <summary>Units of an SLA target. No "months": GLPI's 30-working-days approximation is what users complain about.</summary>
public enum SlaUnit { Minuti = 1, Ore = 2, Giorni = 3 }

/// <summary>A service level: how long the competence centre has to take a request in charge (TTO) and to resolve it (TTR).</summary>
[DisplayName("Classe di servizio (SLA)")]
public class SlaClass : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Nome")] public string Name { get; set; } = "";
    [Display(Name = "Tempo di presa in carico")] public int TakeChargeTarget { get; set; }
    [Display(Name = "Unità del tempo di presa in carico")] public SlaUnit TakeChargeUnit { get; set; } = SlaUnit.Ore;
    [Display(Name = "Tempo di risoluzione")] public int ResolveTarget { get; set; }
    [Display(Name = "Unità del tempo di risoluzione")] public SlaUnit ResolveUnit { get; set; } = SlaUnit.Giorni;
    /// <summary>Share of the target after which the operators are warned (e.g. 80: warned when 20% is left).</summary>
    [Display(Name = "Avviso al (% del tempo)")] public int WarningPercent { get; set; } = 80;
    /// <summary>Working days between automatic reminders to the requester while a request is "In attesa"; null: no reminders.</summary>
    [Display(Name = "Promemoria ogni (giorni lavorativi)")] public int? ReminderEveryWorkingDays { get; set; }
    /// <summary>How many reminders at most for one wait (each new wait starts again).</summary>
    [Display(Name = "Numero massimo di promemoria")] public int ReminderMaxCount { get; set; } = 3;
}

/// <summary>Who may file requests for a service.</summary>
public enum RequesterKind { Comuni = 1, UfficiProvinciali = 2, Tutti = 3 }

/// <summary>A service of the competence centre's catalogue, with the form a Comune fills to request it.</summary>
[DisplayName("Servizio del catalogo")]
public class CatalogService : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Nome")] public string Name { get; set; } = "";
    [Display(Name = "Descrizione")] public string Description { get; set; } = "";
    [Display(Name = "Categoria")] public string Category { get; set; } = "";
    [Display(Name = "Chi può richiederlo")] public RequesterKind Requesters { get; set; } = RequesterKind.Comuni;
    [Display(Name = "Classe SLA")] public int SlaClassId { get; set; }
    public SlaClass? SlaClass { get; set; }
    /// <summary>Unpublished services are kept (their requests refer to them) but not offered in the catalogue.</summary>
    [Display(Name = "Pubblicato")] public bool IsPublished { get; set; }
    [Display(Name = "Creato il")] public DateTime CreatedAtUtc { get; set; }
    public int RowVersion { get; set; }
    public List<ServiceFormField> Fields { get; set; } = [];
}

public enum FormFieldKind { Testo = 1, TestoLungo = 2, Numero = 3, Data = 4, Scelta = 5, Allegato = 6 }

/// <summary>A field of a service's request form, defined by an administrator.</summary>
[DisplayName("Campo del modulo di richiesta")]
public class ServiceFormField
{
    public int Id { get; set; }
    [Display(Name = "Servizio")] public int ServiceId { get; set; }
    [Display(Name = "Ordine")] public int Order { get; set; }
    [Display(Name = "Etichetta")] public string Label { get; set; } = "";
    [Display(Name = "Tipo")] public FormFieldKind Kind { get; set; }
    [Display(Name = "Obbligatorio")] public bool Required { get; set; }
    /// <summary>For <see cref="FormFieldKind.Scelta"/>: the options, one per line.</summary>
    [Display(Name = "Opzioni")] public string? Options { get; set; }
    [Display(Name = "Aiuto")] public string? HelpText { get; set; }
    /// <summary>A removed field stays for the requests that have a value for it; new forms no longer show it.</summary>
    [Display(Name = "Rimosso il")] public DateTime? RemovedAtUtc { get; set; }

    public IReadOnlyList<string> OptionList =>
        (Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum RequestStatus { Nuova = 1, InCarico = 2, Pianificata = 3, InAttesa = 4, Risolta = 5, Chiusa = 6 }

public enum RequestPriority { Bassa = 1, Media = 2, Alta = 3, Urgente = 4 }

/// <summary>Where a request stands against its SLA, kept on the row so that lists filter on it with an index.</summary>
public enum SlaState { InTempo = 1, InScadenza = 2, Violato = 3, InPausa = 4, Rispettato = 5 }

/// <summary>
/// An assistance request of a Comune. <see cref="ComuneId"/> and <see cref="ServiceId"/> are what the satisfaction
/// surveys, the CRM and the dashboard attach to.
/// </summary>
[DisplayName("Richiesta")]
public class ServiceRequest : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Comune")] public int? ComuneId { get; set; }
    [Display(Name = "Servizio")] public int ServiceId { get; set; }
    public CatalogService? Service { get; set; }
    [Display(Name = "Oggetto")] public string Subject { get; set; } = "";
    [Display(Name = "Stato")] public RequestStatus Status { get; set; } = RequestStatus.Nuova;
    [Display(Name = "Priorità")] public RequestPriority Priority { get; set; } = RequestPriority.Media;
    [Display(Name = "Richiedente")] public string RequesterUserId { get; set; } = "";
    [Display(Name = "Nome del richiedente")] public string RequesterName { get; set; } = "";
    [Display(Name = "Operatore assegnato")] public string? AssignedUserId { get; set; }
    [Display(Name = "Nome dell'operatore")] public string? AssignedUserName { get; set; }
    [Display(Name = "Gruppo assegnato")] public int? AssignedGroupId { get; set; }
    [Display(Name = "Inizio pianificato")] public DateTime? PlannedStartUtc { get; set; }
    [Display(Name = "Fine pianificata")] public DateTime? PlannedEndUtc { get; set; }
    [Display(Name = "Motivo dell'attesa")] public string? WaitingReason { get; set; }
    [Display(Name = "Soluzione")] public string? Solution { get; set; }
    [Display(Name = "Soluzioni rifiutate")] public int RefusedSolutions { get; set; }
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Presa in carico il")] public DateTime? TakenInChargeAtUtc { get; set; }
    [Display(Name = "Risolta il")] public DateTime? SolvedAtUtc { get; set; }
    [Display(Name = "Chiusa il")] public DateTime? ClosedAtUtc { get; set; }
    [Display(Name = "Ultima attività")] public DateTime LastActivityAtUtc { get; set; }

    // SLA, copied from the service's class when filed so that a later change of the class does not rewrite old requests.
    [Display(Name = "Tempo di presa in carico (minuti lavorativi o giorni)")] public int TakeChargeTarget { get; set; }
    [Display(Name = "Unità della presa in carico")] public SlaUnit TakeChargeUnit { get; set; }
    [Display(Name = "Tempo di risoluzione")] public int ResolveTarget { get; set; }
    [Display(Name = "Unità della risoluzione")] public SlaUnit ResolveUnit { get; set; }
    [Display(Name = "Avviso al (%)")] public int WarningPercent { get; set; }
    [Display(Name = "Scadenza della presa in carico")] public DateTime TakeChargeDueUtc { get; set; }
    [Display(Name = "Avviso per la presa in carico")] public DateTime TakeChargeWarnUtc { get; set; }
    /// <summary>Null while the resolve clock is paused (In attesa, Risolta) or stopped.</summary>
    [Display(Name = "Scadenza della risoluzione")] public DateTime? ResolveDueUtc { get; set; }
    [Display(Name = "Avviso per la risoluzione")] public DateTime? ResolveWarnUtc { get; set; }
    /// <summary>Working minutes left (negative: late) when taken in charge; null until then.</summary>
    [Display(Name = "Margine della presa in carico (minuti)")] public int? TakeChargeMarginMinutes { get; set; }
    [Display(Name = "Margine della risoluzione (minuti)")] public int? ResolveMarginMinutes { get; set; }
    [Display(Name = "Stato SLA")] public SlaState SlaState { get; set; } = SlaState.InTempo;
    /// <summary>When the next automatic reminder to the requester is due; set on entering "In attesa", cleared on leaving it.</summary>
    [Display(Name = "Prossimo promemoria")] public DateTime? NextReminderUtc { get; set; }
    /// <summary>
    /// Working minutes from filing to taking charge and to the solution (pauses excluded), computed once by the SLA
    /// calculator when they happen so that the dashboard sums and averages columns instead of walking calendars per row.
    /// Null until then (a refused solution clears the resolve figure).
    /// </summary>
    [Display(Name = "Minuti lavorativi alla presa in carico")] public int? TakeChargeWorkingMinutes { get; set; }
    [Display(Name = "Minuti lavorativi alla risoluzione")] public int? ResolveWorkingMinutes { get; set; }

    /// <summary>Optimistic concurrency token, incremented by every change.</summary>
    public int RowVersion { get; set; }
    public List<RequestFieldValue> Values { get; set; } = [];
}

/// <summary>The value a requester gave to one form field (label and kind copied: the form may change later).</summary>
[DisplayName("Valore del modulo di richiesta")]
public class RequestFieldValue
{
    public int Id { get; set; }
    public int RequestId { get; set; }
    public int FieldId { get; set; }
    [Display(Name = "Campo")] public string Label { get; set; } = "";
    public FormFieldKind Kind { get; set; }
    public int Order { get; set; }
    [Display(Name = "Valore")] public string? Value { get; set; }
    /// <summary>For attachments: the document in the Comune's workspace.</summary>
    [Display(Name = "Documento")] public int? DocumentId { get; set; }
}

public enum RequestEventKind
{
    Creata = 1, PresaInCarico = 2, Assegnata = 3, Pianificata = 4, MessaInAttesa = 5, Ripresa = 6, Risolta = 7,
    SoluzioneApprovata = 8, SoluzioneRifiutata = 9, ChiusaAutomaticamente = 10, Risposta = 11, NotaInterna = 12,
    PrioritaCambiata = 13, AvvisoSla = 14, ViolazioneSla = 15, Promemoria = 16,
}

/// <summary>
/// One line of a request's history: a change of state (with from/to, the source of the SLA pauses), an assignment, a
/// public reply or an internal note. Internal notes are never returned to Comune users (the query filters them).
/// </summary>
[DisplayName("Evento di una richiesta")]
[NotAudited]
public class RequestEvent : ITenantOwned
{
    public long Id { get; set; }
    public int ProvinceId { get; set; }
    public int RequestId { get; set; }
    public RequestEventKind Kind { get; set; }
    public RequestStatus? FromStatus { get; set; }
    public RequestStatus? ToStatus { get; set; }
    public DateTime AtUtc { get; set; }
    public string? AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public string? Text { get; set; }
    public bool IsInternal { get; set; }
}

/// <summary>A group of operators a request can be assigned to (e.g. "Siti web", "pagoPA").</summary>
[DisplayName("Gruppo di operatori")]
public class OperatorGroup : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Nome")] public string Name { get; set; } = "";
    /// <summary>A deactivated group keeps its history and its requests but is no longer offered for assignment.</summary>
    [Display(Name = "Attivo")] public bool IsActive { get; set; } = true;
    public int RowVersion { get; set; }
    public List<OperatorGroupMember> Members { get; set; } = [];
}

[DisplayName("Membro di un gruppo di operatori")]
public class OperatorGroupMember
{
    public int GroupId { get; set; }
    [Display(Name = "Utente")] public string UserId { get; set; } = "";
    /// <summary>A coordinator may rename the group and change its members without being a Province administrator.</summary>
    [Display(Name = "Coordinatore")] public bool IsCoordinator { get; set; }
}

/// <summary>
/// An automatic reminder sent to the requester of a request "In attesa". Unique per request, wait and number, so a
/// restarted job or a second app server never sends the same reminder twice.
/// </summary>
[NotAudited]
public class RequestReminder : ITenantOwned
{
    public long Id { get; set; }
    public int ProvinceId { get; set; }
    public int RequestId { get; set; }
    /// <summary>When the request entered the wait this reminder belongs to.</summary>
    public DateTime WaitingSinceUtc { get; set; }
    public int Number { get; set; }
    public DateTime DueUtc { get; set; }
    public DateTime AtUtc { get; set; }
}

public enum SlaClock { PresaInCarico = 1, Risoluzione = 2 }
public enum SlaAlertKind { Avviso = 1, Violazione = 2 }

/// <summary>
/// A warning or a breach of one SLA clock, sent once: unique per request, clock, kind and due time (a due time moved by a
/// pause is warned again), so a restarted job or a second app server never sends it twice.
/// </summary>
[NotAudited]
public class SlaAlert : ITenantOwned
{
    public long Id { get; set; }
    public int ProvinceId { get; set; }
    public int RequestId { get; set; }
    public SlaClock Clock { get; set; }
    public SlaAlertKind Kind { get; set; }
    public DateTime DueUtc { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>Working minutes left at that moment (negative once breached).</summary>
    public int MarginMinutes { get; set; }
}

/// <summary>The office hours of a Province (Europe/Rome), one text per weekday ("08:30-13:00 14:00-17:30", empty = closed).</summary>
[DisplayName("Calendario lavorativo")]
public class BusinessCalendar : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Lunedì")] public string Monday { get; set; } = WorkCalendar.DefaultWeekdayHours;
    [Display(Name = "Martedì")] public string Tuesday { get; set; } = WorkCalendar.DefaultWeekdayHours;
    [Display(Name = "Mercoledì")] public string Wednesday { get; set; } = WorkCalendar.DefaultWeekdayHours;
    [Display(Name = "Giovedì")] public string Thursday { get; set; } = WorkCalendar.DefaultWeekdayHours;
    [Display(Name = "Venerdì")] public string Friday { get; set; } = WorkCalendar.DefaultWeekdayHours;
    [Display(Name = "Sabato")] public string Saturday { get; set; } = "";
    [Display(Name = "Domenica")] public string Sunday { get; set; } = "";
    [Display(Name = "Santo patrono")] public string PatronName { get; set; } = "";
    /// <summary>The usual day of the patron; a year may move it (<see cref="PatronDay"/>).</summary>
    [Display(Name = "Mese del patrono")] public int? PatronMonth { get; set; }
    [Display(Name = "Giorno del patrono")] public int? PatronDayOfMonth { get; set; }
    public int RowVersion { get; set; }

    public string[] Week => [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday];
}

/// <summary>The patron-saint holiday of one year when it differs from the usual day (or the usual day is not set).</summary>
[DisplayName("Festa del patrono")]
public class PatronDay : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Anno")] public int Year { get; set; }
    [Display(Name = "Data")] public DateOnly Date { get; set; }
}
