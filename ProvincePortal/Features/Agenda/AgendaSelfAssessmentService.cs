using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Agenda;

/// <summary>The question asked for one self-assessed indicator, and how its answer becomes the indicator's raw value.</summary>
public sealed record SelfAssessmentQuestion(string Code, string Text, QuestionKind Kind, string? HelpText, decimal? Min, decimal? Max,
    double? YesValue, double? NoValue);

public sealed record SelfAssessmentRow(int Id, int SurveyCampaignId, string Title, string Period, DateTime OpensAtUtc, DateTime? ClosesAtUtc,
    bool IsOpen, int Invited, int Answered);

public sealed record SelfAssessmentDetail(int Id, int SurveyCampaignId, string Title, string Period, DateTime OpensAtUtc, DateTime? ClosesAtUtc,
    bool IsOpen, int Comuni, int Invited, int Answered, int AwaitingReminder, bool CanManage, IReadOnlyList<string> Questions);

/// <summary>Where a Comune stands in a campaign.</summary>
public enum SelfAssessmentState
{
    /// <summary>The Comune has no active user: nobody could be invited.</summary>
    SenzaUtenti = 1,
    /// <summary>Invited, the campaign opens later: not announced yet.</summary>
    NonAncoraInvitato = 2,
    Invitato = 3,
    Compilato = 4,
}

public sealed record SelfAssessmentComuneRow(int ComuneId, string Name, string IstatCode, SelfAssessmentState State, DateTime? NotifiedAtUtc,
    DateTime? ReminderSentAtUtc, DateTime? AnsweredAtUtc, string? AnsweredBy);

public sealed class SelfAssessmentInput
{
    public string? Title { get; set; }
    public string? Intro { get; set; }
    public DateOnly? Opens { get; set; }
    public DateOnly? Closes { get; set; }
    public int ReminderAfterDays { get; set; } = 10;
}

