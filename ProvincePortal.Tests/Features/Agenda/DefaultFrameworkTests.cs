using ProvincePortal.Features.Agenda;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>The default framework version built from Seed/agenda/indicators-comune-draft.csv.</summary>
public sealed class DefaultFrameworkTests
{
    private static AgendaFramework Build() => DefaultFramework.Build(File.ReadAllText(DefaultFramework.SeedFile), DateTime.UtcNow);

    [Fact]
    public void Build_FiveDimensionsTwentyIndicators_EqualWeights()
    {
        var f = Build();
        Assert.Equal("2026", f.Period);
        Assert.True(f.IsCurrent);
        Assert.Equal(["A", "B", "C", "D", "E"], f.Dimensions.Select(d => d.Code));
        Assert.Equal("Connettività", f.Dimensions[3].Name);
        Assert.Equal(20, f.Indicators.Count);
        Assert.All(f.Dimensions, d => Assert.Equal(1, d.Weight));
        // B3 "use as context not score": shown, never weighed
        Assert.Equal(["B3"], f.Indicators.Where(i => i.Weight == 0).Select(i => i.Code));
    }

    [Fact]
    public void Build_MapsNormalisationDirectionOriginAndMeasures()
    {
        var i = Build().Indicators.ToDictionary(x => x.Code);
        Assert.Equal((Normalisation.Target, 1.0, "1.4.5", IndicatorOrigin.OpenData), (i["A7"].Normalisation, i["A7"].TargetValue!.Value, i["A7"].Pad26Measure, i["A7"].Origin));
        Assert.Equal("1.3.1", i["A8"].Pad26Measure);
        Assert.Equal("1.4.3 app IO", i["A4"].Pad26Measure);
        Assert.Equal((IndicatorDirection.Negative, Normalisation.Target, 0.0, Pad26Measures.RenouncedCount),
            (i["B4"].Direction, i["B4"].Normalisation, i["B4"].TargetValue!.Value, i["B4"].Pad26Measure));
        Assert.Equal((Normalisation.MinMaxFixed, 0.0, 100.0), (i["D1"].Normalisation, i["D1"].GoalpostMin!.Value, i["D1"].GoalpostMax!.Value));
        Assert.Equal(Normalisation.LogMinMaxProvince, i["C1"].Normalisation);
        Assert.Equal(Normalisation.LogMinMaxProvince, i["E1"].Normalisation);
        Assert.Equal((0.0, 4.0), (i["D3"].GoalpostMin!.Value, i["D3"].GoalpostMax!.Value));
        Assert.Equal(IndicatorOrigin.SelfAssessment, i["A2"].Origin);
        Assert.Equal((Pad26Measures.PaidShare, IndicatorOrigin.OpenData, Normalisation.MinMaxFixed), (i["B2"].Pad26Measure, i["B2"].Origin, i["B2"].Normalisation));
        Assert.Equal((Pad26Measures.AssignedPerCapita, 0.0), (i["B3"].Pad26Measure, i["B3"].Weight));
        Assert.Equal(IndicatorOrigin.Import, i["D1"].Origin);
        Assert.Contains("candidature_finanziate_145.csv", i["A7"].Source);
        // every indicator passes the same validation as an administrator's edit
        foreach (var x in i.Values)
            AgendaFrameworkService.Validate(new IndicatorInput(null, 1, x.Code, x.Name, x.Unit, x.Source, x.Direction, x.Normalisation,
                x.TargetValue, x.GoalpostMin, x.GoalpostMax, x.Weight, x.Origin, x.Pad26Measure));
    }
}
