using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Requests.Dashboard;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Questionari;

/// <summary>The satisfaction block of the "Richieste Comuni" dashboard's PDF and Excel (the page shows SoddisfazioneRiepilogo).</summary>
public sealed class SatisfactionDashboardSection(SatisfactionStatsService stats) : IRequestDashboardSection
{
    public int Order => 10;

    public async Task<DashboardSection?> BuildAsync(RequestDashboardFilter filter, CancellationToken ct)
    {
        var s = await stats.GetAsync(filter.From, filter.To, ct);
        return s is null ? null : Build(s);
    }

    public static DashboardSection Build(SatisfactionSummary s)
    {
        var figures = new List<KeyFigure>
        {
            new("Questionari di soddisfazione inviati", Formats.Number(s.Invitations)),
            new("Risposte", $"{Formats.Number(s.Responses)} ({Formats.Number(s.ResponseRate)} %)"),
            new("Punteggi 4–5", s.Responses == 0 ? "—" : Formats.Number(s.HighShare) + " %"),
            new("Punteggio medio (1–5)", s.Average is { } a ? Formats.Number(a, 2) : "—"),
        };
        if (s.External is { } ext) figures.Add(new("NPS utenti esterni", Nps(ext)));
        if (s.Internal is { } inn) figures.Add(new("NPS utenti interni", Nps(inn)));

        var reasons = new ReportTable("Motivi dei punteggi bassi",
            [new ReportColumn("Motivo", Width: 3), new ReportColumn("Risposte", ReportValueKind.Integer)]);
        foreach (var r in s.LowScoreReasons) reasons.AddRow(r.Reason, r.Count);

        var byService = new ReportTable("Soddisfazione per servizio",
        [
            new ReportColumn("Servizio", Width: 2.6), new ReportColumn("Inviti", ReportValueKind.Integer),
            new ReportColumn("Risposte", ReportValueKind.Integer), new ReportColumn("Tasso di risposta", ReportValueKind.Percent, 1.2),
            new ReportColumn("Punteggi 4–5", ReportValueKind.Percent, 1.2), new ReportColumn("Media", ReportValueKind.Decimal),
        ]);
        foreach (var x in s.ByService)
            byService.AddRow(x.ServiceName, x.Invitations, x.Responses, Math.Round(x.ResponseRate, 1),
                x.Responses == 0 ? null : Math.Round(x.HighShare, 1), x.Average is { } avg ? Math.Round(avg, 2) : null);

        var tables = new List<ReportTable> { byService };
        if (s.LowScoreReasons.Count > 0) tables.Add(reasons);
        return new DashboardSection("soddisfazione", "Soddisfazione", figures, [], tables);
    }

    private static string Nps(CampaignNps c) =>
        c.Nps.Score is { } score ? $"{Formats.Number(score, 0)} («{c.Title}», {Formats.Number(c.Nps.Answers)} risposte)" : $"— («{c.Title}», nessuna risposta)";
}