/// <summary>
/// Self-assessment campaigns of the Agenda digitale: a Province asks its Comuni the indicators of the current framework
/// whose origin is the self-assessment, on the questionnaire engine (one invitation per Comune, answered once on its
/// behalf by one of its users). The answers become measurements in <see cref="AgendaSelfAssessmentRecorder"/>.
/// </summary>
public sealed class AgendaSelfAssessmentService(PortalDbFactory dbFactory, IDbContextFactory<PortalDbContext> platformFactory, CurrentUser currentUser,
    SurveyService surveys, TimeProvider clock)
{
    public const string SourcePrefix = "Autovalutazione ";

    public async Task<bool> CanManageAsync() => (await currentUser.GetAsync()).IsInAnyRole(SurveyService.ManagerRoles);

    /// <summary>The questions a new campaign would ask: one per self-assessed indicator of the current framework version.</summary>
    public async Task<(string Period, IReadOnlyList<SelfAssessmentQuestion> Questions)> PreviewAsync(CancellationToken ct = default)
    {
        var framework = await CurrentFrameworkAsync(ct);
        return (framework.Period, SelfAssessed(framework).Select(QuestionFor).ToList());
    }

    public async Task<int> CreateAsync(SelfAssessmentInput input, CancellationToken ct = default)
    {
        var framework = await CurrentFrameworkAsync(ct);
        if (framework.ClosedAtUtc is not null)
            throw new SurveyValidationException("Quadro", $"La versione {framework.Period} del quadro è chiusa: non riceve nuovi valori.");
        var indicators = SelfAssessed(framework);
        if (indicators.Count == 0)
            throw new SurveyValidationException("Domande", $"La versione {framework.Period} del quadro non ha indicatori di autovalutazione: impostare l'origine «autovalutazione» in Indicatori e pesi.");
        var questions = indicators.Select(QuestionFor).Select(q => new Question
        {
            Kind = q.Kind, Required = true, Text = q.Text, HelpText = q.HelpText, ExternalKey = q.Code, MinNumber = q.Min, MaxNumber = q.Max,
            Options = q.Kind == QuestionKind.SceltaSingola ? "Sì\nNo" : null,
        }).ToList();
        var campaign = new NewCampaignInput
        {
            Title = input.Title, Intro = input.Intro, Audience = SurveyAudience.Comuni, Opens = input.Opens, Closes = input.Closes,
            ReminderAfterDays = input.ReminderAfterDays,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        var surveyId = await surveys.CreateCampaignAsync(campaign, QuestionnairePurpose.Autovalutazione, questions, (db, c) =>
            db.AgendaSelfAssessments.Add(new AgendaSelfAssessment { ProvinceId = c.ProvinceId, FrameworkId = framework.Id, SurveyCampaign = c, CreatedAtUtc = now }), ct);
        await using var read = await dbFactory.CreateAsync(ct);
        return await read.AgendaSelfAssessments.Where(a => a.SurveyCampaignId == surveyId).Select(a => a.Id).SingleAsync(ct);
    }

    /// <summary>The campaigns of the user's Province, newest first.</summary>
    public async Task<(IReadOnlyList<SelfAssessmentRow> Items, int Total)> ListAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(SurveyService.ResultRoles)) return ([], 0);
        await using var db = await dbFactory.CreateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var q = db.AgendaSelfAssessments.AsNoTracking();
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 100);
        var rows = await q.OrderByDescending(a => a.SurveyCampaign!.OpensAtUtc).ThenByDescending(a => a.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(a => new SelfAssessmentRow(a.Id, a.SurveyCampaignId, a.SurveyCampaign!.Title, a.Framework!.Period, a.SurveyCampaign.OpensAtUtc,
                a.SurveyCampaign.ClosesAtUtc,
                a.SurveyCampaign.OpensAtUtc <= now && (a.SurveyCampaign.ClosesAtUtc == null || a.SurveyCampaign.ClosesAtUtc > now) && a.SurveyCampaign.ClosedEarlyAtUtc == null,
                db.SurveyInvitations.Count(i => i.CampaignId == a.SurveyCampaignId && i.VoidedAtUtc == null),
                db.SurveyInvitations.Count(i => i.CampaignId == a.SurveyCampaignId && i.AnsweredAtUtc != null)))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>A campaign of the user's Province; null for another Province's (the tenant filter hides it).</summary>
    public async Task<SelfAssessmentDetail?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(SurveyService.ResultRoles)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var a = await db.AgendaSelfAssessments.AsNoTracking().Include(x => x.Framework).Include(x => x.SurveyCampaign!).ThenInclude(c => c.Questionnaire!)
            .ThenInclude(q => q.Questions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var c = a.SurveyCampaign!;
        var invitations = db.SurveyInvitations.Where(i => i.CampaignId == c.Id && i.VoidedAtUtc == null);
        var comuni = await db.Comuni.CountAsync(x => x.ProvinceId == a.ProvinceId && x.SuppressedOn == null, ct);
        var invited = await invitations.CountAsync(ct);
        var answered = await invitations.CountAsync(i => i.AnsweredAtUtc != null, ct);
        var awaiting = await invitations.CountAsync(i => i.AnsweredAtUtc == null && i.NotifiedAtUtc != null && i.ReminderSentAtUtc == null, ct);
        return new SelfAssessmentDetail(a.Id, c.Id, c.Title, a.Framework!.Period, c.OpensAtUtc, c.ClosesAtUtc, c.IsOpenAt(clock.GetUtcNow().UtcDateTime),
            comuni, invited, answered, awaiting, user.IsInAnyRole(SurveyService.ManagerRoles),
            c.Questionnaire!.Questions.OrderBy(q => q.Order).Select(q => q.Text).ToList());
    }

    /// <summary>Every Comune of the campaign's Province with where it stands, one page at a time, by name.</summary>
    public async Task<(IReadOnlyList<SelfAssessmentComuneRow> Items, int Total)> ComuniAsync(int id, SelfAssessmentState? state, int page, int pageSize,
        CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(SurveyService.ResultRoles)) return ([], 0);
        await using var db = await dbFactory.CreateAsync(ct);
        var a = await db.AgendaSelfAssessments.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.ProvinceId, x.SurveyCampaignId }).FirstOrDefaultAsync(ct);
        if (a is null) return ([], 0);
        var campaignId = a.SurveyCampaignId;
        var rows = db.Comuni.AsNoTracking().Where(c => c.ProvinceId == a.ProvinceId && c.SuppressedOn == null).Select(c => new
        {
            c.Id, c.Name, c.IstatCode,
            InvitationId = db.SurveyInvitations.Where(i => i.CampaignId == campaignId && i.RespondentComuneId == c.Id && i.VoidedAtUtc == null).Select(i => (int?)i.Id).FirstOrDefault(),
            Notified = db.SurveyInvitations.Where(i => i.CampaignId == campaignId && i.RespondentComuneId == c.Id && i.VoidedAtUtc == null).Select(i => i.NotifiedAtUtc).FirstOrDefault(),
            Reminded = db.SurveyInvitations.Where(i => i.CampaignId == campaignId && i.RespondentComuneId == c.Id && i.VoidedAtUtc == null).Select(i => i.ReminderSentAtUtc).FirstOrDefault(),
            Answered = db.SurveyInvitations.Where(i => i.CampaignId == campaignId && i.RespondentComuneId == c.Id && i.VoidedAtUtc == null).Select(i => i.AnsweredAtUtc).FirstOrDefault(),
            By = db.SurveyResponses.Where(r => r.CampaignId == campaignId && db.SurveyInvitations.Any(i => i.Id == r.InvitationId && i.RespondentComuneId == c.Id))
                .Select(r => r.SubmittedByName).FirstOrDefault(),
        });
        rows = state switch
        {
            SelfAssessmentState.SenzaUtenti => rows.Where(r => r.InvitationId == null),
            SelfAssessmentState.NonAncoraInvitato => rows.Where(r => r.InvitationId != null && r.Answered == null && r.Notified == null),
            SelfAssessmentState.Invitato => rows.Where(r => r.InvitationId != null && r.Answered == null && r.Notified != null),
            SelfAssessmentState.Compilato => rows.Where(r => r.Answered != null),
            _ => rows,
        };
        var total = await rows.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var items = await rows.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip(Math.Max(0, page) * size).Take(size).ToListAsync(ct);
        return (items.Select(r => new SelfAssessmentComuneRow(r.Id, r.Name, r.IstatCode,
            r.InvitationId is null ? SelfAssessmentState.SenzaUtenti
            : r.Answered is not null ? SelfAssessmentState.Compilato
            : r.Notified is null ? SelfAssessmentState.NonAncoraInvitato
            : SelfAssessmentState.Invitato, r.Notified, r.Reminded, r.Answered, r.By)).ToList(), total);
    }

    /// <summary>Sends the one reminder to the Comuni invited and not answered yet (those already reminded are left alone).</summary>
    public async Task<int> RemindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var campaignId = await db.AgendaSelfAssessments.Where(a => a.Id == id).Select(a => (int?)a.SurveyCampaignId).FirstOrDefaultAsync(ct)
                         ?? throw new SurveyNotFoundException();
        return await surveys.SendRemindersNowAsync(campaignId, ct);
    }

    public static string Label(SelfAssessmentState state) => state switch
    {
        SelfAssessmentState.SenzaUtenti => "Nessun utente da invitare",
        SelfAssessmentState.NonAncoraInvitato => "Non ancora invitato",
        SelfAssessmentState.Invitato => "Invitato, non ha risposto",
        _ => "Ha risposto",
    };

    // ---------- Questions from indicators ----------

    internal static List<AgendaIndicator> SelfAssessed(AgendaFramework framework) =>
        framework.Indicators.Where(i => i.Origin == IndicatorOrigin.SelfAssessment).OrderBy(i => i.SortOrder).ThenBy(i => i.Code).ToList();

    /// <summary>A 0/1 unit ("0/1", "sì/no") is a yes/no question.</summary>
    public static bool IsYesNo(AgendaIndicator i)
    {
        var unit = i.Unit.Trim().ToLowerInvariant();
        return unit.StartsWith("0/1") || unit.Contains("sì/no") || unit.Contains("si/no");
    }

    /// <summary>
    /// The question of an indicator. Yes/no: "Sì" is the value that reaches the goal under the indicator's normalisation
    /// (the target of a target indicator, else the upper goalpost: 1 or 100), "No" is 0 (or the lower goalpost). Numbers
    /// are bounded: a percentage 0–100, fixed goalposts their range, a ratio to a target up to the target, counts from 0.
    /// </summary>
    public static SelfAssessmentQuestion QuestionFor(AgendaIndicator i)
    {
        var text = $"{i.Code} · {i.Name}";
        var unit = i.Unit.Trim();
        if (IsYesNo(i))
        {
            var (yes, no) = i.Normalisation switch
            {
                Normalisation.MinMaxFixed => (i.GoalpostMax ?? 100, i.GoalpostMin ?? 0),
                Normalisation.Target when i.TargetValue is > 0 => (i.TargetValue.Value, 0),
                _ => (1.0, 0.0),
            };
            return new SelfAssessmentQuestion(i.Code, text, QuestionKind.SceltaSingola, $"Rispondere «Sì» se il Comune lo ha già realizzato. Fonte: {i.Source}",
                null, null, yes, no);
        }
        decimal? min = 0, max = null;
        string range;
        if (unit.Contains('%'))
        {
            max = 100;
            range = "una percentuale da 0 a 100";
        }
        else if (i.Normalisation == Normalisation.MinMaxFixed && i.GoalpostMax is double hi)
        {
            (min, max) = ((decimal)(i.GoalpostMin ?? 0), (decimal)hi);
            range = $"un valore da {Formats.Number(i.GoalpostMin ?? 0, 0)} a {Formats.Number(hi, 0)}";
        }
        else if (i.Normalisation == Normalisation.Target && i.TargetValue is > 0 && unit.Contains('/'))
        {
            max = (decimal)i.TargetValue.Value;
            range = $"un rapporto da 0 a {Formats.Number(i.TargetValue.Value, 0)} ({Formats.Number(i.TargetValue.Value, 0)} = obiettivo raggiunto)";
        }
        else range = "un numero maggiore o uguale a 0";
        return new SelfAssessmentQuestion(i.Code, text, QuestionKind.Numero, $"Unità: {unit}. Indicare {range}. Fonte: {i.Source}", min, max, null, null);
    }

    /// <summary>The raw value of an answer, or null when the answer does not fit the indicator (a choice outside Sì/No).</summary>
    public static double? ValueOf(AgendaIndicator indicator, SurveyAnswer answer)
    {
        var q = QuestionFor(indicator);
        if (q.Kind == QuestionKind.SceltaSingola)
            return answer.Text?.Trim().ToLowerInvariant() switch { "sì" or "si" => q.YesValue, "no" => q.NoValue, _ => null };
        return answer.Number is decimal n ? (double)n : null;
    }

    private async Task<AgendaFramework> CurrentFrameworkAsync(CancellationToken ct)
    {
        await using var db = await platformFactory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        await DefaultFramework.EnsureAsync(db, ct);
        return await db.AgendaFrameworks.AsNoTracking().Include(f => f.Indicators).FirstOrDefaultAsync(f => f.IsCurrent, ct)
               ?? throw new SurveyValidationException("Quadro", "Nessuna versione corrente del quadro degli indicatori.");
    }
}

