using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Questionari;

/// <summary>Helpers for the questionnaire tests, over the demo accounts of Treviso.</summary>
public static class SurveyTestData
{
    public static Task<T> SurveysAsync<T>(this PortalFactory factory, string email, Func<SurveyService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<SurveyService>()));

    public static async Task<List<SurveyInvitation>> InvitationsForRequestAsync(this PortalFactory factory, int requestId)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.SurveyInvitations.AsNoTracking().Where(i => i.ContextModule == SatisfactionSurveys.Module && i.ContextRecordId == requestId)
            .OrderBy(i => i.Id).ToListAsync();
    }

    public static async Task<string> UserIdAsync(this PortalFactory factory, string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A website request of Conegliano taken in charge and solved by the competence centre.</summary>
    public static async Task<int> SolvedRequestAsync(this PortalFactory factory, string subject)
    {
        var id = await factory.FileWebsiteRequestAsync(subject);
        await factory.ActAsync(Cdc, id, RequestAction.PrendiInCarico);
        await factory.ActAsync(Cdc, id, RequestAction.Risolvi, new ActionInput { Text = "Pagina aggiornata." });
        return id;
    }

    /// <summary>Answers of the satisfaction questionnaire by question order (score, reason, comment).</summary>
    public static async Task<Dictionary<int, AnswerInput>> SatisfactionAnswersAsync(this PortalFactory factory, string token, string email,
        int? score, string? reason = null, string? comment = null)
    {
        var form = (await factory.SurveysAsync(email, s => s.GetFormAsync(token)))!;
        var ids = form.Questions.ToDictionary(q => q.Order, q => q.Id);
        return new Dictionary<int, AnswerInput>
        {
            [ids[1]] = new() { Score = score },
            [ids[2]] = new() { Text = reason },
            [ids[3]] = new() { Text = comment },
        };
    }

    public static async Task AnswerAsync(this PortalFactory factory, string token, string email, int score, string? reason = null, string? comment = null)
    {
        var answers = await factory.SatisfactionAnswersAsync(token, email, score, reason, comment);
        await factory.SurveysAsync(email, async s => { await s.SubmitAsync(token, answers); return 0; });
    }
}

