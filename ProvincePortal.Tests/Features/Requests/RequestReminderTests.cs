using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Features.Notifications;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>
/// Automatic reminders while a request is "In attesa", on the real app with the loopback SMTP server: scheduled on the
/// business calendar, sent in the app and by e-mail to the requester, recorded in the history, each once, stopped by the
/// maximum or as soon as the request leaves the wait.
/// </summary>
public sealed class RequestReminderTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    private static string Unique(string s) => $"{s} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The website service's SLA class reminds every 2 working days, at most twice.</summary>
    private async Task EnableRemindersAsync()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var serviceId = await factory.ServiceIdAsync(Website);
        var c = await db.CatalogServices.Where(s => s.Id == serviceId).Select(s => s.SlaClass!).SingleAsync();
        await factory.AsUserAsync(ProvinceAdmin, sp => sp.GetRequiredService<CatalogueService>().SaveSlaClassAsync(new SlaClassInput
        {
            Id = c.Id, Name = c.Name, TakeChargeTarget = c.TakeChargeTarget, TakeChargeUnit = c.TakeChargeUnit, ResolveTarget = c.ResolveTarget,
            ResolveUnit = c.ResolveUnit, WarningPercent = c.WarningPercent, ReminderEveryWorkingDays = 2, ReminderMaxCount = 2,
        }));
    }

    private async Task<int> WaitingRequestAsync(string subject)
    {
        await EnableRemindersAsync();
        var id = await factory.FileWebsiteRequestAsync(subject);
        await factory.ActAsync(Cdc, id, RequestAction.PrendiInCarico);
        await factory.ActAsync(Cdc, id, RequestAction.MettiInAttesa, new ActionInput { Text = "Serve l'elenco delle pagine da aggiornare." });
        return id;
    }

    private async Task<int> SendAsync(DateTime at)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RequestJobs>().SendRemindersAsync(at);
    }

    private async Task<DateTime?> NextAsync(int id)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.ServiceRequests.Where(r => r.Id == id).Select(r => r.NextReminderUtc).SingleAsync();
    }

    [Fact]
    public async Task SlaClass_ReminderOptions_AreValidatedInItalian()
    {
        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => factory.AsUserAsync(ProvinceAdmin, sp =>
            sp.GetRequiredService<CatalogueService>().SaveSlaClassAsync(new SlaClassInput { Name = "Con promemoria", ReminderEveryWorkingDays = 0, ReminderMaxCount = 0 })));
        Assert.Equal("Promemoria ogni: un numero di giorni lavorativi da 1 a 60, oppure vuoto per nessun promemoria.", ex.Errors["ReminderEveryWorkingDays"]);
        Assert.Equal("Numero massimo di promemoria: da 1 a 20.", ex.Errors["ReminderMaxCount"]);
    }

    [Fact]
    public async Task Reminders_AreScheduledInWorkingDays_SentOnceEach_UpToTheMaximum()
    {
        var subject = Unique("Pagine da aggiornare");
        var id = await WaitingRequestAsync(subject);

        // First reminder two working days after the wait started, on the Province's business calendar.
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var r = await db.ServiceRequests.SingleAsync(x => x.Id == id);
            var waitStart = await db.RequestEvents.Where(e => e.RequestId == id && e.ToStatus == RequestStatus.InAttesa).Select(e => e.AtUtc).SingleAsync();
            var calendar = await BusinessCalendarService.LoadAsync(db, r.ProvinceId, default);
            // PostgreSQL keeps microseconds: the app computed from the wait's start before it was rounded, this from after.
            Assert.NotNull(r.NextReminderUtc);
            Assert.Equal(calendar.AddWorkingDays(waitStart, 2), r.NextReminderUtc!.Value, TimeSpan.FromMilliseconds(1));
        }
        var first = (await NextAsync(id))!.Value;
        var plan = await factory.AsUserAsync(Comune, sp => sp.GetRequiredService<RequestReminderService>().GetPlanAsync(id));
        Assert.Equal(new ReminderPlan(2, 2, 0, first), plan);

        Assert.Equal(0, await SendAsync(first.AddMinutes(-1)));
        Assert.True(await SendAsync(first.AddMinutes(1)) >= 1);
        // A second pass at the same moment (a restart, a second server) sends nothing more for it.
        await SendAsync(first.AddMinutes(1));
        var mail = await factory.Smtp.WaitForAsync(Comune, m => m.Subject == $"Richiesta #{id}: promemoria");
        Assert.Contains("Promemoria 1 di 2: la richiesta attende ancora una sua risposta. Motivo dell'attesa: Serve l'elenco delle pagine da aggiornare.", mail.TextBody);
        Assert.Contains(subject, mail.TextBody);

        var second = (await NextAsync(id))!.Value;
        Assert.True(second > first.AddDays(1));
        Assert.True(await SendAsync(second.AddMinutes(1)) >= 1);
        Assert.Null(await NextAsync(id));
        Assert.Equal(0, await SendAsync(second.AddDays(30)));

        // In the history (public: the Comune sees it), in the app, one row per reminder, the requester only.
        var details = (await factory.AsAsync(Comune, s => s.GetAsync(id)))!;
        var events = details.Events.Where(e => e.Kind == RequestEventKind.Promemoria).ToList();
        Assert.Equal(2, events.Count);
        Assert.StartsWith("Promemoria automatico 1 di 2 inviato al richiedente. Prossimo promemoria il ", events[0].Text);
        Assert.Equal("Promemoria automatico 2 di 2 inviato al richiedente. Era l'ultimo previsto.", events[1].Text);
        await using var check = await factory.CreateSystemDbAsync();
        Assert.Equal([1, 2], await check.RequestReminders.Where(x => x.RequestId == id).OrderBy(x => x.Number).Select(x => x.Number).ToListAsync());
        var titled = await check.Notifications.Where(n => n.Title == $"Richiesta #{id}: promemoria").Select(n => n.RecipientUserId).ToListAsync();
        var comuneId = await check.Users.Where(u => u.Email == Comune).Select(u => u.Id).SingleAsync();
        Assert.Equal([comuneId, comuneId], titled);
        Assert.DoesNotContain(factory.Smtp.Received, m => m.To.ToString().Contains(Cdc) && m.Subject == $"Richiesta #{id}: promemoria");
        var finished = await factory.AsUserAsync(Comune, sp => sp.GetRequiredService<RequestReminderService>().GetPlanAsync(id));
        Assert.Equal(new ReminderPlan(2, 2, 2, null), finished);
    }

    [Fact]
    public async Task Reminders_StopWhenTheRequestLeavesTheWait_AndStartAgainWithTheNextWait()
    {
        var id = await WaitingRequestAsync(Unique("Attesa interrotta"));
        var first = (await NextAsync(id))!.Value;
        await factory.AsAsync(Comune, async s => { await s.AddMessageAsync(id, "Ecco l'elenco.", isInternal: false); return 0; });
        await factory.ActAsync(Cdc, id, RequestAction.Riprendi);
        Assert.Null(await NextAsync(id));
        Assert.Equal(0, await SendAsync(first.AddDays(30)));
        await using (var db = await factory.CreateSystemDbAsync())
            Assert.False(await db.RequestReminders.AnyAsync(x => x.RequestId == id));

        // A new wait counts its own reminders from one.
        await factory.ActAsync(Cdc, id, RequestAction.MettiInAttesa, new ActionInput { Text = "Manca ancora una pagina." });
        var again = (await NextAsync(id))!.Value;
        Assert.True(await SendAsync(again.AddMinutes(1)) >= 1);
        await using var check = await factory.CreateSystemDbAsync();
        Assert.Equal(1, (await check.RequestReminders.SingleAsync(x => x.RequestId == id)).Number);
    }
}
