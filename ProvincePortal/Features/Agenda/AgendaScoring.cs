namespace ProvincePortal.Features.Agenda;

public sealed record ScoringDimension(int Id, string Code, string Name, double Weight);

public sealed record ScoringIndicator(int Id, string Code, int DimensionId, IndicatorDirection Direction, Normalisation Normalisation,
    double? TargetValue, double? GoalpostMin, double? GoalpostMax, double Weight);

public sealed record ScoringComune(int Id, int ProvinceId, int RegionId, int? Population);

/// <summary>A score beside its coverage: indicators with a value / indicators that count (weight above 0).</summary>
public sealed record DimensionScore(int DimensionId, double? Score, double? Geometric, int Available, int Total)
{
    public double Coverage => Total == 0 ? 0 : (double)Available / Total;
}

public sealed record ComuneScore(int ComuneId, int ProvinceId, int RegionId, int? Population, double? Score, double? Geometric,
    int Available, int Total, IReadOnlyList<DimensionScore> Dimensions, IReadOnlyDictionary<int, double> Normalised)
{
    public double Coverage => Total == 0 ? 0 : (double)Available / Total;
    /// <summary>Rank within its Province by the arithmetic score (1 = best; equal scores share a rank); null without score.</summary>
    public int? Rank { get; init; }
    /// <summary>Rank within its Province by the geometric mean.</summary>
    public int? GeometricRank { get; init; }
    /// <summary>Places lost (+) or gained (−) when the geometric mean replaces the arithmetic one.</summary>
    public int? RankShift => Rank is int a && GeometricRank is int g ? g - a : null;
}

public sealed record TargetShare(int IndicatorId, int ComuniWithValue, int ComuniAtTarget, double? PercentComuni, double? PercentResidents);

public sealed record Distribution(double Min, double Q1, double Median, double Q3, double Max);

public sealed record RollUp(int Comuni, int ComuniWithScore, double? Mean, double? PopulationWeightedMean, Distribution? Distribution,
    int High, int Middle, int Critical, IReadOnlyList<TargetShare> Targets, IReadOnlyDictionary<int, double?> DimensionMeans, double MeanCoverage);

/// <summary>
/// The composite index of the domain doc (OECD/JRC Handbook 2008, DESI, ICity Rank): normalise each indicator to 0–100,
/// weighted arithmetic mean per dimension and across dimensions, geometric mean as a sensitivity check. Pure: no I/O, so
/// every number can be checked by hand in the tests.
/// </summary>
public static class AgendaScoring
{
    public const double HighBand = 65;
    public const double CriticalBand = 30;

    /// <summary>
    /// Normalises one value. Log min-max needs the Province's range of ln(1+x) (<paramref name="provinceRange"/>);
    /// when every Comune of the Province has the same value the indicator does not separate them: 100 if above 0, else 0.
    /// </summary>
    public static double Normalise(ScoringIndicator indicator, double value, (double Min, double Max)? provinceRange = null)
    {
        double score;
        switch (indicator.Normalisation)
        {
            case Normalisation.Target:
                var target = indicator.TargetValue ?? 1;
                if (indicator.Direction == IndicatorDirection.Positive)
                    return Clamp(target <= 0 ? (value >= target ? 100 : 0) : 100 * value / target);
                // Lower is better: at or below the target is 100, above it 100·target/x (0 when the target is 0).
                return value <= target ? 100 : target <= 0 ? 0 : Clamp(100 * target / value);
            case Normalisation.MinMaxFixed:
                double min = indicator.GoalpostMin ?? 0, max = indicator.GoalpostMax ?? 100;
                score = max > min ? Clamp(100 * (value - min) / (max - min)) : 0;
                break;
            default:
                var y = Math.Log(1 + Math.Max(0, value));
                var (lo, hi) = provinceRange ?? (y, y);
                score = hi > lo ? Clamp(100 * (y - lo) / (hi - lo)) : y > 0 ? 100 : 0;
                break;
        }
        return indicator.Direction == IndicatorDirection.Positive ? score : 100 - score;
    }

