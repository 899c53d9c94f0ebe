using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Tenders;

/// <summary>The Gare KPIs as PDF and Excel, through the platform's report layer: same figures, same order, in both.</summary>
public static class TenderDashboardReport
{
    public const string Title = "Cruscotto Gare";

    public static IReadOnlyList<KeyFigure> KeyFigures(TenderDashboard d) =>
    [
        new("Procedure registrate", Formats.Number(d.Total)),
        new("Procedure in corso", Formats.Number(d.InProgressCount)),
        new("Valore in corso (base d'asta)", Formats.EuroCents(d.InProgressValueCents)),
        new($"Valore aggiudicato nel {d.AwardYear}", Formats.EuroCents(d.AwardedInYearValueCents)),
        new($"Procedure aggiudicate nel {d.AwardYear}", Formats.Number(d.AwardedInYearCount)),
        new("Giorni medi dalla pubblicazione all'aggiudicazione", d.AverageDaysToAward is { } days ? Formats.Number(days, 1) : "n.d."),
        new("Ribasso medio", d.AverageRibassoPercent is { } r ? Formats.Number(r, 2) + " %" : "n.d."),
        new($"Scadenze nei prossimi {TenderDashboardService.DeadlineWindowDays} giorni", Formats.Number(d.NextDeadlines.Count)),
    ];

    public static string FilterNote(TenderDashboard d, string? committente) =>
        $"Anno: {(d.Filter.Anno is int a ? a.ToString() : "tutti")} · Committente: {committente ?? "tutti"} · " +
        "Procedure in corso: fasi di pubblicazione, affidamento ed esecuzione; valori IVA esclusa.";

    public static ReportTable Phases(TenderDashboard d)
    {
        var t = new ReportTable("Procedure per fase",
            [new ReportColumn("Fase", Width: 2), new ReportColumn("Procedure", ReportValueKind.Integer), new ReportColumn("Valore a base d'asta", ReportValueKind.EuroCents, 1.5)]);
        foreach (var p in d.ByPhase) t.AddRow(PhaseRules.Label(p.Phase), p.Count, p.ValueCents);
        return t;
    }

    public static ReportTable Shares(string title, string labelHeader, IReadOnlyList<ShareFigure> shares)
    {
        var t = new ReportTable(title,
        [
            new ReportColumn(labelHeader, Width: 3), new ReportColumn("Procedure", ReportValueKind.Integer),
            new ReportColumn("Quota", ReportValueKind.Percent), new ReportColumn("Valore a base d'asta", ReportValueKind.EuroCents, 1.5),
        ]);
        foreach (var s in shares) t.AddRow(s.Label, s.Count, s.Percent, s.ValueCents);
        return t;
    }

    public static ReportTable Deadlines(TenderDashboard d)
    {
        var t = new ReportTable($"Scadenze dei prossimi {TenderDashboardService.DeadlineWindowDays} giorni",
            [new ReportColumn("Data", ReportValueKind.Date), new ReportColumn("Scadenza", Width: 1.5), new ReportColumn("Procedura", Width: 3), new ReportColumn("RUP", Width: 1.5)]);
        foreach (var x in d.NextDeadlines) t.AddRow(x.DueAtUtc, x.Titolo ?? DeadlineLabels.Of(x.Kind), x.Oggetto, x.Rup);
        return t;
    }

    /// <summary>The BDAP-MOP / OpenCUP block; empty (and left out) when no procedure in scope has open data.</summary>
    public static IReadOnlyList<KeyFigure> BdapFigures(TenderDashboard d) =>
    [
        new("Procedure con dati BDAP/OpenCUP", Formats.Number(d.Bdap.Procedures)),
        new("Costo dei progetti", Formats.EuroCents(d.Bdap.CostoCents)),
        new("Pagato finora", Formats.EuroCents(d.Bdap.PaidCents)),
        new("Quota pagata", d.Bdap.PercentPaid is { } p ? Formats.Number(p, 1) + " %" : "n.d."),
    ];

    public static ReportTable BdapStates(TenderDashboard d)
    {
        var t = new ReportTable("Progetti BDAP/OpenCUP per stato",
            [new ReportColumn("Stato", Width: 2), new ReportColumn("Progetti", ReportValueKind.Integer), new ReportColumn("Costo", ReportValueKind.EuroCents, 1.5)]);
        foreach (var s in d.Bdap.ByState) t.AddRow(s.Stato, s.Projects, s.CostoCents);
        return t;
    }

    public static byte[] Pdf(TenderDashboard d, string? committente)
    {
        var report = new PdfReport(Title, d.Organisation, d.GeneratedAtUtc)
            .Note(FilterNote(d, committente))
            .KeyFigures(KeyFigures(d))
            .BarChart("Procedure per fase", d.ByPhase.Select(p => new ChartBar(PhaseRules.Label(p.Phase), p.Count, Formats.Number(p.Count))).ToList())
            .Table(Phases(d))
            .BarChart("Quota per tipo di procedura", d.BySceltaContraente.Select(s => new ChartBar(s.Label, s.Count, Formats.Number(s.Percent, 1) + " %")).ToList())
            .Table(Shares("Procedure per tipo di procedura", "Scelta del contraente", d.BySceltaContraente))
            .Table(Shares("Procedure per committente", "Committente", d.ByCommittente))
            .Table(Deadlines(d));
        if (d.Bdap.Procedures > 0) report.Heading("Dati BDAP / OpenCUP").KeyFigures(BdapFigures(d)).Table(BdapStates(d));
        return report.ToBytes();
    }

    public static byte[] Excel(TenderDashboard d)
    {
        var report = new ExcelReport(Title, d.Organisation, d.GeneratedAtUtc)
            .KeyFigures(d.Bdap.Procedures > 0 ? [.. KeyFigures(d), .. BdapFigures(d)] : KeyFigures(d))
            .Sheet(Phases(d))
            .Sheet(Shares("Per tipo di procedura", "Scelta del contraente", d.BySceltaContraente))
            .Sheet(Shares("Per committente", "Committente", d.ByCommittente))
            .Sheet(Deadlines(d));
        if (d.Bdap.Procedures > 0) report.Sheet(BdapStates(d));
        return report.ToBytes();
    }

    public static string FileName(TenderDashboard d, string extension) =>
        $"cruscotto-gare-{(d.Filter.Anno is int a ? a.ToString() : "tutti-gli-anni")}-{TimeZoneInfo.ConvertTimeFromUtc(d.GeneratedAtUtc, Formats.Rome):yyyyMMdd}.{extension}";
}

public static class DeadlineLabels
{
    public static string Of(DeadlineKind k) => k switch
    {
        DeadlineKind.ScadenzaOfferte => "Scadenza delle offerte",
        DeadlineKind.Aggiudicazione => "Aggiudicazione",
        DeadlineKind.Stipula => "Stipula del contratto",
        _ => "Personalizzata",
    };
}
