using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Tenders;

/// <summary>Life cycle of a procedure (art. 21 D.Lgs. 36/2023) plus its closing.</summary>
public enum TenderPhase
{
    Programmazione = 1,
    Progettazione = 2,
    Pubblicazione = 3,
    Affidamento = 4,
    Esecuzione = 5,
    Conclusa = 6,
}

/// <summary>Oggetto del contratto (PCP oggettoContratto: works, services, supplies).</summary>
public enum ContractType
{
    Lavori = 1,
    Servizi = 2,
    Forniture = 3,
}

public enum DeadlineKind
{
    ScadenzaOfferte = 1,
    Aggiudicazione = 2,
    Stipula = 3,
    Personalizzata = 4,
}

/// <summary>
/// A procedure of the SUA's register. The committente is the Province itself (ComuneId null) or one of its Comuni,
/// for which the SUA runs the procedure. Amounts in cents, VAT excluded; ImportoBaseCents includes the safety costs.
/// </summary>
[DisplayName("Procedura di gara")]
public class Procedure : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Comune committente")] public int? ComuneId { get; set; }
    [Display(Name = "Codice fiscale del committente")] public string? CommittenteCodiceFiscale { get; set; }
    [Display(Name = "Oggetto")] public string Oggetto { get; set; } = "";
    [Display(Name = "Tipo di contratto")] public ContractType Tipo { get; set; }
    /// <summary>PCP sceltaContraente code.</summary>
    [Display(Name = "Scelta del contraente")] public string SceltaContraente { get; set; } = "";
    /// <summary>The exact L.190 sceltaContraente string, for records imported from (or due in) an L.190 file.</summary>
    [Display(Name = "Scelta del contraente (L. 190)")] public string? SceltaContraenteL190 { get; set; }
    /// <summary>PCP criteriAggiudicazione code.</summary>
    [Display(Name = "Criterio di aggiudicazione")] public string? Criterio { get; set; }
    /// <summary>PCP statoAppalto code.</summary>
    [Display(Name = "Stato dell'appalto")] public string? StatoAppalto { get; set; }
    /// <summary>PCP esitoProcedura code.</summary>
    [Display(Name = "Esito")] public string? Esito { get; set; }
    [Display(Name = "CPV")] public string? Cpv { get; set; }
    [Display(Name = "CUP")] public string? Cup { get; set; }
    /// <summary>ANAC's "numero gara" (the SIMOG/PCP id of the whole procedure): later files' lots of the same gara join it.</summary>
    [Display(Name = "Numero gara ANAC")] public string? NumeroGaraAnac { get; set; }
    [Display(Name = "Importo a base d'asta")] public long ImportoBaseCents { get; set; }
    [Display(Name = "Oneri per la sicurezza")] public long OneriSicurezzaCents { get; set; }
    [Display(Name = "RUP")] public string? Rup { get; set; }
    [Display(Name = "Codice fiscale del RUP")] public string? RupCodiceFiscale { get; set; }
    [Display(Name = "Fase")] public TenderPhase Phase { get; set; } = TenderPhase.Programmazione;
    /// <summary>Why an administrator moved the procedure back; the audit trail keeps each one.</summary>
    [Display(Name = "Motivo del ritorno di fase")] public string? MotivoCambioFase { get; set; }
    [Display(Name = "Data di pubblicazione")] public DateOnly? DataPubblicazione { get; set; }
    [Display(Name = "Data di aggiudicazione")] public DateOnly? DataAggiudicazione { get; set; }
    [Display(Name = "Data di stipula")] public DateOnly? DataStipula { get; set; }
    [Display(Name = "Inizio dell'esecuzione")] public DateOnly? DataInizioEsecuzione { get; set; }
    [Display(Name = "Fine dell'esecuzione")] public DateOnly? DataFineEsecuzione { get; set; }
    /// <summary>Year of the register: of the publication, else of the creation. Kept for the year filter and reports.</summary>
    [Display(Name = "Anno")] public int Anno { get; set; }
    [Display(Name = "Note")] public string? Note { get; set; }
    /// <summary>Optimistic concurrency token, incremented by every update (works alike on SQLite and PostgreSQL).</summary>
    public int RowVersion { get; set; }
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Modificata il")] public DateTime UpdatedAtUtc { get; set; }
    public List<Lot> Lots { get; set; } = [];
    public List<ProcedureDeadline> Deadlines { get; set; } = [];
}

