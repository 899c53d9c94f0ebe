using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Agenda;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>Scores on the demo data (real 1.3.1 and 1.4.5 files for all Comuni) and who sees what.</summary>
public sealed class AgendaScoreServiceTests(AgendaFactory factory) : IClassFixture<AgendaFactory>
{
    private Task<T> As<T>(string user, Func<AgendaScoreService, Task<T>> action) =>
        factory.AsUserAsync(user, sp => action(sp.GetRequiredService<AgendaScoreService>()));

    private async Task<int> ComuneIdAsync(string istat)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Comuni.Where(c => c.IstatCode == istat).Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task Overview_Treviso_WithRegionAndItaly()
    {
        var overview = (await As("provincia@demo.it", s => s.OverviewAsync(null)))!;
        Assert.Equal("TV", overview.ProvinceSigla);
        Assert.Equal("Veneto", overview.Region.Name);
        // 94 Comuni in Treviso (ISTAT 2020), all with a score from A7/A8/B4
        Assert.Equal((94, 94), (overview.Province.RollUp.Comuni, overview.Province.RollUp.ComuniWithScore));
        Assert.Equal(7904, overview.Italy.RollUp.Comuni);
        // A7 (1.4.5): all 94 Comuni of Treviso reached the target (Python on the file: 94 of 94 with E)
        var a7 = overview.Indicators.Single(i => i.Code == "A7");
        Assert.Equal(100, overview.Province.RollUp.Targets.Single(t => t.IndicatorId == a7.Id).PercentComuni!.Value, 6);
        var a8 = overview.Indicators.Single(i => i.Code == "A8");
        Assert.Equal(100 * 86 / 94.0, overview.Province.RollUp.Targets.Single(t => t.IndicatorId == a8.Id).PercentComuni!.Value, 6);
        // coverage: 4 weighted indicators with data (A7, A8, B2, B4) of 19 weighted ones (all 94 got funds, so all have B2)
        Assert.Equal(4 / 19.0, overview.Province.RollUp.MeanCoverage, 6);
        Assert.Equal(94, overview.Histogram.Sum());
    }

    [Fact]
    public async Task ProvinceUser_CannotSeeAnotherProvince()
    {
        int brescia;
        await using (var db = await factory.CreateSystemDbAsync())
            brescia = await db.Provinces.Where(p => p.Sigla == "BS").Select(p => p.Id).SingleAsync();
        Assert.Null(await As("provincia@demo.it", s => s.OverviewAsync(brescia)));
        Assert.Empty((await As("provincia@demo.it", s => s.RankingAsync(new RankingQuery(brescia, 0, 25)))).Items);
        Assert.Null(await As("provincia@demo.it", async s => await s.ComuneCardAsync(await ComuneIdAsync("017029"))));
        Assert.NotNull(await As("admin@demo.it", s => s.OverviewAsync(brescia)));
    }

    [Fact]
    public async Task ComuneUser_SeesOwnCardAndProvinceAggregates_NotOtherComuni()
    {
        var conegliano = await ComuneIdAsync("026021");
        var card = (await As("comune@demo.it", s => s.ComuneCardAsync(conegliano)))!;
        Assert.Equal("Conegliano", card.Name);
        var a7 = card.Indicators.Single(i => i.Indicator.Code == "A7");
        Assert.Equal((1.0, 100.0, MeasureStatus.Done), (a7.Raw!.Value, a7.Normalised!.Value, a7.Status!.Value));
        Assert.Null(await As("comune@demo.it", async s => await s.ComuneCardAsync(await ComuneIdAsync("026086"))));
        var overview = (await As("comune@demo.it", s => s.OverviewAsync(null)))!;
        Assert.False(overview.CanSeeRanking);
        var ranking = await As("comune@demo.it", s => s.RankingAsync(new RankingQuery(overview.ProvinceId, 0, 50)));
        Assert.Equal("Conegliano", Assert.Single(ranking.Items).Name);
    }

    [Fact]
    public async Task Ranking_PagedAndSorted()
    {
        var overview = (await As("cdc@demo.it", s => s.OverviewAsync(null)))!;
        var (page, total) = await As("cdc@demo.it", s => s.RankingAsync(new RankingQuery(overview.ProvinceId, 1, 10)));
        Assert.Equal(94, total);
        Assert.Equal(10, page.Count);
        Assert.True(page.Zip(page.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        var byName = (await As("cdc@demo.it", s => s.RankingAsync(new RankingQuery(overview.ProvinceId, 0, 3, nameof(RankingRow.Name))))).Items;
        Assert.Equal("Altivole", byName[0].Name);
    }
}
