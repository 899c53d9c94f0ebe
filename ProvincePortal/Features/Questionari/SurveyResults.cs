using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Questionari;

public sealed record ResultBar(string Label, int Count, double Percent);

public sealed record QuestionResult(int Id, int Order, string Text, QuestionKind Kind, int Answers, IReadOnlyList<ResultBar> Distribution,
    double? Average, NpsResult? Nps, IReadOnlyList<string> Texts);

public sealed record CampaignResults(int Id, string Title, SurveyAudience Audience, DateTime OpensAtUtc, DateTime? ClosesAtUtc, bool IsOpen,
    bool CanManage, int Invited, int Answered, IReadOnlyList<QuestionResult> Questions)
{
    /// <summary>Share of the (not voided) invitations that were answered, in percent.</summary>
    public double ResponseRate => Invited == 0 ? 0 : Answered * 100.0 / Invited;

    public NpsResult? Nps => Questions.FirstOrDefault(q => q.Kind == QuestionKind.Nps)?.Nps;
}

/// <summary>Results of a campaign for the Province's staff: figures computed by grouped queries, never by loading every answer.</summary>
public sealed class SurveyResultsService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock)
{
    public const int MaxTexts = 200;

    /// <summary>Null when the campaign does not exist, belongs to another Province or the user may not see results.</summary>
    public async Task<CampaignResults?> GetAsync(int campaignId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(SurveyService.ResultRoles)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var c = await db.SurveyCampaigns.AsNoTracking().Include(x => x.Questionnaire!).ThenInclude(q => q.Questions)
            .FirstOrDefaultAsync(x => x.Id == campaignId, ct);
        if (c is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var invited = await db.SurveyInvitations.CountAsync(i => i.CampaignId == c.Id && (i.VoidedAtUtc == null || i.AnsweredAtUtc != null), ct);
        var answered = await db.SurveyInvitations.CountAsync(i => i.CampaignId == c.Id && i.AnsweredAtUtc != null, ct);
        var answers = db.SurveyAnswers.Where(a => db.SurveyResponses.Any(r => r.Id == a.ResponseId && r.CampaignId == c.Id));

        var scoreCounts = await answers.Where(a => a.Score != null).GroupBy(a => new { a.QuestionId, a.Score })
            .Select(g => new { g.Key.QuestionId, Score = g.Key.Score!.Value, Count = g.Count() }).ToListAsync(ct);
        var choiceCounts = await answers.Where(a => a.Text != null && db.SurveyQuestions.Any(q => q.Id == a.QuestionId && q.Kind == QuestionKind.SceltaSingola))
            .GroupBy(a => new { a.QuestionId, a.Text }).Select(g => new { g.Key.QuestionId, Text = g.Key.Text!, Count = g.Count() }).ToListAsync(ct);
        var multiTexts = await answers.Where(a => a.Text != null && db.SurveyQuestions.Any(q => q.Id == a.QuestionId && q.Kind == QuestionKind.SceltaMultipla))
            .Select(a => new { a.QuestionId, Text = a.Text! }).Take(20_000).ToListAsync(ct);
        var numbers = await answers.Where(a => a.Number != null).Select(a => new { a.QuestionId, a.Number }).Take(20_000).ToListAsync(ct);
        var textQuestions = c.Questionnaire!.Questions.Where(q => q.Kind is QuestionKind.TestoBreve or QuestionKind.TestoLungo).Select(q => q.Id).ToList();
        var texts = new Dictionary<int, List<string>>();
        foreach (var qid in textQuestions)
        {
            texts[qid] = await answers.Where(a => a.QuestionId == qid && a.Text != null).OrderByDescending(a => a.Id).Take(MaxTexts)
                .Select(a => a.Text!).ToListAsync(ct);
        }

        var results = new List<QuestionResult>();
        foreach (var q in c.Questionnaire.Questions.OrderBy(q => q.Order))
        {
            switch (q.Kind)
            {
                case QuestionKind.Scala:
                case QuestionKind.Nps:
                {
                    var counts = scoreCounts.Where(s => s.QuestionId == q.Id).ToDictionary(s => s.Score, s => s.Count);
                    var n = counts.Values.Sum();
                    var (min, max) = QuestionnaireEngine.ScoreRange(q.Kind);
                    var bars = Enumerable.Range(min, max - min + 1)
                        .Select(s => new ResultBar(s.ToString(Formats.Italian), counts.GetValueOrDefault(s), Percent(counts.GetValueOrDefault(s), n))).ToList();
                    double? avg = n == 0 ? null : counts.Sum(s => (double)s.Key * s.Value) / n;
                    results.Add(new QuestionResult(q.Id, q.Order, q.Text, q.Kind, n, bars, avg, q.Kind == QuestionKind.Nps ? NpsResult.FromCounts(counts) : null, []));
                    break;
                }
                case QuestionKind.SceltaSingola:
                case QuestionKind.SceltaMultipla:
                {
                    var counts = q.Kind == QuestionKind.SceltaSingola
                        ? choiceCounts.Where(x => x.QuestionId == q.Id).ToDictionary(x => x.Text, x => x.Count)
                        : multiTexts.Where(x => x.QuestionId == q.Id).SelectMany(x => x.Text.Split('\n')).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
                    var n = q.Kind == QuestionKind.SceltaSingola ? counts.Values.Sum() : multiTexts.Count(x => x.QuestionId == q.Id);
                    var bars = q.OptionList.Select(o => new ResultBar(o, counts.GetValueOrDefault(o), Percent(counts.GetValueOrDefault(o), n))).ToList();
                    results.Add(new QuestionResult(q.Id, q.Order, q.Text, q.Kind, n, bars, null, null, []));
                    break;
                }
                case QuestionKind.Numero:
                {
                    var values = numbers.Where(x => x.QuestionId == q.Id).Select(x => (double)x.Number!.Value).ToList();
                    results.Add(new QuestionResult(q.Id, q.Order, q.Text, q.Kind, values.Count, [], values.Count == 0 ? null : values.Average(), null, []));
                    break;
                }
                default:
                {
                    var list = texts.GetValueOrDefault(q.Id) ?? [];
                    var n = await answers.CountAsync(a => a.QuestionId == q.Id, ct);
                    results.Add(new QuestionResult(q.Id, q.Order, q.Text, q.Kind, n, [], null, null, list));
                    break;
                }
            }
        }
        return new CampaignResults(c.Id, c.Title, c.Audience, c.OpensAtUtc, c.ClosesAtUtc, c.IsOpenAt(now), user.IsInAnyRole(SurveyService.ManagerRoles),
            invited, answered, results);
    }

    /// <summary>The results as a workbook: a summary sheet, the distribution of each closed question, the text answers.</summary>
    public static byte[] Excel(CampaignResults r, string organisation, DateTime nowUtc)
    {
        var figures = new List<KeyFigure>
        {
            new("Campagna", r.Title),
            new("Destinatari", QuestionnaireEngine.Label(r.Audience)),
            new("Periodo", r.ClosesAtUtc is { } c ? $"{Formats.Date(r.OpensAtUtc)} – {Formats.Date(c.AddSeconds(-1))}" : $"dal {Formats.Date(r.OpensAtUtc)}"),
            new("Invitati", Formats.Number(r.Invited)),
            new("Risposte", Formats.Number(r.Answered)),
            new("Tasso di risposta", Formats.Number(r.ResponseRate, 1) + " %"),
        };
        if (r.Nps?.Score is { } nps) figures.Add(new KeyFigure("NPS", Formats.Number(nps, 1)));
        var report = new ExcelReport($"Risultati: {r.Title}", organisation, nowUtc).KeyFigures(figures);

        var closed = new ReportTable("Distribuzioni", [new ReportColumn("N.", ReportValueKind.Integer), new ReportColumn("Domanda", Width: 4),
            new ReportColumn("Risposta", Width: 2), new ReportColumn("Numero", ReportValueKind.Integer), new ReportColumn("Quota", ReportValueKind.Percent)]);
        var summary = new ReportTable("Medie e NPS", [new ReportColumn("N.", ReportValueKind.Integer), new ReportColumn("Domanda", Width: 4),
            new ReportColumn("Tipo", Width: 2), new ReportColumn("Risposte", ReportValueKind.Integer), new ReportColumn("Media", ReportValueKind.Decimal),
            new ReportColumn("Promotori", ReportValueKind.Integer), new ReportColumn("Passivi", ReportValueKind.Integer),
            new ReportColumn("Detrattori", ReportValueKind.Integer), new ReportColumn("NPS", ReportValueKind.Decimal)]);
        var open = new ReportTable("Risposte aperte", [new ReportColumn("N.", ReportValueKind.Integer), new ReportColumn("Domanda", Width: 3),
            new ReportColumn("Risposta", Width: 6)]);
        foreach (var q in r.Questions)
        {
            foreach (var b in q.Distribution) closed.AddRow(q.Order, q.Text, b.Label, b.Count, b.Percent);
            summary.AddRow(q.Order, q.Text, QuestionnaireEngine.Label(q.Kind), q.Answers, q.Average, q.Nps?.Promoters, q.Nps?.Passives, q.Nps?.Detractors, q.Nps?.Score);
            foreach (var t in q.Texts) open.AddRow(q.Order, q.Text, t);
        }
        return report.Sheet(summary).Sheet(closed).Sheet(open).ToBytes();
    }

    public static string FileName(CampaignResults r) => $"questionario-{r.Id}-risultati.xlsx";

    internal static double Percent(int part, int total) => total == 0 ? 0 : part * 100.0 / total;
}
