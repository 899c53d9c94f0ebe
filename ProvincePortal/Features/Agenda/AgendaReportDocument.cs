using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Agenda;

/// <summary>
/// <see cref="AgendaReport"/> as PDF (for reading) and Excel (for working on the numbers). The tables are built once
/// here and used by both outputs; the PDF leaves out only what does not fit a page (every indicator's raw and normalised
/// value of every Comune, which is the Excel's "Comuni" sheet).
/// </summary>
public static class AgendaReportDocument
{
    public const string Pad26Attribution =
        "Fonte: Dipartimento per la trasformazione digitale, PA digitale 2026 open data " +
        "(github.com/teamdigitale/padigitale2026-opendata), licenza CC BY 4.0 (creativecommons.org/licenses/by/4.0/). " +
        "Dati elaborati: stato di ogni Comune per misura, normalizzazione e punteggi calcolati da ProvincePortal.";

    private const int TopBottom = 20;
    private const string RankingLegend = "Pos.: posizione per media aritmetica ponderata; Resid.: residenti; Punt.: punteggio; Cop.: copertura; " +
        "Geom.: media geometrica; Spost.: posti persi (+) o guadagnati (−) con la media geometrica";

    public static string Num(double? value) => value is double v ? Formats.Number(v) : "n.d.";
    public static string Pct(double? value) => value is double v ? Formats.Number(v) + " %" : "n.d.";
    private static double? Share(int part, int of) => of == 0 ? null : 100.0 * part / of;

    /// <summary>The summary figures, typed: the Excel keeps them as numbers, the PDF writes them the Italian way.</summary>
    public static IReadOnlyList<(string Label, ReportCell Value)> Summary(AgendaReport r)
    {
        var u = r.RollUp;
        var list = new List<(string, ReportCell)>
        {
            ("Comuni", new(u.Comuni, ReportValueKind.Integer)),
            ("Comuni con punteggio", new(u.ComuniWithScore, ReportValueKind.Integer)),
            ("Copertura media degli indicatori", new(u.MeanCoverage * 100, ReportValueKind.Percent)),
            ("Punteggio medio dei Comuni", new(u.Mean, ReportValueKind.Decimal)),
            ("Media ponderata sui residenti", new(u.PopulationWeightedMean, ReportValueKind.Decimal)),
            ("Minimo", new(u.Distribution?.Min, ReportValueKind.Decimal)),
            ("Primo quartile", new(u.Distribution?.Q1, ReportValueKind.Decimal)),
            ("Mediana", new(u.Distribution?.Median, ReportValueKind.Decimal)),
            ("Terzo quartile", new(u.Distribution?.Q3, ReportValueKind.Decimal)),
            ("Massimo", new(u.Distribution?.Max, ReportValueKind.Decimal)),
            ("Comuni in fascia alta (≥ 65)", new(u.High, ReportValueKind.Integer)),
            ("Comuni in fascia alta (≥ 65), quota", new(Share(u.High, u.ComuniWithScore), ReportValueKind.Percent)),
            ("Comuni in fascia intermedia", new(u.Middle, ReportValueKind.Integer)),
            ("Comuni in fascia intermedia, quota", new(Share(u.Middle, u.ComuniWithScore), ReportValueKind.Percent)),
            ("Comuni in fascia critica (< 30)", new(u.Critical, ReportValueKind.Integer)),
            ("Comuni in fascia critica (< 30), quota", new(Share(u.Critical, u.ComuniWithScore), ReportValueKind.Percent)),
        };
        foreach (var t in u.Targets.Where(t => t.ComuniWithValue > 0))
        {
            var code = r.Indicators.First(i => i.Indicator.Id == t.IndicatorId).Indicator.Code;
            list.Add(($"{code}: Comuni all'obiettivo", new(t.PercentComuni, ReportValueKind.Percent)));
            list.Add(($"{code}: residenti nei Comuni all'obiettivo", new(t.PercentResidents, ReportValueKind.Percent)));
        }
        return list;
    }

