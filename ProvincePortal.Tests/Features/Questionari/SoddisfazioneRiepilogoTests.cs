using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Features.Questionari.Components;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Questionari;

/// <summary>The dashboard's satisfaction box, given the figures the dashboard already computed (as for its PDF and Excel).</summary>
public sealed class SoddisfazioneRiepilogoTests : BunitTestBase
{
    [Fact]
    public void GivenSummary_ShowsTheFiguresTheItalianWay()
    {
        // Given a summary the component never queries: the service is only there for the other way of using it.
        Services.AddSingleton(new SatisfactionStatsService(null!, null!));
        var summary = new SatisfactionSummary(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), Invitations: 8, Responses: 6, HighScores: 4,
            Average: 23.0 / 6, [new ReasonCount("Tempi di risposta troppo lunghi", 2)],
            [new ServiceSatisfaction(1, "Assistenza pagoPA", 8, 6, 4, 23.0 / 6)],
            new CampaignNps(5, "Indagine 2026", DateTime.UtcNow, null, 6, NpsResult.From([9, 10, 7, 5])), Internal: null);

        var box = Render<SoddisfazioneRiepilogo>(p => p.Add(x => x.Summary, summary));

        Assert.Equal("6 su 8", box.Find("[data-testid=sat-responses]").TextContent.Trim());
        Assert.Equal("75,0 %", box.Find("[data-testid=sat-rate]").TextContent.Trim());
        Assert.Equal("66,7 %", box.Find("[data-testid=sat-high]").TextContent.Trim());
        Assert.Equal("3,83", box.Find("[data-testid=sat-average]").TextContent.Trim());
        Assert.Contains("Tempi di risposta troppo lunghi: 2", box.Find("[data-testid=sat-reasons]").TextContent);
        Assert.Contains("Assistenza pagoPA", box.Find("[data-testid=sat-service]").TextContent);
        var nps = box.FindAll("[data-testid=sat-nps]");
        Assert.Contains("25,0", nps[0].TextContent);
        Assert.Contains("nessuna campagna", nps[1].TextContent);
    }
}
