using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Questionari;

/// <summary>What a questionnaire is used for; the engine itself treats them all alike.</summary>
public enum QuestionnairePurpose { SoddisfazioneRichieste = 1, Periodico = 2, Autovalutazione = 3 }

/// <summary>
/// A set of ordered questions. Generic on purpose: the satisfaction survey after a request, the periodic surveys of the
/// service and the Agenda digitale self-assessment (questions keyed by indicator code) are all questionnaires.
/// </summary>
[DisplayName("Questionario")]
public class Questionnaire : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Introduzione")] public string? Intro { get; set; }
    [Display(Name = "Uso")] public QuestionnairePurpose Purpose { get; set; }
    [Display(Name = "Creato il")] public DateTime CreatedAtUtc { get; set; }
    public List<Question> Questions { get; set; } = [];
}

public enum QuestionKind { Scala = 1, Nps = 2, SceltaSingola = 3, SceltaMultipla = 4, TestoBreve = 5, TestoLungo = 6, Numero = 7 }

/// <summary>
/// One question. There is deliberately no default answer: an unanswered scale stays unanswered (surveys biased by a
/// pre-selected score are what users of other help-desks complain about).
/// </summary>
[DisplayName("Domanda")]
public class Question
{
    public int Id { get; set; }
    public int QuestionnaireId { get; set; }
    [Display(Name = "Ordine")] public int Order { get; set; }
    [Display(Name = "Testo")] public string Text { get; set; } = "";
    [Display(Name = "Tipo")] public QuestionKind Kind { get; set; }
    [Display(Name = "Obbligatoria")] public bool Required { get; set; }
    /// <summary>For choices: the options, one per line.</summary>
    [Display(Name = "Opzioni")] public string? Options { get; set; }
    [Display(Name = "Aiuto")] public string? HelpText { get; set; }
    /// <summary>A key another module recognises the question by (e.g. an Agenda digitale indicator code).</summary>
    [Display(Name = "Chiave esterna")] public string? ExternalKey { get; set; }
    /// <summary>
    /// Makes the question required when the scale question with this order got a score at most
    /// <see cref="RequiredIfScoreAtMost"/> (the reason of a low satisfaction score).
    /// </summary>
    [Display(Name = "Obbligatoria se la domanda n.")] public int? RequiredIfQuestionOrder { get; set; }
    [Display(Name = "…ha un punteggio fino a")] public int? RequiredIfScoreAtMost { get; set; }
    [Display(Name = "Minimo")] public decimal? MinNumber { get; set; }
    [Display(Name = "Massimo")] public decimal? MaxNumber { get; set; }

    public IReadOnlyList<string> OptionList =>
        (Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Who a campaign is sent to.</summary>
public enum SurveyAudience
{
    /// <summary>One invitation per active user of the Province's Comuni.</summary>
    UtentiComuni = 1,
    /// <summary>One invitation per active staff member of the Province (not Comune users).</summary>
    PersonaleProvincia = 2,
    /// <summary>One invitation per Comune, answered on its behalf by any of its users.</summary>
    Comuni = 3,
    /// <summary>Invitations created one by one by a module (the requester of each solved request).</summary>
    Singoli = 4,
}

/// <summary>A questionnaire sent to an audience over a period, with at most one reminder per invitation.</summary>
[DisplayName("Campagna di questionari")]
public class SurveyCampaign : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Questionario")] public int QuestionnaireId { get; set; }
    public Questionnaire? Questionnaire { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Destinatari")] public SurveyAudience Audience { get; set; }
    [Display(Name = "Apertura")] public DateTime OpensAtUtc { get; set; }
    /// <summary>Null for a standing campaign (the satisfaction survey of the help-desk).</summary>
    [Display(Name = "Chiusura")] public DateTime? ClosesAtUtc { get; set; }
    [Display(Name = "Promemoria dopo (giorni)")] public int ReminderAfterDays { get; set; }
    [Display(Name = "Creata da")] public string CreatedByName { get; set; } = "";
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Chiusa in anticipo il")] public DateTime? ClosedEarlyAtUtc { get; set; }

    public bool IsOpenAt(DateTime utc) =>
        utc >= OpensAtUtc && (ClosesAtUtc is null || utc < ClosesAtUtc) && ClosedEarlyAtUtc is null;
}

/// <summary>
/// One respondent's invitation: a user, or a Comune answered on its behalf by one of its users. Answered once; voided when
/// what it asks about no longer holds (a refused solution). <see cref="ContextModule"/> and <see cref="ContextRecordId"/>
/// name what it is about (a request), and a unique index keeps one open invitation per such record.
/// </summary>
[DisplayName("Invito a un questionario")]
public class SurveyInvitation : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Campagna")] public int CampaignId { get; set; }
    public SurveyCampaign? Campaign { get; set; }
    /// <summary>Unguessable part of the link (/questionari/rispondi/{token}); the page still checks who opens it.</summary>
    public string Token { get; set; } = "";
    [Display(Name = "Destinatario")] public string? RespondentUserId { get; set; }
    [Display(Name = "Comune destinatario")] public int? RespondentComuneId { get; set; }
    [Display(Name = "Nome del destinatario")] public string RespondentName { get; set; } = "";
    [Display(Name = "Modulo collegato")] public string? ContextModule { get; set; }
    [Display(Name = "Record collegato")] public int? ContextRecordId { get; set; }
    [Display(Name = "Oggetto")] public string? ContextTitle { get; set; }
    [Display(Name = "Creato il")] public DateTime CreatedAtUtc { get; set; }
    /// <summary>Set once the invitation was announced (in the app and by e-mail); a campaign opening later is announced then.</summary>
    [Display(Name = "Notificato il")] public DateTime? NotifiedAtUtc { get; set; }
    /// <summary>When the one reminder is due if still unanswered; null when the campaign sends none.</summary>
    [Display(Name = "Promemoria previsto il")] public DateTime? ReminderDueAtUtc { get; set; }
    [Display(Name = "Promemoria inviato il")] public DateTime? ReminderSentAtUtc { get; set; }
    [Display(Name = "Risposto il")] public DateTime? AnsweredAtUtc { get; set; }
    [Display(Name = "Annullato il")] public DateTime? VoidedAtUtc { get; set; }
    [Display(Name = "Motivo dell'annullamento")] public string? VoidReason { get; set; }
}

/// <summary>The answers given to one invitation (at most one response per invitation: unique index).</summary>
[DisplayName("Risposta a un questionario")]
public class SurveyResponse : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    public int InvitationId { get; set; }
    public int CampaignId { get; set; }
    [Display(Name = "Inviata il")] public DateTime SubmittedAtUtc { get; set; }
    /// <summary>Null for answers collected outside the portal (demo data, a paper survey typed in).</summary>
    [Display(Name = "Compilata da")] public string? SubmittedByUserId { get; set; }
    [Display(Name = "Nome di chi ha compilato")] public string SubmittedByName { get; set; } = "";
    public List<SurveyAnswer> Answers { get; set; } = [];
}

/// <summary>The answer to one question; unanswered optional questions have no row.</summary>
[NotAudited]
public class SurveyAnswer
{
    public long Id { get; set; }
    public int ResponseId { get; set; }
    public int QuestionId { get; set; }
    /// <summary>Scale 1–5 and NPS 0–10.</summary>
    public int? Score { get; set; }
    public decimal? Number { get; set; }
    /// <summary>Text answers and choices (multiple choices one per line).</summary>
    public string? Text { get; set; }
}