    /// <summary>The tiles of the PDF's first page (the rest of <see cref="Summary"/> is in its tables).</summary>
    public static IReadOnlyList<KeyFigure> KeyFigures(AgendaReport r)
    {
        var u = r.RollUp;
        return
        [
            new("Comuni con punteggio", $"{Formats.Number(u.ComuniWithScore)} / {Formats.Number(u.Comuni)}"),
            new("Copertura media degli indicatori", Pct(u.MeanCoverage * 100)),
            new("Punteggio medio dei Comuni", Num(u.Mean)),
            new("Media ponderata sui residenti", Num(u.PopulationWeightedMean)),
            new($"Mediana (quartili {Num(u.Distribution?.Q1)} – {Num(u.Distribution?.Q3)})", Num(u.Distribution?.Median)),
            new($"Minimo – massimo", $"{Num(u.Distribution?.Min)} – {Num(u.Distribution?.Max)}"),
            new("Comuni in fascia alta (≥ 65)", $"{Pct(Share(u.High, u.ComuniWithScore))} ({Formats.Number(u.High)})"),
            new("Comuni in fascia intermedia", $"{Pct(Share(u.Middle, u.ComuniWithScore))} ({Formats.Number(u.Middle)})"),
            new("Comuni in fascia critica (< 30)", $"{Pct(Share(u.Critical, u.ComuniWithScore))} ({Formats.Number(u.Critical)})"),
        ];
    }

    public static ReportTable Targets(AgendaReport r)
    {
        var columns = new List<ReportColumn>
        {
            new("Indicatore", Width: 3), new("Comuni con un valore", ReportValueKind.Integer), new("Comuni all'obiettivo", ReportValueKind.Integer),
            new("% Comuni", ReportValueKind.Percent), new("% residenti", ReportValueKind.Percent),
        };
        columns.AddRange(r.Comparison.Skip(1).Take(r.National ? 0 : 2).Select(a => new ReportColumn($"% Comuni {a.Name}", ReportValueKind.Percent)));
        var table = new ReportTable("Obiettivi raggiunti", columns);
        foreach (var t in r.RollUp.Targets.Where(t => t.ComuniWithValue > 0))
        {
            var indicator = r.Indicators.First(i => i.Indicator.Id == t.IndicatorId).Indicator;
            var row = new List<object?> { $"{indicator.Code} · {indicator.Name}", t.ComuniWithValue, t.ComuniAtTarget, t.PercentComuni, t.PercentResidents };
            row.AddRange(r.Comparison.Skip(1).Take(r.National ? 0 : 2).Select(a => (object?)a.RollUp.Targets.FirstOrDefault(x => x.IndicatorId == t.IndicatorId)?.PercentComuni));
            table.AddRow(row.ToArray());
        }
        return table;
    }

    /// <summary>The area beside its Region and Italy (a Province), or Italy beside every Region (national).</summary>
    public static ReportTable Comparison(AgendaReport r) =>
        Areas(r.National ? "Confronto tra le Regioni" : "Confronto con Regione e Italia", r.National ? "Area" : "Area",
            r.Comparison.Select(a => (a.Name, a.RollUp, (int?)null, (string?)null)).ToList(), withRank: false);

    public static ReportTable ProvinceRanking(AgendaReport r) =>
        Areas("Graduatoria delle Province", "Provincia", r.Provinces.Select(p => ($"{p.Name} ({p.Sigla})", p.RollUp, p.Rank, (string?)p.Region)).ToList(), withRank: true);

