using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Questionari;

public enum InvitationState { DaCompilare = 1, Compilato = 2, Annullato = 3, Scaduto = 4, NonAncoraAperto = 5 }

public sealed record InvitationRow(int Id, string Token, string CampaignTitle, string? ContextTitle, string RespondentName, DateTime CreatedAtUtc,
    DateTime? ClosesAtUtc, DateTime? AnsweredAtUtc, InvitationState State);

public sealed record QuestionView(int Id, int Order, string Text, QuestionKind Kind, bool Required, IReadOnlyList<string> Options, string? HelpText,
    int? RequiredIfQuestionOrder, int? RequiredIfScoreAtMost, decimal? MinNumber, decimal? MaxNumber);

public sealed record SurveyForm(int InvitationId, string Token, string CampaignTitle, string Title, string? Intro, string? ContextTitle,
    string RespondentName, InvitationState State, DateTime? AnsweredAtUtc, string? AnsweredBy, string? VoidReason, DateTime? ClosesAtUtc,
    IReadOnlyList<QuestionView> Questions, IReadOnlyDictionary<int, string> GivenAnswers);

public sealed record CampaignRow(int Id, string Title, SurveyAudience Audience, DateTime OpensAtUtc, DateTime? ClosesAtUtc, bool IsOpen,
    int Invited, int Answered);

/// <summary>A new periodic campaign: an NPS question is always first, followed by the operator's free questions.</summary>
public sealed class NewCampaignInput
{
    public string? Title { get; set; }
    public string? Intro { get; set; }
    public SurveyAudience Audience { get; set; } = SurveyAudience.UtentiComuni;
    public DateOnly? Opens { get; set; }
    public DateOnly? Closes { get; set; }
    public int ReminderAfterDays { get; set; } = 7;
    public string NpsQuestion { get; set; } = "Quanto consiglierebbe i servizi del Centro di Competenza a un collega?";
    public List<Question> Questions { get; set; } = [];
}

