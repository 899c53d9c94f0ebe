using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Features.Questionari;
using ProvincePortal.Tests.Features.Requests;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>
/// Self-assessment campaigns of Treviso through the real app. Besides A2 (the draft's only self-reported indicator, a
/// ratio to the target 1) the fixture makes C2 (0/1, target 1) and D1 (%, goalposts 0–100) self-assessed, so that
/// every kind of question is asked. Treviso has two Comune users: comune@demo.it (Conegliano) and the one of Treviso.
/// </summary>
public sealed class AgendaSelfAssessmentTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<T> As<T>(string email, Func<AgendaSelfAssessmentService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<AgendaSelfAssessmentService>()));

    private async Task SetupAsync()
    {
        await factory.EnsureExtraUsersAsync();
        await using var db = await factory.CreateSystemDbAsync();
        await DefaultFramework.EnsureAsync(db);
        await db.AgendaIndicators.Where(i => (i.Code == "C2" || i.Code == "D1") && i.Framework!.IsCurrent)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Origin, IndicatorOrigin.SelfAssessment));
    }

    private async Task<int> CreateAsync(string title)
    {
        await SetupAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return await As(Cdc, s => s.CreateAsync(new SelfAssessmentInput { Title = title, Opens = today, Closes = today.AddDays(20), ReminderAfterDays = 7 }));
    }

    private static string NewTitle() => "Autovalutazione di prova " + Guid.NewGuid().ToString("N")[..6];

    private async Task<string> TokenAsync(string email, string title) =>
        (await factory.SurveysAsync(email, s => s.ListMineAsync(true, 0, 50))).Items.Single(i => i.CampaignTitle == title).Token;

    private async Task AnswerAsync(string email, string token, string a2, string c2, string d1)
    {
        var form = (await factory.SurveysAsync(email, s => s.GetFormAsync(token)))!;
        int Q(string code) => form.Questions.Single(q => q.Text.StartsWith(code + " ·")).Id;
        await factory.SurveysAsync(email, async s =>
        {
            await s.SubmitAsync(token, new Dictionary<int, AnswerInput>
            {
                [Q("A2")] = new() { Text = a2 }, [Q("C2")] = new() { Text = c2 }, [Q("D1")] = new() { Text = d1 },
            });
            return 0;
        });
    }

    private async Task<string> DemoUserNameAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.FullName).SingleAsync();
    }

    private async Task<int> ComuneIdAsync(string istat)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Comuni.Where(c => c.IstatCode == istat).Select(c => c.Id).SingleAsync();
    }

    private async Task<Dictionary<string, double>> LatestValuesAsync(int comuneId)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return (await db.AgendaMeasurements.Where(m => m.ComuneId == comuneId).Select(m => new { m.Indicator!.Code, m.Value, m.MeasuredOn, m.Id }).ToListAsync())
            .GroupBy(m => m.Code).ToDictionary(g => g.Key, g => g.OrderBy(m => m.MeasuredOn).ThenBy(m => m.Id).Last().Value);
    }

    [Fact]
    public async Task Create_OneQuestionPerSelfAssessedIndicator_ComuniInvitedInApp()
    {
        var title = NewTitle();
        var id = await CreateAsync(title);
        await using var db = await factory.CreateSystemDbAsync();
        var link = await db.AgendaSelfAssessments.Include(a => a.SurveyCampaign!).ThenInclude(c => c.Questionnaire!).ThenInclude(q => q.Questions)
            .SingleAsync(a => a.Id == id);
        var campaign = link.SurveyCampaign!;
        Assert.Equal((SurveyAudience.Comuni, QuestionnairePurpose.Autovalutazione), (campaign.Audience, campaign.Questionnaire!.Purpose));
        var q = campaign.Questionnaire.Questions.OrderBy(x => x.Order).ToList();
        Assert.Equal(["A2", "C2", "D1"], q.Select(x => x.ExternalKey));
        Assert.All(q, x => Assert.True(x.Required));
        // A2: a ratio of services to the target 1; C2: 0/1 → Sì/No; D1: % with goalposts 0–100
        Assert.Equal((QuestionKind.Numero, 0m, 1m), (q[0].Kind, q[0].MinNumber!.Value, q[0].MaxNumber!.Value));
        Assert.Equal((QuestionKind.SceltaSingola, "Sì\nNo"), (q[1].Kind, q[1].Options));
        Assert.Equal((QuestionKind.Numero, 0m, 100m), (q[2].Kind, q[2].MinNumber!.Value, q[2].MaxNumber!.Value));
        Assert.StartsWith("A2 · Servizi digitali", q[0].Text);

        var invitations = await db.SurveyInvitations.Where(i => i.CampaignId == campaign.Id).ToListAsync();
        Assert.Equal(new[] { await ComuneIdAsync("026021"), await ComuneIdAsync("026086") }.Order(), invitations.Select(i => i.RespondentComuneId!.Value).Order());
        Assert.All(invitations, i => Assert.True(i.RespondentUserId is null && i.NotifiedAtUtc is not null));
        var coneglianoUser = await factory.UserIdAsync(Comune);
        var coneglianoId = await ComuneIdAsync("026021");
        var token = invitations.Single(i => i.RespondentComuneId == coneglianoId).Token;
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientUserId == coneglianoUser && n.LinkUrl == $"/questionari/rispondi/{token}"));
        // the Comune user sees it among the questionnaires to fill in
        Assert.Equal(token, await TokenAsync(Comune, title));
    }

    [Fact]
    public async Task Answers_BecomeMeasurementsOfTheComune_MoveItsScore_LaterCampaignSupersedes()
    {
        var title = NewTitle();
        await CreateAsync(title);
        var conegliano = await ComuneIdAsync("026021");
        await AnswerAsync(Comune, await TokenAsync(Comune, title), "0,5", "Sì", "80");

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Formats.Rome));
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var batch = await db.AgendaImportBatches.SingleAsync(b => b.FileName == "Autovalutazione " + title);
            Assert.Equal(("Autovalutazione", 3), (batch.Kind, batch.Added));
            var rows = await db.AgendaMeasurements.Where(m => m.BatchId == batch.Id).Select(m => new { m.Indicator!.Code, m.ComuneId, m.Value, m.MeasuredOn }).ToListAsync();
            Assert.Equal([("A2", 0.5), ("C2", 1.0), ("D1", 80.0)], rows.OrderBy(r => r.Code).Select(r => (r.Code, r.Value)));
            Assert.All(rows, r => Assert.Equal((conegliano, today), (r.ComuneId, r.MeasuredOn)));
        }
        // Only these three values (no PA digitale data in this fixture): A = 100·0,5/1 = 50, C = 100 (Sì = target 1),
        // D = 80 on goalposts 0–100; equal dimension weights → (50 + 100 + 80) / 3; coverage 3 of the 19 weighted indicators.
        var card = (await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<AgendaScoreService>().ComuneCardAsync(conegliano)))!;
        Assert.Equal(230 / 3.0, card.Score!.Score!.Value, 6);
        Assert.Equal(3 / 19.0, card.Score.Coverage, 6);

        // A later campaign: the new answers are the latest values, the earlier ones stay as history.
        var later = NewTitle();
        await CreateAsync(later);
        await AnswerAsync(Comune, await TokenAsync(Comune, later), "1", "No", "80");
        Assert.Equal(new Dictionary<string, double> { ["A2"] = 1, ["C2"] = 0, ["D1"] = 80 }, await LatestValuesAsync(conegliano));
        card = (await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<AgendaScoreService>().ComuneCardAsync(conegliano)))!;
        Assert.Equal((100 + 0 + 80) / 3.0, card.Score!.Score!.Value, 6); // A 100, C 0, D 80
        var a2 = card.Indicators.Single(i => i.Indicator.Code == "A2");
        Assert.Equal([0.5, 1.0], a2.History.TakeLast(2).Select(h => h.Value));
    }

    [Fact]
    public async Task AnsweredOnce_SecondSubmissionRefused_NothingMoreRecorded()
    {
        var title = NewTitle();
        await CreateAsync(title);
        var token = await TokenAsync(Comune, title);
        await AnswerAsync(Comune, token, "0,3", "No", "40");
        await using var db = await factory.CreateSystemDbAsync();
        var before = await db.AgendaMeasurements.CountAsync();
        var ex = await Assert.ThrowsAsync<SurveyForbiddenException>(() => AnswerAsync(Comune, token, "1", "Sì", "100"));
        Assert.Contains("già stato compilato", ex.Message);
        Assert.Equal(before, await db.AgendaMeasurements.CountAsync());
    }

    [Fact]
    public async Task BadAnswer_NamesTheQuestion_NothingRecorded()
    {
        var title = NewTitle();
        await CreateAsync(title);
        var token = await TokenAsync(Comune, title);
        var ex = await Assert.ThrowsAsync<SurveyValidationException>(() => AnswerAsync(Comune, token, "0,5", "Sì", "120"));
        Assert.Contains("«D1 · ", ex.Message);
        Assert.Contains("il valore massimo è 100", ex.Message);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.AgendaImportBatches.AnyAsync(b => b.FileName == "Autovalutazione " + title));
    }

    [Fact]
    public async Task Isolation_AComuneAnswersOnlyForItself_AnotherProvinceSeesNothing()
    {
        var title = NewTitle();
        var id = await CreateAsync(title);
        var coneglianoToken = await TokenAsync(Comune, title);
        // Treviso's user with Conegliano's link: not found, nothing recorded for either Comune
        Assert.Null(await factory.SurveysAsync(ComuneTreviso, s => s.GetFormAsync(coneglianoToken)));
        await Assert.ThrowsAsync<SurveyNotFoundException>(() => factory.SurveysAsync(ComuneTreviso, async s =>
        {
            await s.SubmitAsync(coneglianoToken, new Dictionary<int, AnswerInput>());
            return 0;
        }));
        // Treviso answers its own invitation: the values are Treviso's
        await AnswerAsync(ComuneTreviso, await TokenAsync(ComuneTreviso, title), "0,2", "No", "10");
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var batch = await db.AgendaImportBatches.SingleAsync(b => b.FileName == "Autovalutazione " + title);
            Assert.Equal([await ComuneIdAsync("026086")], await db.AgendaMeasurements.Where(m => m.BatchId == batch.Id).Select(m => m.ComuneId).Distinct().ToListAsync());
        }
        // Brescia's competence centre: the campaign does not exist for it
        Assert.Null(await As(CdcBrescia, s => s.GetAsync(id)));
        Assert.DoesNotContain((await As(CdcBrescia, s => s.ListAsync(0, 100))).Items, r => r.Id == id);
        Assert.Empty((await As(CdcBrescia, s => s.ComuniAsync(id, null, 0, 200))).Items);
        await Assert.ThrowsAsync<SurveyNotFoundException>(() => As(CdcBrescia, s => s.RemindAsync(id)));
        // a Comune user neither follows nor starts campaigns
        Assert.Null(await As(Comune, s => s.GetAsync(id)));
        await Assert.ThrowsAsync<SurveyForbiddenException>(() => As(Comune, s => s.CreateAsync(new SelfAssessmentInput { Title = "x" })));
    }

    [Fact]
    public async Task FollowUp_ListsEveryComuneWithItsState_ReminderOnceToThoseNotAnswered()
    {
        var title = NewTitle();
        var id = await CreateAsync(title);
        await AnswerAsync(Comune, await TokenAsync(Comune, title), "0,5", "Sì", "60");

        var (all, total) = await As(Cdc, s => s.ComuniAsync(id, null, 0, 200));
        Assert.Equal(94, total); // the Comuni of Treviso (ISTAT 2020)
        var byName = all.ToDictionary(r => r.Name);
        Assert.Equal(SelfAssessmentState.Compilato, byName["Conegliano"].State);
        Assert.Equal(await DemoUserNameAsync(Comune), byName["Conegliano"].AnsweredBy);
        Assert.Equal(SelfAssessmentState.Invitato, byName["Treviso"].State);
        Assert.Equal(92, all.Count(r => r.State == SelfAssessmentState.SenzaUtenti));
        var detail = (await As(Cdc, s => s.GetAsync(id)))!;
        Assert.Equal((94, 2, 1, 1), (detail.Comuni, detail.Invited, detail.Answered, detail.AwaitingReminder));
        Assert.Equal("Treviso", Assert.Single((await As(Cdc, s => s.ComuniAsync(id, SelfAssessmentState.Invitato, 0, 50))).Items).Name);

        Assert.Equal(1, await As(Cdc, s => s.RemindAsync(id)));
        Assert.Equal(0, await As(Cdc, s => s.RemindAsync(id)));
        await using var db = await factory.CreateSystemDbAsync();
        var trevisoUser = await factory.UserIdAsync(ComuneTreviso);
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientUserId == trevisoUser && n.Title.StartsWith("Promemoria") && n.Title.Contains(title)));
        Assert.NotNull((await As(Cdc, s => s.ComuniAsync(id, SelfAssessmentState.Invitato, 0, 50))).Items.Single().ReminderSentAtUtc);
    }

    [Fact]
    public void YesNoQuestion_YesIsTheGoalOfTheNormalisation()
    {
        var target = new AgendaIndicator { Code = "X1", Unit = "0/1", Normalisation = Normalisation.Target, TargetValue = 1 };
        var fixedGoalposts = new AgendaIndicator { Code = "X2", Unit = "sì/no", Normalisation = Normalisation.MinMaxFixed, GoalpostMin = 0, GoalpostMax = 100 };
        Assert.Equal((1.0, 0.0), (AgendaSelfAssessmentService.QuestionFor(target).YesValue!.Value, AgendaSelfAssessmentService.QuestionFor(target).NoValue!.Value));
        Assert.Equal(100.0, AgendaSelfAssessmentService.ValueOf(fixedGoalposts, new SurveyAnswer { Text = "Sì" }));
        Assert.Equal(0.0, AgendaSelfAssessmentService.ValueOf(fixedGoalposts, new SurveyAnswer { Text = "No" }));
        var count = new AgendaIndicator { Code = "X3", Unit = "n. servizi", Normalisation = Normalisation.LogMinMaxProvince };
        var q = AgendaSelfAssessmentService.QuestionFor(count);
        Assert.Equal((QuestionKind.Numero, 0m, (decimal?)null), (q.Kind, q.Min!.Value, q.Max));
    }
}
