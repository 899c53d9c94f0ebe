using ProvincePortal.Features.Agenda;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>
/// The composite index against numbers worked out by hand (comments show the arithmetic). Two dimensions, four
/// indicators, three Comuni in Province 1 and one in Province 2.
/// </summary>
public sealed class AgendaScoringTests
{
    private static readonly ScoringDimension A = new(1, "A", "Servizi", 1);
    private static readonly ScoringDimension B = new(2, "B", "Governance", 1);
    private static readonly ScoringIndicator A1 = new(11, "A1", 1, IndicatorDirection.Positive, Normalisation.Target, 1, null, null, 1);
    private static readonly ScoringIndicator A2 = new(12, "A2", 1, IndicatorDirection.Positive, Normalisation.MinMaxFixed, null, 0, 100, 1);
    private static readonly ScoringIndicator B1 = new(21, "B1", 2, IndicatorDirection.Negative, Normalisation.Target, 0, null, null, 1);
    private static readonly ScoringIndicator B2 = new(22, "B2", 2, IndicatorDirection.Positive, Normalisation.LogMinMaxProvince, null, null, null, 1);
    private static readonly ScoringIndicator Context = new(23, "B3", 2, IndicatorDirection.Positive, Normalisation.MinMaxFixed, null, 0, 100, 0);

    private static readonly ScoringComune C1 = new(1, 1, 5, 1000);
    private static readonly ScoringComune C2 = new(2, 1, 5, 3000);
    private static readonly ScoringComune C3 = new(3, 1, 5, 6000);
    private static readonly ScoringComune C4 = new(4, 2, 5, 500);

    private static IReadOnlyList<ComuneScore> Scores() => AgendaScoring.Score([A, B], [A1, A2, B1, B2, Context], [C1, C2, C3, C4],
        new Dictionary<(int, int), double>
        {
            // C1: A1 reached, A2 40 %, no renounced, B2 9 → ln 10
            [(11, 1)] = 1, [(12, 1)] = 40, [(21, 1)] = 0, [(22, 1)] = 9, [(23, 1)] = 0,
            // C2: A1 in progress, A2 40 %, no renounced, B2 0 → ln 1 = 0
            [(11, 2)] = 0.5, [(12, 2)] = 40, [(21, 2)] = 0, [(22, 2)] = 0,
            // C3: A1 not applied, A2 missing, no renounced, B2 99 → ln 100
            [(11, 3)] = 0, [(21, 3)] = 0, [(22, 3)] = 99,
            // C4 (other Province): only A1
            [(11, 4)] = 1,
        });

    [Theory]
    [InlineData(1.0, 100)] // reached
    [InlineData(0.5, 50)]  // in progress
    [InlineData(0.0, 0)]   // none
    [InlineData(3.0, 100)] // capped
    public void Normalise_Target_DistanceToTarget(double value, double expected) =>
        Assert.Equal(expected, AgendaScoring.Normalise(A1, value), 6);

    [Fact]
    public void Normalise_LowerIsBetter_TargetAndGoalposts()
    {
        Assert.Equal(100, AgendaScoring.Normalise(B1, 0));
        Assert.Equal(0, AgendaScoring.Normalise(B1, 2));            // target 0: any renounced measure is 0
        var target2 = B1 with { TargetValue = 2 };
        Assert.Equal(50, AgendaScoring.Normalise(target2, 4), 6);   // 100·2/4
        var fixedDown = A2 with { Direction = IndicatorDirection.Negative };
        Assert.Equal(70, AgendaScoring.Normalise(fixedDown, 30), 6); // 100 − 30
        Assert.Equal(100, AgendaScoring.Normalise(A2, 150));          // clamped to the goalpost
        Assert.Equal(25, AgendaScoring.Normalise(A2 with { GoalpostMin = 20, GoalpostMax = 60 }, 30), 6); // (30−20)/(60−20)
    }

    [Fact]
    public void Normalise_LogMinMax_UsesTheProvinceRange_AndTiesGiveNoSpread()
    {
        // ln(1+9) / ln(1+99) = ln 10 / ln 100 = 0.5
        Assert.Equal(50, AgendaScoring.Normalise(B2, 9, (0, Math.Log(100))), 6);
        Assert.Equal(100, AgendaScoring.Normalise(B2, 7, (Math.Log(8), Math.Log(8))));
        Assert.Equal(0, AgendaScoring.Normalise(B2, 0, (0, 0)));
    }