    public static IReadOnlyList<ComuneScore> Score(IReadOnlyList<ScoringDimension> dimensions, IReadOnlyList<ScoringIndicator> indicators,
        IReadOnlyList<ScoringComune> comuni, IReadOnlyDictionary<(int IndicatorId, int ComuneId), double> values)
    {
        // ln(1+x) range per (indicator, Province), for the log min-max indicators only.
        var ranges = new Dictionary<(int, int), (double Min, double Max)>();
        foreach (var indicator in indicators.Where(i => i.Normalisation == Normalisation.LogMinMaxProvince))
            foreach (var comune in comuni)
            {
                if (!values.TryGetValue((indicator.Id, comune.Id), out var v)) continue;
                var y = Math.Log(1 + Math.Max(0, v));
                var key = (indicator.Id, comune.ProvinceId);
                ranges[key] = ranges.TryGetValue(key, out var r) ? (Math.Min(r.Min, y), Math.Max(r.Max, y)) : (y, y);
            }

        var counted = indicators.Where(i => i.Weight > 0).ToList();
        var byDimension = dimensions.Select(d => (Dimension: d, Indicators: counted.Where(i => i.DimensionId == d.Id).ToList())).ToList();
        var results = new ComuneScore[comuni.Count];
        for (var c = 0; c < comuni.Count; c++)
        {
            var comune = comuni[c];
            var normalised = new Dictionary<int, double>();
            foreach (var indicator in indicators)
                if (values.TryGetValue((indicator.Id, comune.Id), out var v))
                    normalised[indicator.Id] = Normalise(indicator, v,
                        indicator.Normalisation == Normalisation.LogMinMaxProvince ? ranges[(indicator.Id, comune.ProvinceId)] : null);

            var dimensionScores = new List<DimensionScore>(byDimension.Count);
            double sum = 0, weights = 0, logSum = 0;
            int available = 0, total = 0;
            foreach (var (dimension, members) in byDimension)
            {
                double dSum = 0, dWeights = 0, dLog = 0;
                var dAvailable = 0;
                foreach (var indicator in members)
                {
                    if (!normalised.TryGetValue(indicator.Id, out var s)) continue;
                    dAvailable++;
                    dSum += indicator.Weight * s;
                    dLog += indicator.Weight * Math.Log(Math.Max(s, 1));
                    dWeights += indicator.Weight;
                }
                double? score = dAvailable > 0 ? dSum / dWeights : null;
                // Zeros would make the product 0 whatever the rest: floored at 1 (a common choice, JRC Handbook §6.2).
                double? geometric = dAvailable > 0 ? Math.Exp(dLog / dWeights) : null;
                dimensionScores.Add(new DimensionScore(dimension.Id, score, geometric, dAvailable, members.Count));
                if (dimension.Weight <= 0 || members.Count == 0) continue;
                available += dAvailable;
                total += members.Count;
                if (score is double a && geometric is double g)
                {
                    sum += dimension.Weight * a;
                    logSum += dimension.Weight * Math.Log(Math.Max(g, 1));
                    weights += dimension.Weight;
                }
            }
            results[c] = new ComuneScore(comune.Id, comune.ProvinceId, comune.RegionId, comune.Population,
                weights > 0 ? sum / weights : null, weights > 0 ? Math.Exp(logSum / weights) : null, available, total, dimensionScores, normalised);
        }
        return Rank(results);
    }

    /// <summary>Competition ranks ("1224") within each Province by both means.</summary>
    private static IReadOnlyList<ComuneScore> Rank(ComuneScore[] scores)
    {
        var rank = new Dictionary<int, int>();
        var geometricRank = new Dictionary<int, int>();
        foreach (var province in scores.Where(s => s.Score is not null).GroupBy(s => s.ProvinceId))
        {
            Assign(province.OrderByDescending(s => s.Score).ToList(), s => s.Score!.Value, rank);
            Assign(province.OrderByDescending(s => s.Geometric).ToList(), s => s.Geometric!.Value, geometricRank);
        }
        return scores.Select(s => s.Score is null ? s : s with { Rank = rank[s.ComuneId], GeometricRank = geometricRank[s.ComuneId] }).ToList();

        static void Assign(List<ComuneScore> ordered, Func<ComuneScore, double> value, Dictionary<int, int> into)
        {
            for (var i = 0; i < ordered.Count; i++)
                into[ordered[i].ComuneId] = i > 0 && Math.Abs(value(ordered[i]) - value(ordered[i - 1])) < 1e-9 ? into[ordered[i - 1].ComuneId] : i + 1;
        }
    }

    /// <summary>The figures of a group of Comuni (a Province, a Region, Italy).</summary>
    public static RollUp Roll(IReadOnlyList<ComuneScore> scores, IReadOnlyList<ScoringIndicator> indicators, IReadOnlyList<ScoringDimension> dimensions)
    {
        var scored = scores.Where(s => s.Score is not null).ToList();
        var values = scored.Select(s => s.Score!.Value).OrderBy(v => v).ToList();
        var withPopulation = scored.Where(s => s.Population is > 0).ToList();
        double? weighted = withPopulation.Count > 0
            ? withPopulation.Sum(s => s.Score!.Value * s.Population!.Value) / withPopulation.Sum(s => (double)s.Population!.Value) : null;
        var targets = new List<TargetShare>();
        foreach (var indicator in indicators.Where(i => i.Normalisation == Normalisation.Target))
        {
            int with = 0, at = 0;
            double population = 0, populationAt = 0;
            foreach (var s in scores)
            {
                if (!s.Normalised.TryGetValue(indicator.Id, out var n)) continue;
                with++;
                var reached = n >= 100 - 1e-9;
                if (reached) at++;
                if (s.Population is int p and > 0) { population += p; if (reached) populationAt += p; }
            }
            targets.Add(new TargetShare(indicator.Id, with, at, with > 0 ? 100.0 * at / with : null, population > 0 ? 100 * populationAt / population : null));
        }
        var dimensionMeans = dimensions.ToDictionary(d => d.Id, d =>
        {
            var ds = scores.Select(s => s.Dimensions.FirstOrDefault(x => x.DimensionId == d.Id)?.Score).Where(v => v is not null).ToList();
            return ds.Count > 0 ? ds.Average() : null;
        });
        return new RollUp(scores.Count, scored.Count, values.Count > 0 ? values.Average() : null, weighted,
            values.Count > 0 ? new Distribution(values[0], Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75), values[^1]) : null,
            values.Count(v => v >= HighBand), values.Count(v => v >= CriticalBand && v < HighBand), values.Count(v => v < CriticalBand),
            targets, dimensionMeans, scores.Count > 0 ? scores.Average(s => s.Coverage) : 0);
    }

    /// <summary>Linear interpolation between order statistics (Excel QUARTILE.INC, R type 7) on sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 1) return sorted[0];
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static string Band(double score) => score >= HighBand ? "Alto" : score < CriticalBand ? "Critico" : "Intermedio";

    private static double Clamp(double v) => Math.Clamp(v, 0, 100);
}