/// <summary>A lot with its own CIG (the L.190 "lotto"): award data and completion times are per lot.</summary>
[DisplayName("Lotto")]
public class Lot : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Procedura")] public int ProcedureId { get; set; }
    public Procedure? Procedure { get; set; }
    [Display(Name = "Numero del lotto")] public int Numero { get; set; }
    /// <summary>Unique on the whole platform; empty until ANAC assigns it.</summary>
    [Display(Name = "CIG")] public string? Cig { get; set; }
    [Display(Name = "Oggetto del lotto")] public string Oggetto { get; set; } = "";
    [Display(Name = "Importo del lotto")] public long ImportoCents { get; set; }
    /// <summary>PCP statoLotto code.</summary>
    [Display(Name = "Stato del lotto")] public string? StatoLotto { get; set; }
    [Display(Name = "Importo di aggiudicazione")] public long? ImportoAggiudicazioneCents { get; set; }
    [Display(Name = "Ribasso %")] public decimal? RibassoPercent { get; set; }
    [Display(Name = "Somme liquidate")] public long? SommeLiquidateCents { get; set; }
    [Display(Name = "Data di inizio")] public DateOnly? DataInizio { get; set; }
    [Display(Name = "Data di ultimazione")] public DateOnly? DataUltimazione { get; set; }
    public int RowVersion { get; set; }
    public List<Participation> Participations { get; set; } = [];
}

/// <summary>An economic operator of the Province's register, Italian (codice fiscale / partita IVA) or foreign.</summary>
[DisplayName("Operatore economico")]
public class EconomicOperator : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Denominazione")] public string Denominazione { get; set; } = "";
    [Display(Name = "Codice fiscale")] public string? CodiceFiscale { get; set; }
    [Display(Name = "Identificativo fiscale estero")] public string? IdentificativoFiscaleEstero { get; set; }
    [Display(Name = "Creato il")] public DateTime CreatedAtUtc { get; set; }
}

/// <summary>
/// A bid on a lot: one operator alone, or a raggruppamento (several members with their L.190 roles). The winner flag
/// makes it an aggiudicatario.
/// </summary>
[DisplayName("Partecipazione")]
public class Participation : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Lotto")] public int LotId { get; set; }
    public Lot? Lot { get; set; }
    [Display(Name = "Nome del raggruppamento")] public string? NomeRaggruppamento { get; set; }
    [Display(Name = "Aggiudicatario")] public bool Aggiudicatario { get; set; }
    public List<ParticipationMember> Members { get; set; } = [];

    public bool IsGroup => Members.Count > 1 || NomeRaggruppamento is not null;
}

[DisplayName("Membro di una partecipazione")]
public class ParticipationMember : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Partecipazione")] public int ParticipationId { get; set; }
    [Display(Name = "Operatore economico")] public int OperatorId { get; set; }
    public EconomicOperator? Operator { get; set; }
    /// <summary>L.190 ruolo code ("02-MANDATARIA"); null for an operator bidding alone.</summary>
    [Display(Name = "Ruolo")] public string? Ruolo { get; set; }
}

/// <summary>A deadline of a procedure; DeadlineReminderWorker reminds the SUA of it (Tenders:ReminderDays).</summary>
[DisplayName("Scadenza di gara")]
public class ProcedureDeadline : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Procedura")] public int ProcedureId { get; set; }
    [Display(Name = "Tipo di scadenza")] public DeadlineKind Kind { get; set; }
    [Display(Name = "Titolo")] public string? Titolo { get; set; }
    [Display(Name = "Scadenza")] public DateTime DueAtUtc { get; set; }
    [Display(Name = "Nota")] public string? Note { get; set; }
}

/// <summary>
/// A reminder already sent for a deadline: one per deadline, reminder step (days before) and due time, so that the
/// worker never sends it twice and a deadline moved to a new date is reminded again.
/// </summary>
[DisplayName("Promemoria di scadenza")]
[Audit.NotAudited]
public class DeadlineReminder : ITenantOwned
{
    public int Id { get; set; }
    public int ProvinceId { get; set; }
    public int DeadlineId { get; set; }
    public int DaysBefore { get; set; }
    public DateTime DueAtUtc { get; set; }
    public DateTime SentAtUtc { get; set; }
    public int Recipients { get; set; }
}