    private static ReportTable Areas(string title, string header, IReadOnlyList<(string Name, RollUp RollUp, int? Rank, string? Region)> areas, bool withRank)
    {
        var columns = new List<ReportColumn>();
        if (withRank) columns.Add(new ReportColumn("Pos.", ReportValueKind.Integer, 0.6));
        columns.Add(new ReportColumn(header, Width: 2));
        if (withRank) columns.Add(new ReportColumn("Regione", Width: 1.3));
        columns.AddRange([
            new ReportColumn("Comuni", ReportValueKind.Integer, 1), new ReportColumn("Con punteggio", ReportValueKind.Integer, 1),
            new ReportColumn("Media", ReportValueKind.Decimal, 0.9), new ReportColumn("Media ponderata", ReportValueKind.Decimal, 1),
            new ReportColumn("Mediana", ReportValueKind.Decimal, 1), new ReportColumn("Fascia alta", ReportValueKind.Percent, 0.9),
            new ReportColumn("Fascia critica", ReportValueKind.Percent, 0.9), new ReportColumn("Copertura", ReportValueKind.Percent, 1.15),
        ]);
        var table = new ReportTable(title, columns) { FrozenColumns = withRank ? 2 : 1 };
        foreach (var (name, u, rank, region) in areas)
        {
            var row = new List<object?>();
            if (withRank) row.Add(rank);
            row.Add(name);
            if (withRank) row.Add(region);
            row.AddRange([u.Comuni, u.ComuniWithScore, u.Mean, u.PopulationWeightedMean, u.Distribution?.Median,
                Share(u.High, u.ComuniWithScore), Share(u.Critical, u.ComuniWithScore), u.MeanCoverage * 100]);
            table.AddRow(row.ToArray());
        }
        return table;
    }

    /// <summary>The ranking as printed: position, scores, coverage, the geometric mean and the rank shift, the dimensions.</summary>
    public static ReportTable Ranking(AgendaReport r, string title, IEnumerable<AgendaReportComune> rows)
    {
        // Short headers and widths measured for "100,00" and "15,79 %" at the table's size: one line per Comune.
        var columns = new List<ReportColumn> { new("Pos.", ReportValueKind.Integer, 0.6), new("Comune", Width: 2.2) };
        if (r.National) columns.Add(new ReportColumn("Prov.", Width: 0.75));
        columns.AddRange([
            new ReportColumn("Resid.", ReportValueKind.Integer, 0.85), new ReportColumn("Punt.", ReportValueKind.Decimal, 0.9),
            new ReportColumn("Fascia", Width: 0.8), new ReportColumn("Cop.", ReportValueKind.Percent, 0.9),
            new ReportColumn("Geom.", ReportValueKind.Decimal, 0.9), new ReportColumn("Spost.", Width: 0.65),
        ]);
        if (!r.National) columns.AddRange(r.Dimensions.Select(d => new ReportColumn(d.Code, ReportValueKind.Decimal, 0.95)));
        var table = new ReportTable(title, columns);
        foreach (var c in rows)
        {
            var s = c.Score;
            var row = new List<object?> { c.Rank, c.Name };
            if (r.National) row.Add(c.ProvinceSigla);
            row.AddRange([c.Population, s.Score, s.Score is double v ? AgendaScoring.Band(v) : "", s.Coverage * 100, s.Geometric, Shift(s.RankShift)]);
            if (!r.National) row.AddRange(s.Dimensions.Select(d => (object?)d.Score));
            table.AddRow(row.ToArray());
        }
        return table;
    }

    private static string Shift(int? shift) => shift switch { null => "", > 0 => "+" + shift, _ => shift.Value.ToString(Formats.Italian) };