    [Fact]
    public void Score_WeightedMeansPerDimensionAndOverall_WithCoverage()
    {
        var s = Scores().ToDictionary(x => x.ComuneId);
        // C1: A = (100 + 40)/2 = 70; B = (100 + 50)/2 = 75 (B3 has weight 0: ignored); overall (70 + 75)/2 = 72.5
        Assert.Equal(70, s[1].Dimensions[0].Score!.Value, 6);
        Assert.Equal(75, s[1].Dimensions[1].Score!.Value, 6);
        Assert.Equal(72.5, s[1].Score!.Value, 6);
        Assert.Equal(1.0, s[1].Coverage, 6);
        // C2: A = (50 + 40)/2 = 45; B = (100 + 0)/2 = 50; overall 47.5
        Assert.Equal(47.5, s[2].Score!.Value, 6);
        // C3: A = 0 from A1 alone (A2 missing is not a 0: coverage 1/2); B = (100 + 100)/2 = 100; overall 50; coverage 3/4
        Assert.Equal(0, s[3].Dimensions[0].Score!.Value, 6);
        Assert.Equal(1, s[3].Dimensions[0].Available);
        Assert.Equal(2, s[3].Dimensions[0].Total);
        Assert.Equal(50, s[3].Score!.Value, 6);
        Assert.Equal(0.75, s[3].Coverage, 6);
        // C4: only dimension A has data: overall = A = 100, coverage 1/4; B has no score at all (not 0)
        Assert.Null(s[4].Dimensions[1].Score);
        Assert.Equal(100, s[4].Score!.Value, 6);
        Assert.Equal(0.25, s[4].Coverage, 6);
    }

    [Fact]
    public void Score_GeometricMean_AndRankShiftsWithinTheProvince()
    {
        var s = Scores().ToDictionary(x => x.ComuneId);
        // C1: A √(100·40) = 63.2456, B √(100·50) = 70.7107, overall √(63.2456·70.7107) = 66.8740
        Assert.Equal(66.8740, s[1].Geometric!.Value, 3);
        // C2: A √(50·40) = 44.7214, B √(100·1) = 10 (0 floored at 1), overall √(447.214) = 21.1474
        Assert.Equal(21.1474, s[2].Geometric!.Value, 3);
        // C3: A 1 (0 floored), B 100, overall √100 = 10
        Assert.Equal(10, s[3].Geometric!.Value, 3);
        // Arithmetic ranks C1 72.5 > C3 50 > C2 47.5; geometric C1 > C2 > C3: C2 gains one place, C3 loses one.
        Assert.Equal((1, 1, 0), (s[1].Rank!.Value, s[1].GeometricRank!.Value, s[1].RankShift!.Value));
        Assert.Equal((3, 2, -1), (s[2].Rank!.Value, s[2].GeometricRank!.Value, s[2].RankShift!.Value));
        Assert.Equal((2, 3, 1), (s[3].Rank!.Value, s[3].GeometricRank!.Value, s[3].RankShift!.Value));
        Assert.Equal(1, s[4].Rank); // alone in Province 2
    }

    [Fact]
    public void Roll_ProvinceFigures_ByHand()
    {
        var province = Scores().Where(x => x.ProvinceId == 1).ToList();
        var roll = AgendaScoring.Roll(province, [A1, A2, B1, B2, Context], [A, B]);
        Assert.Equal(3, roll.ComuniWithScore);
        Assert.Equal(170 / 3.0, roll.Mean!.Value, 6);                          // (72.5 + 47.5 + 50)/3
        Assert.Equal(51.5, roll.PopulationWeightedMean!.Value, 6);             // (72.5·1000 + 47.5·3000 + 50·6000)/10000
        // sorted 47.5, 50, 72.5: Q1 = 47.5 + 0.5·2.5, Q3 = 50 + 0.5·22.5
        Assert.Equal(new Distribution(47.5, 48.75, 50, 61.25, 72.5), roll.Distribution);
        Assert.Equal((1, 2, 0), (roll.High, roll.Middle, roll.Critical));
        var a1 = roll.Targets.Single(t => t.IndicatorId == A1.Id);
        Assert.Equal(100 / 3.0, a1.PercentComuni!.Value, 6);                  // only C1 reached
        Assert.Equal(10, a1.PercentResidents!.Value, 6);                       // 1000 of 10000 residents
        var b1 = roll.Targets.Single(t => t.IndicatorId == B1.Id);
        Assert.Equal((100.0, 100.0), (b1.PercentComuni!.Value, b1.PercentResidents!.Value));
        Assert.Equal(115 / 3.0, roll.DimensionMeans[A.Id]!.Value, 6);          // (70 + 45 + 0)/3
        Assert.Equal(75, roll.DimensionMeans[B.Id]!.Value, 6);                 // (75 + 50 + 100)/3
    }

    [Fact]
    public void Score_DimensionWeights_ChangeTheOverallScore()
    {
        var scores = AgendaScoring.Score([A with { Weight = 3 }, B], [A1, A2, B1, B2], [C1, C2, C3],
            new Dictionary<(int, int), double> { [(11, 1)] = 1, [(12, 1)] = 40, [(21, 1)] = 0, [(22, 1)] = 9, [(22, 3)] = 99 });
        // C1: A = 70; B2's Province range is now ln 10 (C1) .. ln 100 (C3), so C1's B2 is 0 and B = (100 + 0)/2 = 50;
        // overall (3·70 + 1·50)/4 = 65
        Assert.Equal(65, scores.Single(s => s.ComuneId == 1).Score!.Value, 6);
        // C2 has no value at all: no score, coverage 0, no rank
        var c2 = scores.Single(s => s.ComuneId == 2);
        Assert.Null(c2.Score);
        Assert.Null(c2.Rank);
        Assert.Equal(0, c2.Coverage);
    }
}