/// <summary>
/// Turns a Comune's self-assessment answers into measurements of that Comune, dated the day of the answer, with a batch
/// "Autovalutazione «campaign»" as their source; saved in the transaction of the answers (all or nothing). A new batch
/// is also what moves the score cache's key, so the screen shows the new score at once.
/// </summary>
public sealed class AgendaSelfAssessmentRecorder : ISurveySubmissionHandler
{
    public async Task OnSubmittedAsync(PortalDbContext db, SurveySubmission s, CancellationToken ct)
    {
        if (s.Campaign.Questionnaire?.Purpose != QuestionnairePurpose.Autovalutazione) return;
        // The Comune is the invitation's, never something typed in: a Comune answers only for itself.
        if (s.Invitation.RespondentComuneId is not int comuneId) return;
        var link = await db.AgendaSelfAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.SurveyCampaignId == s.Campaign.Id, ct);
        if (link is null) return;
        var indicators = await db.AgendaIndicators.AsNoTracking()
            .Where(i => i.FrameworkId == link.FrameworkId && i.Origin == IndicatorOrigin.SelfAssessment).ToListAsync(ct);
        var byCode = indicators.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        var questions = s.Questions.ToDictionary(q => q.Id);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(s.SubmittedAtUtc, Formats.Rome));
        var batch = new AgendaImportBatch
        {
            FrameworkId = link.FrameworkId, Kind = "Autovalutazione", FileName = Shorten(AgendaSelfAssessmentService.SourcePrefix + s.Campaign.Title, 300),
            Sha256 = "", ImportedAtUtc = s.SubmittedAtUtc, ImportedBy = Shorten(s.SubmittedBy, 200), ProvinceId = link.ProvinceId,
        };
        var measurements = new List<AgendaMeasurement>();
        foreach (var answer in s.Answers)
        {
            if (!questions.TryGetValue(answer.QuestionId, out var question) || question.ExternalKey is not { } code) continue;
            if (!byCode.TryGetValue(code, out var indicator))
                throw new SurveyForbiddenException($"L'indicatore {code} non è più di autovalutazione nel quadro: la campagna va chiusa e ricreata.");
            var value = AgendaSelfAssessmentService.ValueOf(indicator, answer)
                        ?? throw new SurveyValidationException(QuestionnaireEngine.Key(question), $"Domanda {question.Order} «{question.Text}»: risposta non valida per l'indicatore {code}.");
            measurements.Add(new AgendaMeasurement { IndicatorId = indicator.Id, ComuneId = comuneId, Value = value, MeasuredOn = day, Batch = batch });
        }
        batch.Rows = batch.Added = measurements.Count;
        db.AgendaImportBatches.Add(batch);
        db.AgendaMeasurements.AddRange(measurements);
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