    /// <summary>The Excel's wide sheet: every Comune, its scores, then every indicator's raw and normalised value.</summary>
    public static ReportTable ComuniSheet(AgendaReport r)
    {
        var columns = new List<ReportColumn>
        {
            new("Posizione", ReportValueKind.Integer), new("Codice ISTAT"), new("Comune"), new("Provincia"), new("Residenti", ReportValueKind.Integer),
            new("Punteggio", ReportValueKind.Decimal), new("Fascia"), new("Copertura", ReportValueKind.Percent),
            new("Indicatori con valore", ReportValueKind.Integer), new("Media geometrica", ReportValueKind.Decimal),
            new("Posizione (media geometrica)", ReportValueKind.Integer), new("Spostamento", ReportValueKind.Integer),
        };
        columns.AddRange(r.Dimensions.Select(d => new ReportColumn($"{d.Code} · {d.Name}", ReportValueKind.Decimal)));
        foreach (var (indicator, _) in r.Indicators)
        {
            columns.Add(new ReportColumn($"{indicator.Code} valore", ReportValueKind.Decimal));
            columns.Add(new ReportColumn($"{indicator.Code} normalizzato", ReportValueKind.Decimal));
        }
        var table = new ReportTable("Comuni", columns) { FrozenColumns = 3 };
        var width = columns.Count;
        foreach (var c in r.Comuni)
        {
            var s = c.Score;
            var row = new object?[width];
            row[0] = c.Rank; row[1] = c.IstatCode; row[2] = c.Name; row[3] = c.ProvinceSigla; row[4] = c.Population;
            row[5] = s.Score; row[6] = s.Score is double v ? AgendaScoring.Band(v) : null; row[7] = s.Coverage * 100; row[8] = s.Available;
            row[9] = s.Geometric; row[10] = s.GeometricRank; row[11] = s.RankShift;
            var col = 12;
            foreach (var d in s.Dimensions) row[col++] = d.Score;
            foreach (var (indicator, _) in r.Indicators)
            {
                row[col++] = r.Values.TryGetValue((indicator.Id, c.ComuneId), out var value) ? value.Value : null;
                row[col++] = s.Normalised.TryGetValue(indicator.Id, out var n) ? n : null;
            }
            table.AddRow(row);
        }
        return table;
    }

    public static ReportTable IndicatorsSheet(AgendaReport r)
    {
        var table = new ReportTable("Indicatori",
        [
            new ReportColumn("Codice", Width: 0.6), new ReportColumn("Indicatore", Width: 3), new ReportColumn("Dimensione", Width: 0.8),
            new ReportColumn("Unità", Width: 1), new ReportColumn("Fonte", Width: 1.6), new ReportColumn("Direzione", Width: 0.8),
            new ReportColumn("Normalizzazione", Width: 1.6), new ReportColumn("Obiettivo", ReportValueKind.Decimal, 0.8),
            new ReportColumn("Estremo minimo", ReportValueKind.Decimal, 0.8), new ReportColumn("Estremo massimo", ReportValueKind.Decimal, 0.8),
            new ReportColumn("Peso", ReportValueKind.Decimal, 0.6), new ReportColumn("Peso della dimensione", ReportValueKind.Decimal, 0.8),
            new ReportColumn("Origine", Width: 1), new ReportColumn("Misura PA digitale 2026", Width: 0.8),
        ]) { FrozenColumns = 2 };
        foreach (var (i, dimension) in r.Indicators)
            table.AddRow(i.Code, i.Name, dimension, i.Unit, i.Source, AgendaLabels.Sign(i.Direction), AgendaLabels.Of(i.Normalisation), i.TargetValue,
                i.GoalpostMin, i.GoalpostMax, i.Weight, r.Dimensions.FirstOrDefault(d => d.Id == i.DimensionId)?.Weight, AgendaLabels.Of(i.Origin), i.Pad26Measure);
        return table;
    }