/// <summary>
/// Questionnaires for respondents (their own invitations only) and campaigns for the Province's operators. Isolation:
/// the tenant filter keeps a Province to its own campaigns; here a respondent is narrowed to invitations addressed to
/// them or to their Comune, and only the Province's competence centre and administrators manage campaigns.
/// </summary>
public sealed class SurveyService(PortalDbFactory dbFactory, CurrentUser currentUser, NotificationService notifications, TimeProvider clock,
    IEnumerable<ISurveySubmissionHandler> submissionHandlers)
{
    public static readonly string[] ManagerRoles = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator];
    public static readonly string[] ResultRoles = [.. ManagerRoles, Roles.Manager];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // ---------- Respondents ----------

    /// <summary>The invitations addressed to the user, or to the user's Comune as a whole.</summary>
    internal static IQueryable<SurveyInvitation> Mine(PortalDbContext db, PortalPrincipal user)
    {
        if (!user.IsAuthenticated) return db.SurveyInvitations.Where(i => false);
        var me = user.UserId;
        var comune = user.IsInRole(Roles.ComuneUser) ? user.ComuneId ?? -1 : -1;
        return db.SurveyInvitations.Where(i => i.RespondentUserId == me || (i.RespondentUserId == null && i.RespondentComuneId == comune));
    }

    public async Task<(IReadOnlyList<InvitationRow> Items, int Total)> ListMineAsync(bool pendingOnly, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var now = Now;
        var q = Mine(db, user).Where(i => i.Campaign!.OpensAtUtc <= now);
        if (pendingOnly)
            q = q.Where(i => i.AnsweredAtUtc == null && i.VoidedAtUtc == null && i.Campaign!.ClosedEarlyAtUtc == null
                             && (i.Campaign.ClosesAtUtc == null || i.Campaign.ClosesAtUtc > now));
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 100);
        var rows = await q.OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(i => new
            {
                i.Id, i.Token, i.Campaign!.Title, i.ContextTitle, i.RespondentName, i.CreatedAtUtc, i.Campaign.ClosesAtUtc, i.Campaign.ClosedEarlyAtUtc,
                i.Campaign.OpensAtUtc, i.AnsweredAtUtc, i.VoidedAtUtc,
            }).AsNoTracking().ToListAsync(ct);
        return (rows.Select(i => new InvitationRow(i.Id, i.Token, i.Title, i.ContextTitle, i.RespondentName, i.CreatedAtUtc, i.ClosesAtUtc, i.AnsweredAtUtc,
            StateOf(i.AnsweredAtUtc, i.VoidedAtUtc, i.OpensAtUtc, i.ClosesAtUtc, i.ClosedEarlyAtUtc, now))).ToList(), total);
    }

    public async Task<int> CountPendingAsync(CancellationToken ct = default) => (await ListMineAsync(true, 0, 1, ct)).Total;

    /// <summary>The questionnaire of an invitation of the user; null when it does not exist or is someone else's (no difference shown).</summary>
    public async Task<SurveyForm?> GetFormAsync(string token, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var i = await Mine(db, user).AsNoTracking().Include(x => x.Campaign!).ThenInclude(c => c.Questionnaire!).ThenInclude(q => q.Questions)
            .FirstOrDefaultAsync(x => x.Token == token, ct);
        if (i is null) return null;
        var c = i.Campaign!;
        var questions = c.Questionnaire!.Questions.OrderBy(q => q.Order)
            .Select(q => new QuestionView(q.Id, q.Order, q.Text, q.Kind, q.Required, q.OptionList, q.HelpText, q.RequiredIfQuestionOrder,
                q.RequiredIfScoreAtMost, q.MinNumber, q.MaxNumber)).ToList();
        var given = new Dictionary<int, string>();
        string? by = null;
        if (i.AnsweredAtUtc is not null)
        {
            var response = await db.SurveyResponses.AsNoTracking().Include(r => r.Answers).FirstOrDefaultAsync(r => r.InvitationId == i.Id, ct);
            if (response is not null)
            {
                by = response.SubmittedByName;
                var kinds = c.Questionnaire.Questions.ToDictionary(q => q.Id, q => q.Kind);
                foreach (var a in response.Answers.Where(a => kinds.ContainsKey(a.QuestionId)))
                    given[a.QuestionId] = QuestionnaireEngine.Display(kinds[a.QuestionId], a);
            }
        }
        return new SurveyForm(i.Id, i.Token, c.Title, c.Questionnaire.Title, c.Questionnaire.Intro, i.ContextTitle, i.RespondentName,
            StateOf(i.AnsweredAtUtc, i.VoidedAtUtc, c.OpensAtUtc, c.ClosesAtUtc, c.ClosedEarlyAtUtc, Now), i.AnsweredAtUtc, by, i.VoidReason, c.ClosesAtUtc,
            questions, given);
    }

    /// <summary>
    /// Stores the answers of an invitation, once: a second submission (another tab, a colleague of the same Comune) is
    /// refused with a clear message, whichever arrives second.
    /// </summary>
    public async Task SubmitAsync(string token, IReadOnlyDictionary<int, AnswerInput> answers, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var i = await Mine(db, user).AsNoTracking().Include(x => x.Campaign!).ThenInclude(c => c.Questionnaire!).ThenInclude(q => q.Questions)
            .FirstOrDefaultAsync(x => x.Token == token, ct) ?? throw new SurveyNotFoundException();
        var c = i.Campaign!;
        var now = Now;
        switch (StateOf(i.AnsweredAtUtc, i.VoidedAtUtc, c.OpensAtUtc, c.ClosesAtUtc, c.ClosedEarlyAtUtc, now))
        {
            case InvitationState.Compilato: throw new SurveyForbiddenException("Questo questionario è già stato compilato: la risposta non si può cambiare.");
            case InvitationState.Annullato: throw new SurveyForbiddenException($"Questo questionario è stato annullato: {i.VoidReason}");
            case InvitationState.Scaduto: throw new SurveyForbiddenException("Il questionario è chiuso: non si accettano più risposte.");
            case InvitationState.NonAncoraAperto: throw new SurveyForbiddenException("Il questionario non è ancora aperto.");
        }
        var rows = QuestionnaireEngine.Validate(c.Questionnaire!.Questions, answers);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The claim is the guard: only one submission finds the invitation still open.
        var claimed = await db.SurveyInvitations.Where(x => x.Id == i.Id && x.AnsweredAtUtc == null && x.VoidedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AnsweredAtUtc, now), ct);
        if (claimed == 0) throw new SurveyForbiddenException("Questo questionario è già stato compilato o è stato annullato nel frattempo.");
        db.SurveyResponses.Add(new SurveyResponse
        {
            ProvinceId = i.ProvinceId, InvitationId = i.Id, CampaignId = c.Id, SubmittedAtUtc = now, SubmittedByUserId = user.UserId!,
            SubmittedByName = user.FullName, Answers = rows,
        });
        var submission = new SurveySubmission(c, i, c.Questionnaire.Questions, rows, now, user.UserName ?? user.FullName);
        foreach (var handler in submissionHandlers) await handler.OnSubmittedAsync(db, submission, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The user's latest invitation about a record of a module (the survey panel of a request page).</summary>
    public async Task<InvitationRow?> FindMineForAsync(string module, int recordId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var i = await Mine(db, user).AsNoTracking().Where(x => x.ContextModule == module && x.ContextRecordId == recordId)
            .OrderByDescending(x => x.Id).Select(x => new
            {
                x.Id, x.Token, x.Campaign!.Title, x.ContextTitle, x.RespondentName, x.CreatedAtUtc, x.Campaign.ClosesAtUtc, x.Campaign.ClosedEarlyAtUtc,
                x.Campaign.OpensAtUtc, x.AnsweredAtUtc, x.VoidedAtUtc,
            }).FirstOrDefaultAsync(ct);
        return i is null ? null : new InvitationRow(i.Id, i.Token, i.Title, i.ContextTitle, i.RespondentName, i.CreatedAtUtc, i.ClosesAtUtc, i.AnsweredAtUtc,
            StateOf(i.AnsweredAtUtc, i.VoidedAtUtc, i.OpensAtUtc, i.ClosesAtUtc, i.ClosedEarlyAtUtc, Now));
    }

    public static InvitationState StateOf(DateTime? answered, DateTime? voided, DateTime opens, DateTime? closes, DateTime? closedEarly, DateTime now) =>
        answered is not null ? InvitationState.Compilato
        : voided is not null ? InvitationState.Annullato
        : closedEarly is not null || (closes is { } c && c <= now) ? InvitationState.Scaduto
        : opens > now ? InvitationState.NonAncoraAperto
        : InvitationState.DaCompilare;

    // ---------- Campaigns (operators) ----------

    public async Task<bool> CanManageAsync() => (await currentUser.GetAsync()).IsInAnyRole(ManagerRoles);

    public async Task<bool> CanSeeResultsAsync() => (await currentUser.GetAsync()).IsInAnyRole(ResultRoles);

    public async Task<(IReadOnlyList<CampaignRow> Items, int Total)> ListCampaignsAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(ResultRoles)) return ([], 0);
        await using var db = await dbFactory.CreateAsync(ct);
        var now = Now;
        var q = db.SurveyCampaigns.AsNoTracking();
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 100);
        var rows = await q.OrderByDescending(c => c.OpensAtUtc).ThenByDescending(c => c.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(c => new CampaignRow(c.Id, c.Title, c.Audience, c.OpensAtUtc, c.ClosesAtUtc,
                c.OpensAtUtc <= now && (c.ClosesAtUtc == null || c.ClosesAtUtc > now) && c.ClosedEarlyAtUtc == null,
                db.SurveyInvitations.Count(i => i.CampaignId == c.Id && i.VoidedAtUtc == null),
                db.SurveyInvitations.Count(i => i.CampaignId == c.Id && i.AnsweredAtUtc != null)))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>
    /// Creates a periodic campaign of the user's Province with its questionnaire and one invitation per member of the
    /// audience, announced at once when the campaign is open (else by <see cref="SurveyJobs"/> on its opening day).
    /// </summary>
    public Task<int> CreateCampaignAsync(NewCampaignInput input, CancellationToken ct = default) =>
        CreateAsync(input, QuestionnairePurpose.Periodico, null, null, ct);

    /// <summary>
    /// A campaign whose questions a module writes (the Agenda self-assessment): no NPS question, <paramref name="questions"/>
    /// as given; <paramref name="attach"/> adds the module's own record in the same save as the campaign.
    /// </summary>
    public Task<int> CreateCampaignAsync(NewCampaignInput input, QuestionnairePurpose purpose, IReadOnlyList<Question> questions,
        Action<PortalDbContext, SurveyCampaign> attach, CancellationToken ct = default) =>
        CreateAsync(input, purpose, questions, attach, ct);

    private async Task<int> CreateAsync(NewCampaignInput input, QuestionnairePurpose purpose, IReadOnlyList<Question>? moduleQuestions,
        Action<PortalDbContext, SurveyCampaign>? attach, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(ManagerRoles)) throw new SurveyForbiddenException("Solo il Centro di Competenza e gli amministratori della Provincia creano campagne.");
        if (user.ProvinceId is not int provinceId) throw new SurveyValidationException("Provincia", "La campagna appartiene a una Provincia: l'utente non ne ha una.");

        var errors = new Dictionary<string, string>();
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title)) errors[nameof(input.Title)] = "Titolo: è obbligatorio.";
        else if (title.Length > 200) errors[nameof(input.Title)] = "Titolo: al massimo 200 caratteri.";
        if (input.Intro?.Trim().Length > 4000) errors[nameof(input.Intro)] = "Introduzione: al massimo 4.000 caratteri.";
        if (input.Audience is not (SurveyAudience.UtentiComuni or SurveyAudience.PersonaleProvincia or SurveyAudience.Comuni))
            errors[nameof(input.Audience)] = "Destinatari: scegliere gli utenti dei Comuni, i Comuni o il personale della Provincia.";
        if (input.Opens is null) errors[nameof(input.Opens)] = "Data di apertura: è obbligatoria.";
        if (input.Closes is null) errors[nameof(input.Closes)] = "Data di chiusura: è obbligatoria.";
        else if (input.Opens is { } o && input.Closes <= o) errors[nameof(input.Closes)] = "Data di chiusura: deve seguire la data di apertura.";
        else if (input.Closes < DateOnly.FromDateTime(Now)) errors[nameof(input.Closes)] = "Data di chiusura: è già passata.";
        if (input.ReminderAfterDays is < 0 or > 90) errors[nameof(input.ReminderAfterDays)] = "Promemoria: da 0 (nessuno) a 90 giorni dopo l'apertura.";
        var questions = new List<Question>();
        if (moduleQuestions is null)
        {
            if (string.IsNullOrWhiteSpace(input.NpsQuestion)) errors[nameof(input.NpsQuestion)] = "Domanda NPS: il testo è obbligatorio.";
            questions.Add(new() { Order = 1, Kind = QuestionKind.Nps, Required = true, Text = input.NpsQuestion?.Trim() ?? "", ExternalKey = "nps",
                HelpText = "0 = per niente probabile, 10 = estremamente probabile." });
        }
        else if (moduleQuestions.Count == 0) errors["Domande"] = "Domande: il questionario non ne ha nessuna.";
        var first = questions.Count + 1;
        foreach (var (q, n) in (moduleQuestions ?? input.Questions).Select((q, n) => (q, n)))
        {
            questions.Add(new Question
            {
                Order = n + first, Kind = q.Kind, Required = q.Required, Text = q.Text?.Trim() ?? "", HelpText = string.IsNullOrWhiteSpace(q.HelpText) ? null : q.HelpText.Trim(),
                Options = q.Kind is QuestionKind.SceltaSingola or QuestionKind.SceltaMultipla ? string.Join("\n", q.OptionList) : null,
                ExternalKey = string.IsNullOrWhiteSpace(q.ExternalKey) ? null : q.ExternalKey.Trim(),
                MinNumber = q.Kind == QuestionKind.Numero ? q.MinNumber : null, MaxNumber = q.Kind == QuestionKind.Numero ? q.MaxNumber : null,
            });
        }
        foreach (var (k, v) in QuestionnaireEngine.ValidateDefinition(questions)) errors[k] = v;
        if (errors.Count > 0) throw new SurveyValidationException(errors);

        await using var db = await dbFactory.CreateAsync(ct);
        var now = Now;
        var opens = Formats.StartOfDayUtc(input.Opens!.Value);
        var closes = Formats.StartOfDayUtc(input.Closes!.Value.AddDays(1));
        var audience = await AudienceAsync(db, provinceId, input.Audience, ct);
        if (audience.Count == 0) throw new SurveyValidationException(nameof(input.Audience), "Destinatari: nessun utente attivo da invitare.");
        var campaign = new SurveyCampaign
        {
            ProvinceId = provinceId, Title = title!, Audience = input.Audience, OpensAtUtc = opens < now ? now : opens, ClosesAtUtc = closes,
            ReminderAfterDays = input.ReminderAfterDays, CreatedByName = user.FullName, CreatedAtUtc = now,
            Questionnaire = new Questionnaire
            {
                ProvinceId = provinceId, Purpose = purpose, Title = title!, CreatedAtUtc = now,
                Intro = string.IsNullOrWhiteSpace(input.Intro) ? null : input.Intro.Trim(), Questions = questions,
            },
        };
        db.SurveyCampaigns.Add(campaign);
        attach?.Invoke(db, campaign);
        var reminder = input.ReminderAfterDays > 0 ? campaign.OpensAtUtc.AddDays(input.ReminderAfterDays) : (DateTime?)null;
        if (reminder >= closes) reminder = null;
        var invitations = audience.Select(a => new SurveyInvitation
        {
            ProvinceId = provinceId, Campaign = campaign, Token = SatisfactionSurveys.NewToken(), RespondentUserId = a.UserId, RespondentComuneId = a.ComuneId,
            RespondentName = a.Name, CreatedAtUtc = now, ReminderDueAtUtc = reminder,
        }).ToList();
        db.SurveyInvitations.AddRange(invitations);
        await db.SaveChangesAsync(ct);
        if (campaign.OpensAtUtc <= now)
        {
            await SurveyJobs.AnnounceAsync(db, notifications, invitations, now, reminder: false, ct);
            await db.SaveChangesAsync(ct);
            notifications.WakeOutbox();
        }
        return campaign.Id;
    }

    public sealed record AudienceMember(string? UserId, int? ComuneId, string Name);

    internal static async Task<IReadOnlyList<AudienceMember>> AudienceAsync(PortalDbContext db, int provinceId, SurveyAudience audience, CancellationToken ct)
    {
        var comuneRole = db.Roles.Where(r => r.Name == Roles.ComuneUser).Select(r => r.Id);
        var comuneUsers = db.UserRoles.Where(ur => comuneRole.Contains(ur.RoleId)).Select(ur => ur.UserId);
        switch (audience)
        {
            case SurveyAudience.UtentiComuni:
                return await db.Users.AsNoTracking().Where(u => u.ProvinceId == provinceId && u.IsActive && u.ComuneId != null && comuneUsers.Contains(u.Id))
                    .OrderBy(u => u.FullName).Select(u => new AudienceMember(u.Id, null, u.FullName)).ToListAsync(ct);
            case SurveyAudience.PersonaleProvincia:
                return await db.Users.AsNoTracking().Where(u => u.ProvinceId == provinceId && u.IsActive && u.ComuneId == null && !comuneUsers.Contains(u.Id))
                    .OrderBy(u => u.FullName).Select(u => new AudienceMember(u.Id, null, u.FullName)).ToListAsync(ct);
            case SurveyAudience.Comuni:
                // Only Comuni with someone who can answer on their behalf.
                var withUsers = db.Users.Where(u => u.ProvinceId == provinceId && u.IsActive && u.ComuneId != null && comuneUsers.Contains(u.Id)).Select(u => u.ComuneId);
                return await db.Comuni.AsNoTracking().Where(c => c.ProvinceId == provinceId && c.SuppressedOn == null && withUsers.Contains(c.Id))
                    .OrderBy(c => c.Name).Select(c => new AudienceMember(null, c.Id, "Comune di " + c.Name)).ToListAsync(ct);
            default:
                return [];
        }
    }

    /// <summary>
    /// The reminder of a campaign sent now to every invitation still unanswered that has not had one: the same single
    /// reminder the job would send on its day, claimed the same way so that the two never both send it.
    /// </summary>
    public async Task<int> SendRemindersNowAsync(int campaignId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(ManagerRoles)) throw new SurveyForbiddenException("Solo il Centro di Competenza e gli amministratori della Provincia inviano i promemoria.");
        await using var db = await dbFactory.CreateAsync(ct);
        var campaign = await db.SurveyCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct) ?? throw new SurveyNotFoundException();
        var now = Now;
        if (!campaign.IsOpenAt(now)) throw new SurveyForbiddenException("La campagna non è aperta: nessun promemoria da inviare.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = db.SurveyInvitations.Where(i => i.CampaignId == campaignId && i.AnsweredAtUtc == null && i.VoidedAtUtc == null
                                                      && i.NotifiedAtUtc != null && i.ReminderSentAtUtc == null);
        var ids = await pending.Select(i => i.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var mine = new List<int>();
        foreach (var id in ids)
            if (await db.SurveyInvitations.Where(i => i.Id == id && i.ReminderSentAtUtc == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReminderSentAtUtc, now), ct) == 1)
                mine.Add(id);
        var claimed = await db.SurveyInvitations.AsNoTracking().Include(i => i.Campaign).Where(i => mine.Contains(i.Id)).ToListAsync(ct);
        await SurveyJobs.AnnounceAsync(db, notifications, claimed, now, reminder: true, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifications.WakeOutbox();
        return claimed.Count;
    }

    public async Task CloseCampaignAsync(int id, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(ManagerRoles)) throw new SurveyForbiddenException("Solo il Centro di Competenza e gli amministratori della Provincia chiudono le campagne.");
        await using var db = await dbFactory.CreateAsync(ct);
        var c = await db.SurveyCampaigns.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new SurveyNotFoundException();
        if (c.Audience == SurveyAudience.Singoli) throw new SurveyForbiddenException("Il questionario di soddisfazione delle richieste resta sempre aperto.");
        c.ClosedEarlyAtUtc ??= Now;
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>What a module sees of a submitted questionnaire, to act on it in the same transaction.</summary>
public sealed record SurveySubmission(SurveyCampaign Campaign, SurveyInvitation Invitation, IReadOnlyList<Question> Questions,
    IReadOnlyList<SurveyAnswer> Answers, DateTime SubmittedAtUtc, string SubmittedBy);

/// <summary>
/// Called by <see cref="SurveyService.SubmitAsync"/> before the answers are saved, with the same context and transaction:
/// what a handler adds is saved with the answers or not at all, and a handler that throws refuses the submission.
/// </summary>
public interface ISurveySubmissionHandler
{
    Task OnSubmittedAsync(PortalDbContext db, SurveySubmission submission, CancellationToken ct);
}
