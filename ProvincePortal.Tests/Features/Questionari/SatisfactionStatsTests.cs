using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Questionari;

/// <summary>The satisfaction figures for the dashboard, on a database of their own so that every value is known.</summary>
public sealed class SatisfactionStatsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Summary_OfThePeriod_HasTheExactFigures()
    {
        // Four solved requests of Conegliano: scores 5, 4 and 2 (with a reason); the fourth was refused (its invitation
        // voided, not counted), solved again and left unanswered.
        var r1 = await factory.SolvedRequestAsync("Statistiche 1");
        var r2 = await factory.SolvedRequestAsync("Statistiche 2");
        var r3 = await factory.SolvedRequestAsync("Statistiche 3");
        var r4 = await factory.SolvedRequestAsync("Statistiche 4");
        await factory.AnswerAsync((await factory.InvitationsForRequestAsync(r1))[0].Token, Comune, 5);
        await factory.AnswerAsync((await factory.InvitationsForRequestAsync(r2))[0].Token, Comune, 4, comment: "Bene");
        await factory.AnswerAsync((await factory.InvitationsForRequestAsync(r3))[0].Token, Comune, 2, "Tempi di risposta troppo lunghi");
        await factory.ActAsync(Comune, r4, RequestAction.RifiutaSoluzione, new ActionInput { Text = "Non basta." });
        await factory.ActAsync(Cdc, r4, RequestAction.Risolvi, new ActionInput { Text = "Ora sì." });

        // An internal campaign answered by three of the Province's staff: 10 and 9 promoters, 3 detractor.
        var internalId = await factory.SurveysAsync(ProvinceAdmin, s => s.CreateCampaignAsync(new NewCampaignInput
        {
            Title = "Clima interno", Audience = SurveyAudience.PersonaleProvincia,
            Opens = DateOnly.FromDateTime(DateTime.UtcNow), Closes = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
        }));
        foreach (var (email, score) in new[] { (Cdc, 10), (Manager, 9), ("sua@demo.it", 3) })
        {
            var token = (await factory.SurveysAsync(email, s => s.ListMineAsync(true, 0, 50))).Items.Single(i => i.CampaignTitle == "Clima interno").Token;
            var form = (await factory.SurveysAsync(email, s => s.GetFormAsync(token)))!;
            await factory.SurveysAsync(email, async s =>
            {
                await s.SubmitAsync(token, new Dictionary<int, AnswerInput> { [form.Questions[0].Id] = new() { Score = score } });
                return 0;
            });
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var s = (await factory.AsUserAsync(Manager, sp => sp.GetRequiredService<SatisfactionStatsService>().GetAsync(today.AddDays(-1), today.AddDays(1))))!;

        Assert.Equal(4, s.Invitations);
        Assert.Equal(3, s.Responses);
        Assert.Equal(75.0, s.ResponseRate);
        Assert.Equal(2, s.HighScores);
        Assert.Equal(200.0 / 3, s.HighShare, 10);
        Assert.Equal(11.0 / 3, s.Average!.Value, 10);
        Assert.Equal([new ReasonCount("Tempi di risposta troppo lunghi", 1)], s.LowScoreReasons);
        var website = Assert.Single(s.ByService);
        Assert.Equal((Website, 4, 3, 2), (website.ServiceName, website.Invitations, website.Responses, website.HighScores));
        Assert.Equal(11.0 / 3, website.Average!.Value, 10);
        // External: the demo survey of the Comuni (9, 10, 7, 5 → 25 %); internal: (2 - 1) / 3 = 33,3 %.
        Assert.Equal(QuestionariDemoData.CampaignTitle, s.External!.Title);
        Assert.Equal(25.0, s.External.Nps.Score);
        Assert.Equal(internalId, s.Internal!.CampaignId);
        Assert.Equal(new NpsResult(3, 2, 0, 1), s.Internal.Nps);
        Assert.Equal(100.0 / 3, s.Internal.Nps.Score!.Value, 10);

        // A period before any of it has nothing; a Comune user gets no figures at all.
        var empty = (await factory.AsUserAsync(Manager, sp => sp.GetRequiredService<SatisfactionStatsService>().GetAsync(today.AddDays(-30), today.AddDays(-25))))!;
        Assert.Equal((0, 0, (double?)null), (empty.Invitations, empty.Responses, empty.Average));
        Assert.Null(await factory.AsUserAsync(Comune, sp => sp.GetRequiredService<SatisfactionStatsService>().GetAsync(today, today)));
    }
}