    public static ReportTable Sources(AgendaReport r)
    {
        var table = new ReportTable("Fonti", [new ReportColumn("Fonte", Width: 2), new ReportColumn("Editore", Width: 2), new ReportColumn("Licenza", Width: 1),
            new ReportColumn("Attribuzione e note", Width: 5)]);
        table.AddRow("PA digitale 2026 open data (candidature per misura)", "Dipartimento per la trasformazione digitale", "CC BY 4.0", Pad26Attribution);
        table.AddRow("Elenco dei Comuni e popolazione legale", "ISTAT", "CC BY 3.0 IT", "Codici e denominazioni dei Comuni, Province e Regioni; popolazione per la media ponderata.");
        foreach (var source in r.Indicators.Select(i => i.Indicator.Source).Where(s => !string.IsNullOrWhiteSpace(s) && !s.Contains("PA digitale", StringComparison.OrdinalIgnoreCase))
                     .Distinct(StringComparer.OrdinalIgnoreCase))
            table.AddRow(source, "", "", "Fonte indicata nel quadro degli indicatori: " +
                string.Join(", ", r.Indicators.Where(i => string.Equals(i.Indicator.Source, source, StringComparison.OrdinalIgnoreCase)).Select(i => i.Indicator.Code)) + ".");
        if (!string.IsNullOrWhiteSpace(r.FrameworkSourceNote))
            table.AddRow($"Quadro degli indicatori {r.Period}", "", "", r.FrameworkSourceNote);
        return table;
    }

    /// <summary>The method as the report explains it (domain doc, "Method").</summary>
    public static IReadOnlyList<string> Method(AgendaReport r) =>
    [
        "Normalizzazione (scala 0–100). Indicatori a obiettivo: distanza dall'obiettivo (raggiunto = 100, in corso = 50, nessuno = 0; " +
        "per «meno è meglio» 100 fino all'obiettivo). Percentuali limitate: min-max con estremi fissi (come il DESI, confrontabili nel tempo). " +
        "Conteggi non limitati: logaritmo ln(1+x) e poi min-max tra i Comuni della stessa Provincia.",
        "Pesi: quelli del quadro " + r.Period + " (uguali per impostazione entro e tra le dimensioni; " +
        string.Join(", ", r.Dimensions.Select(d => $"{d.Code} {Formats.Number(d.Weight, 2)}")) + "); gli indicatori con peso 0 non contano.",
        "Aggregazione: media aritmetica ponderata degli indicatori in ogni dimensione e delle dimensioni nel punteggio complessivo " +
        "(OCSE/JRC, Handbook on Constructing Composite Indicators, 2008; DESI; FPA ICity Rank).",
        "Sensibilità: la media geometrica ponderata (valori sotto 1 portati a 1) penalizza i risultati sbilanciati; la colonna " +
        "«Spost.» indica i posti persi (+) o guadagnati (−) in graduatoria usando la media geometrica invece di quella aritmetica.",
        "Dati mancanti: non valgono 0; il punteggio usa gli indicatori disponibili e la copertura (indicatori con valore / indicatori che contano) " +
        "è indicata accanto a ogni punteggio.",
        "Sintesi territoriali: quota di Comuni e di residenti all'obiettivo tra i Comuni con un valore, media ponderata sulla popolazione, " +
        "quartili (interpolazione lineare), fasce: alta ≥ 65, critica < 30. Posizioni a pari merito: stesso posto (1, 2, 2, 4).",
    ];

    public static IReadOnlyList<ChartBar> HistogramBars(AgendaReport r) =>
        r.Histogram.Select((n, i) => new ChartBar($"{i * 10}–{i * 10 + 10}", n, Formats.Number(n),
            i >= 7 ? "#008758" : i < 3 ? "#D9364F" : null)).ToList(); // the colours of the /agenda histogram

    public static IReadOnlyList<ChartBar> DimensionBars(AgendaReport r, ScoringDimension d) =>
        r.Comparison.Where(a => a.RollUp.DimensionMeans.GetValueOrDefault(d.Id) is not null)
            .Select(a => new ChartBar(a.Name, a.RollUp.DimensionMeans[d.Id]!.Value, Num(a.RollUp.DimensionMeans[d.Id]))).ToList();