/// <summary>The satisfaction survey of the help-desk through the real app, with e-mails to a loopback SMTP server.</summary>
public sealed class SatisfactionSurveyTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Solve_InvitesTheRequester_RemindsOnce_ReopenVoids_SolveAgainInvitesAnew_AnsweredOnce()
    {
        var subject = "Modulistica anagrafe da pubblicare " + Guid.NewGuid().ToString("N")[..6];
        var id = await factory.SolvedRequestAsync(subject);
        var requester = await factory.UserIdAsync(Comune);

        // Solved by the operator: the requester — not the operator who acted — gets one invitation, in the app and by e-mail.
        var first = Assert.Single(await factory.InvitationsForRequestAsync(id));
        Assert.Equal(requester, first.RespondentUserId);
        Assert.NotEqual(await factory.UserIdAsync(Cdc), first.RespondentUserId);
        Assert.NotNull(first.NotifiedAtUtc);
        var invitationMail = await factory.Smtp.WaitForAsync(Comune, m => m.Subject == $"Richiesta #{id}: com'è andata?");
        Assert.Contains($"{EmailPortalFactory.LinkBase}/questionari/rispondi/{first.Token}", invitationMail.TextBody);
        var pending = await factory.SurveysAsync(Comune, s => s.ListMineAsync(true, 0, 100));
        Assert.Contains(pending.Items, i => i.Token == first.Token && i.State == InvitationState.DaCompilare);
        Assert.Empty((await factory.SurveysAsync(Cdc, s => s.ListMineAsync(true, 0, 100))).Items.Where(i => i.Token == first.Token));

        // Exactly one reminder after the configured days (3 by default), however many passes the job makes.
        var jobs = factory.Services.CreateScope().ServiceProvider.GetRequiredService<SurveyJobs>();
        Assert.Equal(0, await jobs.SendRemindersAsync(first.CreatedAtUtc.AddDays(2)));
        var due = first.CreatedAtUtc.AddDays(3).AddMinutes(1);
        await jobs.SendRemindersAsync(due);
        await jobs.SendRemindersAsync(due.AddHours(1));
        var reminderSubject = $"Promemoria: questionario «Richiesta #{id}: {subject}»";
        await factory.Smtp.WaitForAsync(Comune, m => m.Subject == reminderSubject);
        await Task.Delay(Quiet);
        Assert.Single(factory.Smtp.Received, m => m.Subject == reminderSubject);
        Assert.NotNull(Assert.Single(await factory.InvitationsForRequestAsync(id)).ReminderSentAtUtc);

        // The Comune refuses the solution: the invitation is voided and cannot be answered any more.
        await factory.ActAsync(Comune, id, RequestAction.RifiutaSoluzione, new ActionInput { Text = "Manca il modulo per la residenza." });
        var voided = Assert.Single(await factory.InvitationsForRequestAsync(id));
        Assert.NotNull(voided.VoidedAtUtc);
        var refused = await Assert.ThrowsAsync<SurveyForbiddenException>(async () => await factory.AnswerAsync(first.Token, Comune, 5));
        Assert.StartsWith("Questo questionario è stato annullato", refused.Message);

        // Solved again: a new invitation, the only open one.
        await factory.ActAsync(Cdc, id, RequestAction.Risolvi, new ActionInput { Text = "Aggiunto anche il modulo per la residenza." });
        var invitations = await factory.InvitationsForRequestAsync(id);
        Assert.Equal(2, invitations.Count);
        var second = invitations[1];
        Assert.NotEqual(first.Token, second.Token);
        Assert.Single(invitations, i => i.VoidedAtUtc == null && i.AnsweredAtUtc == null);
        Assert.Null(second.ReminderSentAtUtc);

        // A low score needs its reason; then the answer is stored once and a second submission is refused.
        var noReason = await Assert.ThrowsAsync<SurveyValidationException>(async () => await factory.AnswerAsync(second.Token, Comune, 2));
        Assert.Equal("Domanda 2 «Qual è il motivo principale del suo giudizio?»: la risposta è obbligatoria.", Assert.Single(noReason.Errors.Values));
        await factory.AnswerAsync(second.Token, Comune, 2, "Tempi di risposta troppo lunghi", "Due giri per un modulo.");
        var again = await Assert.ThrowsAsync<SurveyForbiddenException>(async () => await factory.AnswerAsync(second.Token, Comune, 5));
        Assert.Equal("Questo questionario è già stato compilato: la risposta non si può cambiare.", again.Message);
        await using var db = await factory.CreateSystemDbAsync();
        var response = await db.SurveyResponses.Include(r => r.Answers).SingleAsync(r => r.InvitationId == second.Id);
        Assert.Equal(requester, response.SubmittedByUserId);
        Assert.Equal([2], response.Answers.Where(a => a.Score != null).Select(a => a.Score!.Value));
        Assert.Contains(response.Answers, a => a.Text == "Tempi di risposta troppo lunghi");

        // Answered invitations get no reminder.
        Assert.Equal(0, await jobs.SendRemindersAsync(second.CreatedAtUtc.AddDays(10)));
    }

    [Fact]
    public async Task SubmittingTwiceAtOnce_StoresOneResponse()
    {
        var id = await factory.SolvedRequestAsync("Doppio invio " + Guid.NewGuid().ToString("N")[..6]);
        var token = Assert.Single(await factory.InvitationsForRequestAsync(id)).Token;
        var answers = await factory.SatisfactionAnswersAsync(token, Comune, 5);
        var tries = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try { await factory.SurveysAsync(Comune, async s => { await s.SubmitAsync(token, answers); return 0; }); return true; }
            catch (SurveyForbiddenException) { return false; }
        })).ToList();
        var results = await Task.WhenAll(tries);
        Assert.Equal(1, results.Count(r => r));
        await using var db = await factory.CreateSystemDbAsync();
        var invitationId = (await factory.InvitationsForRequestAsync(id))[0].Id;
        Assert.Equal(1, await db.SurveyResponses.CountAsync(r => r.InvitationId == invitationId));
    }
}
