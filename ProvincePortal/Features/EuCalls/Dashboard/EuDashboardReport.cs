using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Dashboard;

/// <summary>The Bandi UE KPIs as PDF and Excel: same figures, same order, in both.</summary>
public static class EuDashboardReport
{
    public const string Title = "Cruscotto Bandi UE";

    public static IReadOnlyList<KeyFigure> KeyFigures(EuDashboard d) =>
    [
        new("Bandi aperti", Formats.Number(d.OpenCalls)),
        new("Bandi in arrivo", Formats.Number(d.ForthcomingCalls)),
        new("Bandi aperti della Provincia (nazionali e regionali)", Formats.Number(d.OwnOpenCalls)),
        new($"Scadenze nei prossimi {EuDashboardService.DeadlineWindowDays} giorni", Formats.Number(d.DeadlinesInWindow)),
        new("Schede progetto", Formats.Number(d.Projects)),
        new("Progetti finanziati", Formats.Number(d.FundedProjects)),
        new("Finanziamenti ottenuti (quota UE)", Formats.EuroCents(d.FundingObtainedCents)),
    ];

    public static ReportTable Programmes(EuDashboard d)
    {
        var t = new ReportTable("Bandi aperti e in arrivo per programma",
            [new ReportColumn("Programma", Width: 3), new ReportColumn("Aperti", ReportValueKind.Integer), new ReportColumn("In arrivo", ReportValueKind.Integer)]);
        foreach (var p in d.ByProgramme) t.AddRow(p.Programme, p.Open, p.Forthcoming);
        return t;
    }

    public static ReportTable Statuses(EuDashboard d)
    {
        var t = new ReportTable("Schede progetto per stato",
        [
            new ReportColumn("Stato", Width: 2), new ReportColumn("Progetti", ReportValueKind.Integer),
            new ReportColumn("Budget totale", ReportValueKind.EuroCents, 1.5), new ReportColumn("Quota UE", ReportValueKind.EuroCents, 1.5),
        ]);
        foreach (var s in d.ProjectsByStatus) t.AddRow(ProjectStatusRules.Label(s.Status), s.Count, s.TotalBudgetCents, s.EuShareCents);
        return t;
    }

    public static ReportTable Funding(EuDashboard d)
    {
        var t = new ReportTable("Finanziamenti ottenuti per Comune",
        [
            new ReportColumn("Comune", Width: 2.5), new ReportColumn("Progetti", ReportValueKind.Integer), new ReportColumn("Di cui condivisi", ReportValueKind.Integer),
            new ReportColumn("Quota attribuita", ReportValueKind.EuroCents, 1.5), new ReportColumn("Quota UE dei progetti", ReportValueKind.EuroCents, 1.5),
        ]);
        foreach (var f in d.FundingByComune) t.AddRow(f.Comune, f.Projects, f.SharedProjects, f.AttributedCents, f.FullCents);
        return t;
    }

    public static ReportTable Deadlines(EuDashboard d)
    {
        var t = new ReportTable($"Scadenze dei prossimi {EuDashboardService.DeadlineWindowDays} giorni",
            [new ReportColumn("Data", ReportValueKind.Date), new ReportColumn("Identificativo", Width: 2), new ReportColumn("Bando", Width: 3), new ReportColumn("Programma", Width: 1.5)]);
        foreach (var x in d.NextDeadlines) t.AddRow(x.DeadlineUtc, x.Identifier, x.Title, x.Programme);
        return t;
    }

    public const string Note = "Bandi aperti e in arrivo: stato calcolato dalle date di apertura e di scadenza. Finanziamenti ottenuti: quota UE dei " +
        "progetti finanziati, in corso o conclusi; un progetto di più Comuni è ripartito in parti uguali nella quota attribuita.";

    public static byte[] Pdf(EuDashboard d) =>
        new PdfReport(Title, d.Organisation, d.GeneratedAtUtc)
            .Note(Note)
            .KeyFigures(KeyFigures(d))
            .BarChart("Bandi aperti per programma", d.ByProgramme.Select(p => new ChartBar(p.Programme, p.Open, Formats.Number(p.Open))).ToList())
            .Table(Programmes(d))
            .BarChart("Schede progetto per stato", d.ProjectsByStatus.Select(s => new ChartBar(ProjectStatusRules.Label(s.Status), s.Count, Formats.Number(s.Count))).ToList())
            .Table(Statuses(d))
            .Table(Funding(d))
            .Table(Deadlines(d))
            .ToBytes();

    public static byte[] Excel(EuDashboard d) =>
        new ExcelReport(Title, d.Organisation, d.GeneratedAtUtc)
            .KeyFigures(KeyFigures(d))
            .Sheet(Programmes(d))
            .Sheet(Statuses(d))
            .Sheet(Funding(d))
            .Sheet(Deadlines(d))
            .ToBytes();

    public static string FileName(EuDashboard d, string extension) =>
        $"cruscotto-bandi-{TimeZoneInfo.ConvertTimeFromUtc(d.GeneratedAtUtc, Formats.Rome):yyyyMMdd}.{extension}";
}
