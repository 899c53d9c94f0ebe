using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Questionari;

/// <summary>Periodic campaigns and the isolation of questionnaires between Comuni and Provinces, through the real app.</summary>
public sealed class SurveyCampaignTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static Task<T> ResultsAsync<T>(PortalFactory f, string email, Func<SurveyResultsService, Task<T>> action) =>
        f.AsUserAsync(email, sp => action(sp.GetRequiredService<SurveyResultsService>()));

    private static NewCampaignInput Input(string title, SurveyAudience audience) => new()
    {
        Title = title, Audience = audience, Opens = DateOnly.FromDateTime(DateTime.UtcNow), Closes = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20),
        ReminderAfterDays = 5,
        Questions =
        [
            new Question { Kind = QuestionKind.SceltaSingola, Required = true, Text = "Canale preferito", Options = "Portale\nTelefono\nPEC" },
            new Question { Kind = QuestionKind.TestoLungo, Text = "Suggerimenti" },
        ],
    };

    private async Task AnswerNpsAsync(string email, string token, int nps, string channel, string? text)
    {
        var form = (await factory.SurveysAsync(email, s => s.GetFormAsync(token)))!;
        var ids = form.Questions.ToDictionary(q => q.Order, q => q.Id);
        await factory.SurveysAsync(email, async s =>
        {
            await s.SubmitAsync(token, new Dictionary<int, AnswerInput>
            {
                [ids[1]] = new() { Score = nps }, [ids[2]] = new() { Text = channel }, [ids[3]] = new() { Text = text },
            });
            return 0;
        });
    }

    [Fact]
    public async Task ExternalCampaign_InvitesTheComuniUsers_ResultsAndExcel_OnlyForTheProvince()
    {
        await factory.EnsureExtraUsersAsync();
        var title = "Indagine di prova " + Guid.NewGuid().ToString("N")[..6];
        var id = await factory.SurveysAsync(Cdc, s => s.CreateCampaignAsync(Input(title, SurveyAudience.UtentiComuni)));

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var invited = await db.SurveyInvitations.Where(i => i.CampaignId == id).Select(i => i.RespondentUserId).ToListAsync();
            var expected = await db.Users.Where(u => u.Email == Comune || u.Email == ComuneTreviso).Select(u => u.Id).ToListAsync();
            Assert.Equal(expected.Order(), invited.Order());
            Assert.All(await db.SurveyInvitations.Where(i => i.CampaignId == id).ToListAsync(), i => Assert.NotNull(i.NotifiedAtUtc));
        }
        var conegliano = (await factory.SurveysAsync(Comune, s => s.ListMineAsync(true, 0, 50))).Items.Single(i => i.CampaignTitle == title);
        var treviso = (await factory.SurveysAsync(ComuneTreviso, s => s.ListMineAsync(true, 0, 50))).Items.Single(i => i.CampaignTitle == title);

        // Another Comune's user neither reads nor answers someone else's invitation, even with its link.
        Assert.Null(await factory.SurveysAsync(ComuneTreviso, s => s.GetFormAsync(conegliano.Token)));
        await Assert.ThrowsAsync<SurveyNotFoundException>(() => factory.SurveysAsync(ComuneTreviso, async s =>
        {
            await s.SubmitAsync(conegliano.Token, new Dictionary<int, AnswerInput>());
            return 0;
        }));
        // Another Province's operator sees neither the campaign nor its results.
        Assert.DoesNotContain((await factory.SurveysAsync(CdcBrescia, s => s.ListCampaignsAsync(0, 100))).Items, c => c.Id == id);
        Assert.Null(await ResultsAsync(factory, CdcBrescia, r => r.GetAsync(id)));
        Assert.Null(await factory.SurveysAsync(CdcBrescia, s => s.GetFormAsync(conegliano.Token)));
        // A Comune user manages no campaign.
        await Assert.ThrowsAsync<SurveyForbiddenException>(() => factory.SurveysAsync(Comune, s => s.CreateCampaignAsync(Input("No", SurveyAudience.UtentiComuni))));
        Assert.Empty((await factory.SurveysAsync(Comune, s => s.ListCampaignsAsync(0, 100))).Items);

        await AnswerNpsAsync(Comune, conegliano.Token, 9, "Portale", "Più webinar.");
        await AnswerNpsAsync(ComuneTreviso, treviso.Token, 4, "Telefono", null);

        var results = (await ResultsAsync(factory, Manager, r => r.GetAsync(id)))!;
        Assert.Equal((2, 2), (results.Invited, results.Answered));
        Assert.Equal(100.0, results.ResponseRate);
        // One promoter (9), one detractor (4): NPS 0.
        Assert.Equal(new NpsResult(2, 1, 0, 1), results.Nps);
        Assert.Equal(0.0, results.Nps!.Score);
        var nps = results.Questions[0];
        Assert.Equal(6.5, nps.Average);
        Assert.Equal(11, nps.Distribution.Count);
        Assert.Equal(1, nps.Distribution.Single(b => b.Label == "9").Count);
        var channel = results.Questions[1];
        Assert.Equal([("Portale", 1), ("Telefono", 1), ("PEC", 0)], channel.Distribution.Select(b => (b.Label, b.Count)));
        Assert.Equal(["Più webinar."], results.Questions[2].Texts);

        using var cdc = await factory.LoginAsync(Cdc);
        var excel = await cdc.GetAsync($"/questionari/campagne/{id}/risultati.xlsx");
        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        using var workbook = new XLWorkbook(await excel.Content.ReadAsStreamAsync());
        var summary = workbook.Worksheet("Sintesi");
        Assert.Contains(summary.RowsUsed(), r => r.Cell(1).GetString() == "NPS" && r.Cell(2).GetString() == "0,0");
        Assert.Contains(workbook.Worksheet("Risposte aperte").RowsUsed(), r => r.Cell(3).GetString() == "Più webinar.");

        using var brescia = await factory.LoginAsync(CdcBrescia, "Prova-2026!");
        Assert.Equal(HttpStatusCode.NotFound, (await brescia.GetAsync($"/questionari/campagne/{id}/risultati.xlsx")).StatusCode);
    }

    [Fact]
    public async Task CreateCampaign_BadInput_NamesEachProblem_AndWritesNothing()
    {
        var input = Input(" ", SurveyAudience.PersonaleProvincia);
        input.Closes = input.Opens!.Value.AddDays(-1);
        input.Questions.Add(new Question { Kind = QuestionKind.SceltaMultipla, Text = "Servizi", Options = "Solo uno" });
        await using var before = await factory.CreateSystemDbAsync();
        var campaigns = await before.SurveyCampaigns.CountAsync();
        var ex = await Assert.ThrowsAsync<SurveyValidationException>(() => factory.SurveysAsync(Cdc, s => s.CreateCampaignAsync(input)));
        Assert.Equal("Titolo: è obbligatorio.", ex.Errors[nameof(NewCampaignInput.Title)]);
        Assert.Equal("Data di chiusura: deve seguire la data di apertura.", ex.Errors[nameof(NewCampaignInput.Closes)]);
        Assert.Equal("Domanda 4 «Servizi»: indicare almeno due scelte, una per riga.", ex.Errors["domanda-4"]);
        await using var after = await factory.CreateSystemDbAsync();
        Assert.Equal(campaigns, await after.SurveyCampaigns.CountAsync());
    }

    [Fact]
    public async Task DemoCampaign_OfTreviso_HasItsAnswers_AndConeglianoStillToAnswerOnBehalfOfItsComune()
    {
        var row = (await factory.SurveysAsync(Cdc, s => s.ListCampaignsAsync(0, 100))).Items.Single(c => c.Title == QuestionariDemoData.CampaignTitle);
        var results = (await ResultsAsync(factory, Cdc, r => r.GetAsync(row.Id)))!;
        Assert.Equal(4, results.Answered);
        // 9 and 10 promoters, 7 passive, 5 detractor: (2 - 1) / 4 = 25 %.
        Assert.Equal(25.0, results.Nps!.Score);
        var pending = (await factory.SurveysAsync(Comune, s => s.ListMineAsync(true, 0, 50))).Items.Single(i => i.CampaignTitle == QuestionariDemoData.CampaignTitle);
        Assert.Equal("Comune di Conegliano", pending.RespondentName);
    }
}
