using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Questionari;

public sealed record ReasonCount(string Reason, int Count);

public sealed record ServiceSatisfaction(int ServiceId, string ServiceName, int Invitations, int Responses, int HighScores, double? Average)
{
    public double ResponseRate => Invitations == 0 ? 0 : Responses * 100.0 / Invitations;
    public double HighShare => Responses == 0 ? 0 : HighScores * 100.0 / Responses;
}

public sealed record CampaignNps(int CampaignId, string Title, DateTime OpensAtUtc, DateTime? ClosesAtUtc, int Invited, NpsResult Nps);

/// <summary>
/// The satisfaction figures of a period for the "Richieste Comuni" dashboard: invitations created in the period (voided
/// ones excluded), their responses, the share of 4–5 scores, the average, the reasons given for scores 1–3, the same by
/// service; and the NPS of the latest periodic campaigns of external and internal users opened by the end of the period.
/// </summary>
public sealed record SatisfactionSummary(DateOnly From, DateOnly To, int Invitations, int Responses, int HighScores, double? Average,
    IReadOnlyList<ReasonCount> LowScoreReasons, IReadOnlyList<ServiceSatisfaction> ByService, CampaignNps? External, CampaignNps? Internal)
{
    public double ResponseRate => Invitations == 0 ? 0 : Responses * 100.0 / Invitations;
    public double HighShare => Responses == 0 ? 0 : HighScores * 100.0 / Responses;
}

/// <summary>Tenant-scoped satisfaction figures (the Province's staff only), computed with grouped queries.</summary>
public sealed class SatisfactionStatsService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    /// <summary>Null for users who may not see the figures (Comune users, other sections' staff).</summary>
    public async Task<SatisfactionSummary?> GetAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(SurveyService.ResultRoles)) return null;
        if (to < from) (from, to) = (to, from);
        await using var db = await dbFactory.CreateAsync(ct);
        var start = Formats.StartOfDayUtc(from);
        var end = Formats.StartOfDayUtc(to.AddDays(1));

        var invitations = db.SurveyInvitations.Where(i => i.ContextModule == SatisfactionSurveys.Module && i.VoidedAtUtc == null
                                                          && i.CreatedAtUtc >= start && i.CreatedAtUtc < end);
        var invitedByService = await (from i in invitations
                                      join r in db.ServiceRequests on i.ContextRecordId equals r.Id
                                      group i by r.ServiceId into g
                                      select new { ServiceId = g.Key, Invited = g.Count(), Answered = g.Count(x => x.AnsweredAtUtc != null) }).ToListAsync(ct);
        var scoresByService = await (from a in db.SurveyAnswers
                                     join q in db.SurveyQuestions on a.QuestionId equals q.Id
                                     join resp in db.SurveyResponses on a.ResponseId equals resp.Id
                                     join i in invitations on resp.InvitationId equals i.Id
                                     join r in db.ServiceRequests on i.ContextRecordId equals r.Id
                                     where q.ExternalKey == SatisfactionSurveys.ScoreKey && a.Score != null
                                     group a by new { r.ServiceId, a.Score } into g
                                     select new { g.Key.ServiceId, Score = g.Key.Score!.Value, Count = g.Count() }).ToListAsync(ct);
        var reasons = await (from reason in db.SurveyAnswers
                             join rq in db.SurveyQuestions on reason.QuestionId equals rq.Id
                             join score in db.SurveyAnswers on reason.ResponseId equals score.ResponseId
                             join sq in db.SurveyQuestions on score.QuestionId equals sq.Id
                             join resp in db.SurveyResponses on reason.ResponseId equals resp.Id
                             join i in invitations on resp.InvitationId equals i.Id
                             where rq.ExternalKey == SatisfactionSurveys.ReasonKey && sq.ExternalKey == SatisfactionSurveys.ScoreKey
                                   && score.Score <= SatisfactionSurveys.LowScoreLimit && reason.Text != null
                             group reason by reason.Text into g
                             select new ReasonCount(g.Key!, g.Count())).ToListAsync(ct);
        var serviceIds = invitedByService.Select(s => s.ServiceId).ToList();
        var names = await db.CatalogServices.Where(s => serviceIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var byService = invitedByService.Select(s =>
        {
            var scores = scoresByService.Where(x => x.ServiceId == s.ServiceId).ToList();
            var n = scores.Sum(x => x.Count);
            return new ServiceSatisfaction(s.ServiceId, names.GetValueOrDefault(s.ServiceId, "?"), s.Invited, s.Answered,
                scores.Where(x => x.Score >= 4).Sum(x => x.Count), n == 0 ? null : scores.Sum(x => (double)x.Score * x.Count) / n);
        }).OrderBy(s => s.ServiceName, StringComparer.CurrentCulture).ToList();
        var all = scoresByService.Sum(x => x.Count);
        return new SatisfactionSummary(from, to, invitedByService.Sum(s => s.Invited), invitedByService.Sum(s => s.Answered),
            scoresByService.Where(x => x.Score >= 4).Sum(x => x.Count), all == 0 ? null : scoresByService.Sum(x => (double)x.Score * x.Count) / all,
            reasons.OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.CurrentCulture).ToList(), byService,
            await LatestNpsAsync(db, external: true, end, ct), await LatestNpsAsync(db, external: false, end, ct));
    }

    private static async Task<CampaignNps?> LatestNpsAsync(PortalDbContext db, bool external, DateTime before, CancellationToken ct)
    {
        var audiences = external ? new[] { SurveyAudience.UtentiComuni, SurveyAudience.Comuni } : [SurveyAudience.PersonaleProvincia];
        var c = await db.SurveyCampaigns.AsNoTracking().Where(x => audiences.Contains(x.Audience) && x.OpensAtUtc < before)
            .OrderByDescending(x => x.OpensAtUtc).ThenByDescending(x => x.Id).Select(x => new { x.Id, x.Title, x.OpensAtUtc, x.ClosesAtUtc }).FirstOrDefaultAsync(ct);
        if (c is null) return null;
        var counts = await (from a in db.SurveyAnswers
                            join q in db.SurveyQuestions on a.QuestionId equals q.Id
                            join resp in db.SurveyResponses on a.ResponseId equals resp.Id
                            where resp.CampaignId == c.Id && q.Kind == QuestionKind.Nps && a.Score != null
                            group a by a.Score into g
                            select new { Score = g.Key!.Value, Count = g.Count() }).ToDictionaryAsync(x => x.Score, x => x.Count, ct);
        var invited = await db.SurveyInvitations.CountAsync(i => i.CampaignId == c.Id && i.VoidedAtUtc == null, ct);
        return new CampaignNps(c.Id, c.Title, c.OpensAtUtc, c.ClosesAtUtc, invited, NpsResult.FromCounts(counts));
    }
}
