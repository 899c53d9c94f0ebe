using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests.Dashboard;

/// <summary>The "Richieste Comuni" dashboard as PDF and Excel: the same figures, in the same order, in both and on the page.</summary>
public static class RequestDashboardReport
{
    public const string Title = "Cruscotto Richieste Comuni";

    public static string Hours(double? hours) => hours is { } h ? Formats.Number(h, 1) + " h" : "n.d.";
    public static string Percent(double? percent) => percent is { } p ? Formats.Number(p, 1) + " %" : "n.d.";

    public static IReadOnlyList<KeyFigure> KeyFigures(RequestDashboard d) =>
    [
        new("Richieste presentate nel periodo", Formats.Number(d.Totals.Filed)),
        new("Ancora aperte", Formats.Number(d.Backlog)),
        new("Prese in carico entro lo SLA", Percent(d.Totals.TakenWithinSlaPercent)),
        new("Risolte entro lo SLA", Percent(d.Totals.SolvedWithinSlaPercent)),
        new("Tempo medio di risoluzione (ore lavorative)", Hours(d.Totals.AverageResolveHours)),
        new("Tempo mediano di risoluzione (ore lavorative)", Hours(d.Totals.MedianResolveHours)),
        new("Tempo medio di presa in carico (ore lavorative)", Hours(d.Totals.AverageTakeChargeHours)),
        new("Avvisi SLA nel periodo", Formats.Number(d.Warnings)),
        new("Violazioni SLA nel periodo", Formats.Number(d.Breaches)),
    ];

    public static string PeriodNote(RequestDashboard d) =>
        $"Richieste presentate dal {Formats.Date(d.Filter.From)} al {Formats.Date(d.Filter.To)}. Tempi in ore lavorative del calendario " +
        "della Provincia (orario d'ufficio, festività, santo patrono); la risoluzione esclude le pause (In attesa, soluzione in attesa di risposta). " +
        "Le quote entro lo SLA sono calcolate sulle richieste prese in carico o risolte.";

    public static ReportTable States(RequestDashboard d)
    {
        var t = new ReportTable("Richieste per stato", [new ReportColumn("Stato", Width: 2), new ReportColumn("Richieste", ReportValueKind.Integer)]);
        foreach (var s in d.ByState) t.AddRow(RequestStateMachine.Label(s.Status), s.Count);
        return t;
    }

    public static ReportTable Groups(string title, string labelHeader, IReadOnlyList<SlaGroupFigure> rows)
    {
        var t = new ReportTable(title,
        [
            new ReportColumn(labelHeader, Width: 2.4), new ReportColumn("Presentate", ReportValueKind.Integer), new ReportColumn("Aperte", ReportValueKind.Integer),
            new ReportColumn("Prese in carico", ReportValueKind.Integer), new ReportColumn("Entro SLA (presa in carico)", ReportValueKind.Percent, 1.2),
            new ReportColumn("Risolte", ReportValueKind.Integer), new ReportColumn("Entro SLA (risoluzione)", ReportValueKind.Percent, 1.2),
            new ReportColumn("Media ore di risoluzione", ReportValueKind.Decimal, 1.2), new ReportColumn("Mediana ore di risoluzione", ReportValueKind.Decimal, 1.2),
        ]);
        foreach (var g in rows)
            t.AddRow(g.Label, g.Filed, g.Open, g.TakenInCharge, g.TakenWithinSlaPercent, g.Solved, g.SolvedWithinSlaPercent, g.AverageResolveHours, g.MedianResolveHours);
        return t;
    }

    public static ReportTable Alerts(RequestDashboard d)
    {
        var t = new ReportTable("Avvisi e violazioni SLA nel periodo",
            [new ReportColumn("Tempo", Width: 2), new ReportColumn("Avvisi", ReportValueKind.Integer), new ReportColumn("Violazioni", ReportValueKind.Integer)]);
        foreach (var a in d.Alerts) t.AddRow(ClockLabel(a.Clock), a.Warnings, a.Breaches);
        return t;
    }

    public static string ClockLabel(SlaClock c) => c == SlaClock.PresaInCarico ? "Presa in carico" : "Risoluzione";

    public static IReadOnlyList<ChartBar> StateBars(RequestDashboard d) =>
        d.ByState.Select(s => new ChartBar(RequestStateMachine.Label(s.Status), s.Count, Formats.Number(s.Count))).ToList();

    public static IReadOnlyList<ChartBar> ComuneBars(RequestDashboard d) =>
        d.ByComune.Where(c => c.SolvedWithinSlaPercent is not null).Take(15)
            .Select(c => new ChartBar(c.Label, c.SolvedWithinSlaPercent!.Value, Percent(c.SolvedWithinSlaPercent))).ToList();

    public static byte[] Pdf(RequestDashboard d)
    {
        var report = new PdfReport(Title, d.Organisation, d.GeneratedAtUtc)
            .Note(PeriodNote(d))
            .KeyFigures(KeyFigures(d))
            .BarChart("Richieste per stato", StateBars(d))
            .Table(States(d))
            .BarChart("Risolte entro lo SLA per Comune", ComuneBars(d))
            .Table(Groups("Per Comune", "Comune", d.ByComune))
            .Table(Groups("Per servizio", "Servizio", d.ByService))
            .Table(Alerts(d));
        foreach (var section in d.Sections)
        {
            report.Heading(section.Title);
            if (section.Figures.Count > 0) report.KeyFigures(section.Figures);
            foreach (var chart in section.Charts) report.BarChart(chart.Title, chart.Bars);
            foreach (var table in section.Tables) report.Table(table);
        }
        return report.ToBytes();
    }

    public static byte[] Excel(RequestDashboard d)
    {
        var figures = KeyFigures(d).Concat(d.Sections.SelectMany(s => s.Figures)).ToList();
        var excel = new ExcelReport(Title, d.Organisation, d.GeneratedAtUtc)
            .KeyFigures(figures)
            .Sheet(States(d))
            .Sheet(Groups("Per Comune", "Comune", d.ByComune))
            .Sheet(Groups("Per servizio", "Servizio", d.ByService))
            .Sheet(Alerts(d));
        foreach (var table in d.Sections.SelectMany(s => s.Tables)) excel.Sheet(table);
        return excel.ToBytes();
    }

    public static string FileName(RequestDashboard d, string extension) =>
        $"cruscotto-richieste-{d.Filter.From:yyyyMMdd}-{d.Filter.To:yyyyMMdd}.{extension}";
}