    public static byte[] Pdf(AgendaReport r)
    {
        var generated = Formats.Date(r.GeneratedAtUtc);
        var report = new PdfReport(r.Title, r.Organisation, r.GeneratedAtUtc)
            .Cover(new PdfCover("Agenda digitale", r.National ? "Report nazionale" : "Report della Provincia", r.AreaName,
            [
                $"Data del report: {generated}",
                $"Quadro degli indicatori {r.Period}" + (string.IsNullOrWhiteSpace(r.FrameworkTitle) ? "" : $" · {r.FrameworkTitle}"),
                r.DataDate is DateOnly d ? $"Dati aggiornati al {Formats.Date(d)}" : "Nessun dato importato",
                $"Comuni: {Formats.Number(r.RollUp.Comuni)}, con punteggio {Formats.Number(r.RollUp.ComuniWithScore)}",
            ]))
            .Heading("Sintesi")
            .Note("Punteggi su scala 0–100, media aritmetica ponderata degli indicatori normalizzati; la copertura indica la quota di indicatori con un valore.")
            .KeyFigures(KeyFigures(r))
            .Table(Targets(r))
            .Heading("Punteggio per dimensione");
        foreach (var dimension in r.Dimensions)
            report.BarChart($"{dimension.Code} · {dimension.Name}", DimensionBars(r, dimension), scaleMax: 100);
        report.Heading("Distribuzione dei punteggi")
            .ColumnChart($"Comuni per classe di punteggio ({Formats.Number(r.RollUp.ComuniWithScore)} Comuni con punteggio)", HistogramBars(r))
            .Note("Fasce: alta ≥ 65 (verde), critica < 30 (rosso).")
            .Table(Comparison(r));

        if (r.National)
        {
            var scored = r.Comuni.Where(c => c.Score.Score is not null).ToList();
            report.PageBreak().Heading("Graduatoria delle Province")
                .Note("Province ordinate per punteggio medio dei loro Comuni; la graduatoria completa dei Comuni è nel file Excel. " + RankingLegend + ".")
                .Table(ProvinceRanking(r))
                .Heading($"I {TopBottom} Comuni con il punteggio più alto")
                .Table(Ranking(r, "", scored.Take(TopBottom)))
                .Heading($"I {TopBottom} Comuni con il punteggio più basso")
                .Table(Ranking(r, "", scored.Skip(Math.Max(TopBottom, scored.Count - TopBottom))));
        }
        else
            report.PageBreak().Heading("Graduatoria dei Comuni")
                .Note(RankingLegend + "; " +
                      string.Join(", ", r.Dimensions.Select(d => $"{d.Code}: {d.Name}")) + ".")
                .Table(Ranking(r, "", r.Comuni));

        if (r.ComunePages)
            foreach (var c in r.Comuni) ComunePage(report, r, c);

        report.PageBreak().Heading("Metodo");
        foreach (var paragraph in Method(r)) report.Paragraph(paragraph);
        report.Table(IndicatorsPdf(r))
            .Heading("Fonti")
            .Table(Sources(r))
            .Note(Pad26Attribution);
        return report.ToBytes();
    }

    private static ReportTable IndicatorsPdf(AgendaReport r)
    {
        var table = new ReportTable("Indicatori e pesi", [new ReportColumn("Codice", Width: 0.6), new ReportColumn("Indicatore", Width: 3.2),
            new ReportColumn("Dir.", Width: 0.4), new ReportColumn("Normalizzazione", Width: 1.8), new ReportColumn("Peso", ReportValueKind.Decimal, 0.6),
            new ReportColumn("Origine", Width: 1.1)]);
        foreach (var (i, _) in r.Indicators)
            table.AddRow(i.Code, i.Name, AgendaLabels.Sign(i.Direction), AgendaLabels.Of(i.Normalisation), i.Weight, AgendaLabels.Of(i.Origin));
        return table;
    }

