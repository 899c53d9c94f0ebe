using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Features.Requests;

namespace ProvincePortal.Features.Questionari;

/// <summary>Configuration section "Questionari".</summary>
public sealed class QuestionariOptions
{
    /// <summary>Days after a satisfaction invitation (a solved request) when the one reminder is sent if unanswered.</summary>
    public int SatisfactionReminderDays { get; set; } = 3;
    public bool JobsEnabled { get; set; } = true;
    public int JobPollMinutes { get; set; } = 10;
}

/// <summary>
/// The satisfaction survey of the help-desk (PNRR 1.4.1 model): when a request is solved its requester — not whoever
/// acted — gets one invitation (score 1–5 without default, a reason from a fixed list asked for scores 1–3, a comment);
/// a refused solution voids it and the next solution brings a new one. Called by <see cref="RequestService"/> inside its
/// own unit of work, so the invitation exists exactly when the change of state was saved.
/// </summary>
public sealed class SatisfactionSurveys(NotificationService notifications, IOptionsMonitor<QuestionariOptions> options)
{
    public const string Module = "richieste";
    public const string ScoreKey = "soddisfazione.punteggio";
    public const string ReasonKey = "soddisfazione.motivo";
    public const string CommentKey = "soddisfazione.commento";
    /// <summary>The reason is asked for these scores and below (the "red face" of Mettiamoci la faccia, widened to 1–3).</summary>
    public const int LowScoreLimit = 3;

    public static readonly IReadOnlyList<string> Reasons =
    [
        "Tempi di risposta troppo lunghi",
        "Soluzione incompleta o non risolutiva",
        "Comunicazione poco chiara",
        "Cortesia e disponibilità dell'operatore",
        "Difficoltà nell'uso del portale",
        "Altro",
    ];

    public async Task OnSolvedAsync(PortalDbContext db, ServiceRequest r, DateTime now, CancellationToken ct)
    {
        var open = await db.SurveyInvitations.AnyAsync(i => i.ContextModule == Module && i.ContextRecordId == r.Id
            && i.AnsweredAtUtc == null && i.VoidedAtUtc == null, ct);
        if (open) return;
        var campaign = await StandingCampaignAsync(db, r.ProvinceId, now, ct);
        var invitation = new SurveyInvitation
        {
            ProvinceId = r.ProvinceId, Campaign = campaign, Token = NewToken(), RespondentUserId = r.RequesterUserId,
            RespondentName = r.RequesterName, ContextModule = Module, ContextRecordId = r.Id, ContextTitle = Shorten($"Richiesta #{r.Id}: {r.Subject}", 300),
            CreatedAtUtc = now, NotifiedAtUtc = now, ReminderDueAtUtc = now.AddDays(Math.Max(1, options.CurrentValue.SatisfactionReminderDays)),
        };
        db.SurveyInvitations.Add(invitation);
        var recipients = await NotificationService.RecipientsAsync(db, [r.RequesterUserId], ct);
        var link = $"/questionari/rispondi/{invitation.Token}";
        var title = $"Richiesta #{r.Id}: com'è andata?";
        var body = $"La richiesta «{r.Subject}» è stata risolta. Ci dica in un minuto quanto è soddisfatto del servizio: un punteggio da 1 a 5 e, se vuole, un commento.";
        notifications.Queue(db, recipients, new NotificationMessage(title, body, link), rcpt => new EmailMessage(rcpt.Email!, title,
            $"Buongiorno {rcpt.FullName},\n\n{body}\n\nRisponda al questionario: {notifications.AbsoluteLink(link)}\n" +
            $"Lo trova anche nella pagina della richiesta e nella sezione Questionari del portale.\n\nMessaggio automatico di ProvincePortal."));
    }

    /// <summary>A refused solution: the unanswered invitation about it no longer makes sense.</summary>
    public async Task OnSolutionRefusedAsync(PortalDbContext db, ServiceRequest r, DateTime now, CancellationToken ct)
    {
        var open = await db.SurveyInvitations.Where(i => i.ContextModule == Module && i.ContextRecordId == r.Id
            && i.AnsweredAtUtc == null && i.VoidedAtUtc == null).ToListAsync(ct);
        foreach (var i in open)
        {
            i.VoidedAtUtc = now;
            i.VoidReason = "La soluzione è stata rifiutata e la richiesta è stata riaperta.";
        }
    }

    /// <summary>The Province's standing satisfaction campaign, created with its questionnaire on the first solved request.</summary>
    private static async Task<SurveyCampaign> StandingCampaignAsync(PortalDbContext db, int provinceId, DateTime now, CancellationToken ct)
    {
        var existing = await db.SurveyCampaigns.Include(c => c.Questionnaire)
            .Where(c => c.ProvinceId == provinceId && c.Audience == SurveyAudience.Singoli && c.Questionnaire!.Purpose == QuestionnairePurpose.SoddisfazioneRichieste)
            .OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (existing is not null) return existing;
        var questionnaire = NewQuestionnaire(provinceId, now);
        var campaign = new SurveyCampaign
        {
            ProvinceId = provinceId, Questionnaire = questionnaire, Title = "Soddisfazione sulle richieste risolte",
            Audience = SurveyAudience.Singoli, OpensAtUtc = now, CreatedByName = "Sistema", CreatedAtUtc = now,
        };
        db.SurveyCampaigns.Add(campaign);
        return campaign;
    }

    public static Questionnaire NewQuestionnaire(int provinceId, DateTime now) => new()
    {
        ProvinceId = provinceId, Purpose = QuestionnairePurpose.SoddisfazioneRichieste, CreatedAtUtc = now,
        Title = "Quanto è soddisfatto della risposta alla sua richiesta?",
        Intro = "Bastano pochi secondi: le risposte aiutano il Centro di Competenza a migliorare il servizio.",
        Questions =
        [
            new() { Order = 1, Kind = QuestionKind.Scala, Required = true, ExternalKey = ScoreKey,
                    Text = "Quanto è soddisfatto del servizio ricevuto?", HelpText = "1 = per nulla soddisfatto, 5 = pienamente soddisfatto." },
            new() { Order = 2, Kind = QuestionKind.SceltaSingola, ExternalKey = ReasonKey, Options = string.Join("\n", Reasons),
                    RequiredIfQuestionOrder = 1, RequiredIfScoreAtMost = LowScoreLimit,
                    Text = "Qual è il motivo principale del suo giudizio?", HelpText = "Obbligatorio per i punteggi da 1 a 3." },
            new() { Order = 3, Kind = QuestionKind.TestoLungo, ExternalKey = CommentKey, Text = "Vuole aggiungere un commento?" },
        ],
    };

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();

    private static string Shorten(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
}
