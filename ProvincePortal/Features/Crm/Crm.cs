using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Crm;

/// <summary>Stored state of an agreement; "scaduta" is also shown on its own once an active agreement's end date has passed.</summary>
public enum ConvenzioneStatus { Bozza = 1, Attiva = 2, Scaduta = 3, Cessata = 4 }

/// <summary>
/// The agreement between the Province's competence centre and one Comune: the services it covers, its period and the
/// fee rule that produces one <see cref="QuotaAnnuale"/> per year of the period.
/// </summary>
[DisplayName("Convenzione")]
public class Convenzione : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Comune")] public int ComuneId { get; set; }
    public Comune? Comune { get; set; }
    [Display(Name = "Oggetto")] public string Title { get; set; } = "";
    [Display(Name = "Stato")] public ConvenzioneStatus Status { get; set; } = ConvenzioneStatus.Bozza;
    [Display(Name = "Data di inizio")] public DateOnly StartDate { get; set; }
    [Display(Name = "Data di fine")] public DateOnly EndDate { get; set; }
    [Display(Name = "Rinnovo tacito")] public bool TacitRenewal { get; set; }
    /// <summary>Days before the end by which either party must give notice (disdetta), for tacit renewal.</summary>
    [Display(Name = "Preavviso di disdetta (giorni)")] public int? RenewalNoticeDays { get; set; }
    /// <summary>Registration in the protocollo informatico (DPR 445/2000).</summary>
    [Display(Name = "Numero di protocollo")] public string? ProtocolNumber { get; set; }
    [Display(Name = "Data di protocollo")] public DateOnly? ProtocolDate { get; set; }
    [Display(Name = "Quota fissa (centesimi)")] public long FixedFeeCents { get; set; }
    /// <summary>Euro per inhabitant in ten-thousandths of a euro (0,1234 € = 1234): rates below the cent are common.</summary>
    [Display(Name = "Quota per abitante (decimillesimi di euro)")] public long PerInhabitantTenThousandths { get; set; }
    [Display(Name = "Importo minimo (centesimi)")] public long? MinimumCents { get; set; }
    [Display(Name = "Importo massimo (centesimi)")] public long? CapCents { get; set; }
    /// <summary>The ISTAT population the fee was computed on, kept so that a later ISTAT import does not change signed quotas.</summary>
    [Display(Name = "Popolazione ISTAT usata")] public int Population { get; set; }
    [Display(Name = "Scadenza della quota (mese)")] public int QuotaDueMonth { get; set; } = 3;
    [Display(Name = "Scadenza della quota (giorno)")] public int QuotaDueDay { get; set; } = 31;
    [Display(Name = "Note")] public string? Notes { get; set; }
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    public int RowVersion { get; set; }
    public List<ConvenzioneServizio> Services { get; set; } = [];
    public List<QuotaAnnuale> Quotas { get; set; } = [];

    /// <summary>What the lists show: an active agreement past its end date is "scaduta" even before anyone changes it.</summary>
    public static ConvenzioneStatus EffectiveStatus(ConvenzioneStatus stored, DateOnly endDate, DateOnly today) =>
        stored == ConvenzioneStatus.Attiva && endDate < today ? ConvenzioneStatus.Scaduta : stored;
}

/// <summary>A catalogue service covered by an agreement.</summary>
[DisplayName("Servizio della convenzione")]
public class ConvenzioneServizio
{
    public int ConvenzioneId { get; set; }
    [Display(Name = "Servizio")] public int CatalogServiceId { get; set; }
    public Requests.CatalogService? CatalogService { get; set; }
}

public enum QuotaStatus { DaPagare = 1, Parziale = 2, Pagata = 3, Scaduta = 4 }

/// <summary>The fee due for one year of an agreement, with its payments.</summary>
[DisplayName("Quota annuale")]
public class QuotaAnnuale : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Convenzione")] public int ConvenzioneId { get; set; }
    public Convenzione? Convenzione { get; set; }
    /// <summary>Copied from the agreement so that the overdue list and the Comune filter need no join.</summary>
    [Display(Name = "Comune")] public int ComuneId { get; set; }
    [Display(Name = "Anno")] public int Year { get; set; }
    [Display(Name = "Importo (centesimi)")] public long AmountCents { get; set; }
    [Display(Name = "Scadenza")] public DateOnly DueDate { get; set; }
    /// <summary>Sum of <see cref="Payments"/>, kept on the row so that overdue quotas are found with an index.</summary>
    [Display(Name = "Pagato (centesimi)")] public long PaidCents { get; set; }
    public List<Pagamento> Payments { get; set; } = [];

    public static QuotaStatus StatusOf(long amountCents, long paidCents, DateOnly dueDate, DateOnly today) =>
        paidCents >= amountCents ? QuotaStatus.Pagata
        : today > dueDate ? QuotaStatus.Scaduta
        : paidCents > 0 ? QuotaStatus.Parziale
        : QuotaStatus.DaPagare;
}

