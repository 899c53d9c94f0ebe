using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Requests.Dashboard;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Crm;

/// <summary>Agreements expiring and quotas overdue in the "Richieste Comuni" dashboard's PDF and Excel (the page shows ConvenzioniRiepilogo).</summary>
public sealed class AgreementsDashboardSection(CrmService crm) : IRequestDashboardSection
{
    public int Order => 20;

    public async Task<DashboardSection?> BuildAsync(RequestDashboardFilter filter, CancellationToken ct) => Build(await crm.SummaryAsync(ct: ct));

    public static DashboardSection Build(ConvenzioniSummary s)
    {
        var figures = new List<KeyFigure>
        {
            new($"Convenzioni in scadenza entro {s.WithinDays} giorni", Formats.Number(s.Expiring.Count)),
            new("Quote scadute non pagate", Formats.Number(s.Overdue.Count)),
            new("Importo delle quote scadute", Formats.EuroCents(s.OverdueResidualCents)),
        };
        var expiring = new ReportTable("Convenzioni in scadenza",
        [
            new ReportColumn("Comune", Width: 2), new ReportColumn("Convenzione", Width: 2.6), new ReportColumn("Fine", ReportValueKind.Date),
            new ReportColumn("Giorni", ReportValueKind.Integer), new ReportColumn("Rinnovo tacito"),
        ]);
        foreach (var e in s.Expiring) expiring.AddRow(e.ComuneName, e.Title, e.EndDate, e.DaysLeft, e.TacitRenewal ? "sì" : "no");
        var overdue = new ReportTable("Quote scadute",
        [
            new ReportColumn("Comune", Width: 2), new ReportColumn("Anno", ReportValueKind.Text), new ReportColumn("Scadenza", ReportValueKind.Date),
            new ReportColumn("Importo", ReportValueKind.EuroCents, 1.2), new ReportColumn("Da pagare", ReportValueKind.EuroCents, 1.2),
            new ReportColumn("Giorni di ritardo", ReportValueKind.Integer),
        ]);
        foreach (var o in s.Overdue) overdue.AddRow(o.ComuneName, o.Year.ToString(Formats.Italian), o.DueDate, o.AmountCents, o.ResidualCents, o.DaysLate);
        return new DashboardSection("convenzioni", "Convenzioni e quote", figures, [], [expiring, overdue]);
    }
}
