using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Tests.Features.Notifications;
using static ProvincePortal.Tests.Features.Tenders.TendersFactory;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>The app with e-mail on a real loopback SMTP server; the reminder worker off so that the test decides when it runs.</summary>
public sealed class ReminderPortalFactory : EmailPortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        base.ExtraSettings().Concat([new("Tenders:RemindersEnabled", "false")]);
}

public sealed class DeadlineReminderTests(ReminderPortalFactory factory) : IClassFixture<ReminderPortalFactory>
{
    private Task<int> SendAsync(DateTime now) =>
        factory.AsUserAsync(Sua, sp => sp.GetRequiredService<DeadlineReminderService>().SendDueAsync(now));

    private Task<T> AsTenders<T>(string email, Func<TenderService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<TenderService>()));

    private static DeadlineInput At(DateTime utc, DeadlineKind kind, string? title = null)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, ProvincePortal.Localization.Formats.Rome);
        return new DeadlineInput { Kind = kind, Titolo = title, Data = local.Date, Ora = new TimeSpan(local.Hour, local.Minute, 0) };
    }

    [Fact]
    public async Task Reminders_GoToSuaOfficersAndTheRup_InAppAndByEmail_OncePerStep_AndAgainWhenTheDeadlineMoves()
    {
        await using var smtp = new LoopbackSmtpServer(factory.SmtpPort);
        await smtp.StartAsync();
        var now = DateTime.UtcNow;
        var input = Works("Promemoria: fornitura sale stradale " + Guid.NewGuid().ToString("N")[..6]);
        input.Rup = "Daniela Dirigente"; // a portal user of Treviso: as RUP she is reminded too
        var p = await AsTenders(Sua, s => s.CreateAsync(input));
        var offers = await AsTenders(Sua, s => s.AddDeadlineAsync(p.Id, At(now.AddDays(5), DeadlineKind.ScadenzaOfferte)));
        var custom = await AsTenders(Sua, s => s.AddDeadlineAsync(p.Id, At(now.AddHours(12), DeadlineKind.Personalizzata, "Sopralluogo obbligatorio")));
        var far = await AsTenders(Sua, s => s.AddDeadlineAsync(p.Id, At(now.AddDays(20), DeadlineKind.Stipula)));
        var brescia = await AsTenders(SuaBrescia, s => s.CreateAsync(Works("Promemoria Brescia")));
        var bsDeadline = await AsTenders(SuaBrescia, s => s.AddDeadlineAsync(brescia.Id, At(now.AddDays(3), DeadlineKind.ScadenzaOfferte)));

        await SendAsync(now);

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var reminders = await db.DeadlineReminders.AsNoTracking().ToListAsync();
            Assert.Equal(7, Assert.Single(reminders, r => r.DeadlineId == offers).DaysBefore);
            Assert.Equal(1, Assert.Single(reminders, r => r.DeadlineId == custom).DaysBefore);
            Assert.DoesNotContain(reminders, r => r.DeadlineId == far);
            Assert.Single(reminders, r => r.DeadlineId == bsDeadline);

            var users = await db.Users.Where(u => u.Email == Sua || u.Email == Manager || u.Email == SuaBrescia || u.Email == ProvinceAdmin)
                .ToDictionaryAsync(u => u.Email!, u => u.Id);
            var link = $"/gare/{p.Id}";
            var notes = await db.Notifications.AsNoTracking().Where(n => n.LinkUrl == link).ToListAsync();
            Assert.Contains(notes, n => n.RecipientUserId == users[Sua] && n.Title == "Scadenza tra 7 giorni: Scadenza delle offerte");
            Assert.Contains(notes, n => n.RecipientUserId == users[Sua] && n.Title == "Scadenza entro domani: Sopralluogo obbligatorio");
            Assert.Contains(notes, n => n.RecipientUserId == users[Manager] && n.Title == "Scadenza entro domani: Sopralluogo obbligatorio");
            Assert.DoesNotContain(notes, n => n.RecipientUserId == users[SuaBrescia] || n.RecipientUserId == users[ProvinceAdmin]);
        }

        var mail = await smtp.WaitForAsync(Sua, m => m.Subject.StartsWith("Promemoria scadenza di gara: Sopralluogo obbligatorio"));
        Assert.Contains($"ha una scadenza il", mail.TextBody);
        Assert.Contains($"{EmailPortalFactory.LinkBase}/gare/{p.Id}", mail.TextBody);
        await smtp.WaitForAsync(Manager, m => m.Subject.StartsWith("Promemoria scadenza di gara: Scadenza delle offerte"));

        // Again at the same time: nothing new. Four days later the offers deadline enters the 1-day step.
        await SendAsync(now.AddMinutes(1));
        await SendAsync(now.AddDays(4.5));
        // The custom deadline is moved: its new time is reminded again.
        await AsTenders(Sua, async s => { await s.UpdateDeadlineAsync(custom, At(now.AddDays(6), DeadlineKind.Personalizzata, "Sopralluogo obbligatorio")); return 0; });
        await SendAsync(now.AddMinutes(2));

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var offersSteps = await db.DeadlineReminders.Where(r => r.DeadlineId == offers).Select(r => r.DaysBefore).OrderBy(x => x).ToListAsync();
            Assert.Equal([1, 7], offersSteps);
            Assert.Equal(2, await db.DeadlineReminders.CountAsync(r => r.DeadlineId == custom));
            var sua = await db.Users.Where(u => u.Email == Sua).Select(u => u.Id).SingleAsync();
            Assert.Equal(4, await db.Notifications.CountAsync(n => n.RecipientUserId == sua && n.LinkUrl == $"/gare/{p.Id}"));
        }
    }
}