/// <summary>A payment received for a quota.</summary>
[DisplayName("Pagamento")]
public class Pagamento : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Quota")] public int QuotaId { get; set; }
    [Display(Name = "Data")] public DateOnly Date { get; set; }
    [Display(Name = "Importo (centesimi)")] public long AmountCents { get; set; }
    /// <summary>The bank or pagoPA reference (IUV, CRO, TRN) or the accounting entry.</summary>
    [Display(Name = "Riferimento")] public string Reference { get; set; } = "";
    [Display(Name = "Registrato da")] public string RecordedBy { get; set; } = "";
    [Display(Name = "Registrato il")] public DateTime RecordedAtUtc { get; set; }
}

public enum ContattoRuolo { Ente = 1, Sindaco = 2, Segretario = 3, Rtd = 4, Referente = 5, Altro = 6 }

/// <summary>Who keeps a contact. Manual is 0 so that every contact written before the imports existed stays manual.</summary>
public enum ContattoFonte { Manuale = 0, IndicePa = 1 }

/// <summary>A contact of a Comune: its institutional addresses (<see cref="ContattoRuolo.Ente"/>) or a person.</summary>
[DisplayName("Contatto del Comune")]
public class ContattoComune : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Comune")] public int ComuneId { get; set; }
    [Display(Name = "Ruolo")] public ContattoRuolo Role { get; set; }
    /// <summary>For a referente: the catalogue service they follow.</summary>
    [Display(Name = "Servizio")] public int? CatalogServiceId { get; set; }
    [Display(Name = "Nome")] public string Name { get; set; } = "";
    [Display(Name = "E-mail")] public string? Email { get; set; }
    [Display(Name = "PEC")] public string? Pec { get; set; }
    [Display(Name = "Telefono")] public string? Phone { get; set; }
    /// <summary>Receives the Province's communications (the EU bulletins among them).</summary>
    [Display(Name = "Riceve le comunicazioni")] public bool ReceivesCommunications { get; set; }
    [Display(Name = "Sito istituzionale")] public string? Website { get; set; }
    /// <summary>An IndicePA contact is rewritten by each import; a manual one is never touched by it.</summary>
    [Display(Name = "Fonte")] public ContattoFonte Source { get; set; }
    /// <summary>When the import last changed it (not when it last saw it: a re-import that changes nothing writes nothing).</summary>
    [Display(Name = "Aggiornato dalla fonte il")] public DateOnly? SourceUpdatedOn { get; set; }
}

/// <summary><see cref="AggiornamentoDati"/> is written by the imports (IndicePA), never chosen in the form.</summary>
public enum InterazioneTipo { Incontro = 1, Telefonata = 2, PecInviata = 3, PecRicevuta = 4, Email = 5, AggiornamentoDati = 6 }

/// <summary>One entry of the relationship log with a Comune.</summary>
[DisplayName("Interazione con il Comune")]
public class Interazione : ITenantOwned
{
    public long Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Comune")] public int ComuneId { get; set; }
    [Display(Name = "Tipo")] public InterazioneTipo Kind { get; set; }
    [Display(Name = "Data")] public DateOnly Date { get; set; }
    [Display(Name = "Oggetto")] public string Subject { get; set; } = "";
    [Display(Name = "Note")] public string? Notes { get; set; }
    [Display(Name = "Numero di protocollo")] public string? ProtocolNumber { get; set; }
    [Display(Name = "Data di protocollo")] public DateOnly? ProtocolDate { get; set; }
    [Display(Name = "Autore")] public string AuthorName { get; set; } = "";
    public string? AuthorUserId { get; set; }
    [Display(Name = "Registrata il")] public DateTime CreatedAtUtc { get; set; }
}

public enum CrmAlertKind { ConvenzioneInScadenza = 1, QuotaScaduta = 2 }

/// <summary>
/// An alert that was raised. <see cref="Key"/> is unique: the agreement and its end date, or the quota and its due date, so a
/// second pass, a restart or a second server never repeats it, while a renewed agreement or a moved due date alerts again.
/// </summary>
[NotAudited]
public class CrmAlert : ITenantOwned
{
    public long Id { get; set; }
    public int ProvinceId { get; set; }
    public int ComuneId { get; set; }
    public CrmAlertKind Kind { get; set; }
    public string Key { get; set; } = "";
    public int ConvenzioneId { get; set; }
    public int? QuotaId { get; set; }
    public string Text { get; set; } = "";
    public DateTime AtUtc { get; set; }
}