    private static void ComunePage(PdfReport report, AgendaReport r, AgendaReportComune c)
    {
        var s = c.Score;
        report.PageBreak().Heading($"{c.Name} (ISTAT {c.IstatCode})")
            .KeyFigures(
            [
                new("Punteggio", Num(s.Score)),
                new("Posizione", c.Rank is int rank ? $"{rank} di {Formats.Number(r.RollUp.ComuniWithScore)}" : "n.d."),
                new("Fascia", s.Score is double v ? AgendaScoring.Band(v) : "n.d."),
                new("Copertura", $"{Pct(s.Coverage * 100)} ({s.Available} di {s.Total})"),
                new("Media geometrica", Num(s.Geometric)),
                new("Residenti", c.Population is int p ? Formats.Number(p) : "n.d."),
            ]);
        // Dimensions as one line and one-line indicator rows: a Comune's card fits one page.
        report.Note("Dimensioni (Comune / media della Provincia): " + string.Join(" · ", s.Dimensions.Select(d =>
            $"{r.Dimensions.First(x => x.Id == d.DimensionId).Code} {Num(d.Score)} / {Num(r.RollUp.DimensionMeans.GetValueOrDefault(d.DimensionId))} ({d.Available} di {d.Total} indicatori)")));
        var indicators = new ReportTable("Indicatori", [new ReportColumn("Indicatore", Width: 4.4, MaxLines: 1), new ReportColumn("Valore", ReportValueKind.Decimal, 0.8),
            new ReportColumn("Stato", Width: 1.1, MaxLines: 1), new ReportColumn("Data", ReportValueKind.Date, 1.2), new ReportColumn("Normalizzato", ReportValueKind.Decimal, 1.1)]);
        foreach (var (i, _) in r.Indicators)
        {
            if (!r.Values.TryGetValue((i.Id, c.ComuneId), out var value))
            {
                indicators.AddRow($"{i.Code} · {i.Name}", null, "mancante", null, null);
                continue;
            }
            indicators.AddRow($"{i.Code} · {i.Name}", value.Value, value.Status is MeasureStatus status ? StatusLabel(status) : "",
                value.MeasuredOn, s.Normalised.TryGetValue(i.Id, out var n) ? n : null);
        }
        report.Table(indicators);
    }

    public static string StatusLabel(MeasureStatus status) => status switch
    {
        MeasureStatus.Done => "Raggiunto",
        MeasureStatus.InProgress => "In corso",
        MeasureStatus.Renounced => "Rinunciato",
        _ => "Non candidato",
    };

    public static byte[] Excel(AgendaReport r)
    {
        // Streamed: the national "Comuni" sheet is ~450,000 cells, seconds with ClosedXML (issue 7).
        var excel = new StreamingExcelReport(r.Title, r.Organisation, r.GeneratedAtUtc);
        foreach (var sheet in ExcelSheets(r)) excel.Sheet(sheet);
        return excel.ToBytes();
    }

    /// <summary>The Excel's sheets in their order (public for bench/AgendaReport, which also writes them with ClosedXML to compare).</summary>
    public static IReadOnlyList<ReportTable> ExcelSheets(AgendaReport r)
    {
        var summary = new ReportTable("Sintesi", [new ReportColumn("Voce", Width: 3), new ReportColumn("Valore", ReportValueKind.Decimal, 2)]);
        summary.AddRow("Area", r.AreaName);
        summary.AddRow("Quadro degli indicatori", r.Period);
        summary.AddRow("Dati aggiornati al", r.DataDate is DateOnly d ? new ReportCell(d, ReportValueKind.Date) : null);
        summary.AddRow("Data del report", new ReportCell(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(r.GeneratedAtUtc, Formats.Rome)), ReportValueKind.Date));
        foreach (var (label, value) in Summary(r)) summary.AddRow(label, value);
        var sheets = new List<ReportTable> { summary, ComuniSheet(r) };
        if (r.National) sheets.Add(ProvinceRanking(r));
        sheets.AddRange([Comparison(r), Targets(r), IndicatorsSheet(r), Sources(r)]);
        return sheets;
    }
}
