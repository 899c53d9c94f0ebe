using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Notifications;

/// <summary>Notifications with e-mail off (the default: Email:Host empty), on the real app database.</summary>
public sealed class NotificationServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<T> As<T>(string email, Func<NotificationService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<NotificationService>()));

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task AUserSeesAndMarksOnlyTheirOwnNotifications()
    {
        var europa = await UserIdAsync("europa@demo.it");
        var cdc = await UserIdAsync("cdc@demo.it");
        var marker = Guid.NewGuid().ToString("N")[..8];
        await As("admin@demo.it", async s => { await s.NotifyAsync([europa], new($"Per Europa {marker}", "corpo", "/bandi")); return 0; });
        await As("admin@demo.it", async s => { await s.NotifyAsync([europa], new($"Seconda per Europa {marker}", "corpo", null)); return 0; });
        await As("admin@demo.it", async s => { await s.NotifyAsync([cdc], new($"Per CdC {marker}", "corpo", null)); return 0; });

        var (mine, total) = await As("europa@demo.it", s => s.ListMineAsync(0, 50));
        Assert.Equal(2, total);
        Assert.Equal([$"Seconda per Europa {marker}", $"Per Europa {marker}"], mine.Select(n => n.Title));
        Assert.Equal(2, await As("europa@demo.it", s => s.UnreadCountAsync()));
        var cdcNotification = (await As("cdc@demo.it", s => s.ListMineAsync(0, 50))).Items.Single();

        // Someone else's id: refused as if it did not exist, and left unread.
        Assert.False(await As("europa@demo.it", s => s.MarkReadAsync(cdcNotification.Id)));
        Assert.Equal(1, await As("cdc@demo.it", s => s.UnreadCountAsync()));

        Assert.True(await As("europa@demo.it", s => s.MarkReadAsync(mine[1].Id)));
        Assert.Equal(1, await As("europa@demo.it", s => s.UnreadCountAsync()));
        Assert.Single((await As("europa@demo.it", s => s.ListMineAsync(0, 50, unreadOnly: true))).Items);
        Assert.Equal(1, await As("europa@demo.it", s => s.MarkAllReadAsync()));
        Assert.Equal(0, await As("europa@demo.it", s => s.UnreadCountAsync()));
        Assert.Equal(1, await As("cdc@demo.it", s => s.UnreadCountAsync()));
    }

    [Fact]
    public async Task WithoutEmailHost_NotificationsAreStoredButNoEmailIsQueued()
    {
        var dirigente = await UserIdAsync("dirigente@demo.it");
        await As("admin@demo.it", async s =>
        {
            await s.NotifyAsync([dirigente], new("Senza e-mail", "corpo", null), r => new EmailMessage(r.Email!, "Oggetto", "Testo"));
            return 0;
        });

        await using var db = await factory.CreateSystemDbAsync();
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientUserId == dirigente && n.Title == "Senza e-mail"));
        Assert.False(await db.OutboxEmails.AnyAsync(m => m.To == "dirigente@demo.it"));
    }
}

/// <summary>SMTP down when the message is queued: it waits in the outbox with its error and leaves once the server is up.</summary>
public sealed class EmailOutboxTests(EmailPortalFactory factory) : IClassFixture<EmailPortalFactory>
{
    [Fact]
    public async Task SmtpDown_MessageStaysInOutboxWithError_ThenIsSentWhenTheServerComesUp()
    {
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var europa = await db.Users.Where(u => u.Email == "europa@demo.it").Select(u => u.Id).SingleAsync();
            await factory.AsUserAsync("admin@demo.it", async sp =>
            {
                await sp.GetRequiredService<NotificationService>().NotifyAsync([europa], new("Scadenza", "Domani scade il bando", "/bandi"),
                    r => new EmailMessage(r.Email!, "Promemoria: scadenza del bando", $"Buongiorno {r.FullName},\ndomani scade il bando."));
                return 0;
            });
        }

        // Nobody listens on the port yet: the worker tries, fails and records why.
        var failed = await WaitForAsync(m => m.Attempts >= 1 && m.LastError != null);
        Assert.Null(failed.SentAtUtc);
        Assert.Null(failed.AbandonedAtUtc);
        Assert.Equal("europa@demo.it", failed.To);

        await using var smtp = new LoopbackSmtpServer(factory.SmtpPort);
        await smtp.StartAsync();
        var received = await smtp.WaitForAsync("europa@demo.it", m => m.Subject == "Promemoria: scadenza del bando");
        Assert.Contains("Buongiorno Elena Europa", received.TextBody);
        Assert.Equal("portale@provincia.test", received.From.Mailboxes.Single().Address);

        var sent = await WaitForAsync(m => m.SentAtUtc != null);
        Assert.True(sent.Attempts >= 2);
        Assert.Single(smtp.Received, m => m.Subject == "Promemoria: scadenza del bando");
    }

    private async Task<OutboxEmail> WaitForAsync(Func<OutboxEmail, bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            await using var db = await factory.CreateSystemDbAsync();
            var message = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync(m => m.Subject == "Promemoria: scadenza del bando");
            if (message is not null && condition(message)) return message;
            await Task.Delay(200);
        }
        throw new TimeoutException("La coda delle e-mail non ha raggiunto lo stato atteso.");
    }
}
