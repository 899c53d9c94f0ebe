using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Notifications;

/// <summary>The bell of the app bar rendered by bUnit on the notifications of a real app database.</summary>
public sealed class NotificationBellTests(PortalFactory factory) : BunitTestBase, IClassFixture<PortalFactory>
{
    private IRenderedComponent<NotificationBell> RenderBell()
    {
        // As in a circuit (the prerendered bell only reads the count once).
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<NotificationBell>();
    }

    private NotificationService ServiceFor(CurrentUser currentUser) =>
        new(factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), currentUser,
            factory.Services.GetRequiredService<EmailOutboxSignal>(), factory.Services.GetRequiredService<IOptionsMonitor<EmailOptions>>(),
            factory.Services.GetRequiredService<NotificationCounts>(), NullLogger<NotificationService>.Instance);

    private async Task<(PortalUser User, NotificationService Service)> ActAsAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
        var currentUser = new CurrentUser(factory.Services, new HttpContextAccessor());
        currentUser.Set(new PortalPrincipal(user.Id, user.UserName, user.FullName, user.ProvinceId, user.ComuneId, roles.ToHashSet()));
        return (user, ServiceFor(currentUser));
    }

    private static string? Badge(IRenderedComponent<NotificationBell> bell) =>
        bell.FindAll("[data-testid=notification-badge] .mud-badge").SingleOrDefault()?.TextContent.Trim();

    [Fact]
    public async Task Bell_ShowsAWriteOfThisNode_AtOnce_WithoutANavigation()
    {
        var (user, notifications) = await ActAsAsync("comune@demo.it");
        await notifications.MarkAllReadAsync();
        Services.AddSingleton(notifications);
        await notifications.NotifyAsync([user.Id], new("Prima", "a", null));
        await notifications.NotifyAsync([user.Id], new("Seconda", "b", null));

        var bell = RenderBell();
        bell.WaitForAssertion(() => Assert.Equal("2", Badge(bell)));
        Assert.NotNull(bell.Find("button[aria-label='Notifiche: 2 non lette']"));

        // Written through this node (a module's save, in its own transaction): pushed to the bell, no navigation needed.
        await notifications.NotifyAsync([user.Id], new("Terza", "c", null));
        bell.WaitForAssertion(() => Assert.Equal("3", Badge(bell)));

        // Read elsewhere in the app (the Notifiche page): the badge goes.
        await notifications.MarkAllReadAsync();
        bell.WaitForAssertion(() => Assert.Null(Badge(bell)));
        Assert.NotNull(bell.Find("button[aria-label='Notifiche']"));
    }

    [Fact]
    public async Task Bell_DoesNotQueryAtNavigation_AndShowsAnotherNodesWrite_AtTheNextRefresh()
    {
        var (user, notifications) = await ActAsAsync("provincia@demo.it");
        await notifications.MarkAllReadAsync();
        Services.AddSingleton(notifications);
        var counts = factory.Services.GetRequiredService<NotificationCounts>();
        var bell = RenderBell();
        bell.WaitForAssertion(() => Assert.NotNull(bell.Find("button[aria-label='Notifiche']")));

        // Another app server (or the command line) writes straight to the shared database: nothing of this node sees it.
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var now = DateTime.UtcNow;
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "Notifications" ("RecipientUserId", "Title", "Body", "CreatedAtUtc") VALUES ({user.Id}, 'Da un altro nodo', 'x', {now})""");
        }
        // Navigating does not re-count (that was a query per navigation per user).
        Services.GetRequiredService<NavigationManager>().NavigateTo("/documenti");
        Assert.Null(Badge(bell));

        // The periodic refresh (every NotificationCounts.RefreshInterval on each node) brings it to the bell.
        await counts.RefreshAsync();
        bell.WaitForAssertion(() => Assert.Equal("1", Badge(bell)));
        Assert.True(NotificationCounts.RefreshInterval <= TimeSpan.FromSeconds(30));

        // A closed bell stops being counted.
        var watchedBefore = counts.WatchedUsers;
        await DisposeComponentsAsync();
        Assert.Equal(watchedBefore - 1, counts.WatchedUsers);
    }

    [Fact]
    public async Task Bell_CreatesItsMenuAtTheFirstClick_AndOpensIt()
    {
        var (user, notifications) = await ActAsAsync("sua@demo.it");
        await notifications.MarkAllReadAsync();
        Services.AddSingleton(notifications);
        await notifications.NotifyAsync([user.Id], new("Avviso di prova", "a", null));

        var bell = RenderBell();
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=notification-badge] .mud-badge").TextContent.Trim()));
        // Until the first click the activator is plain markup: no MudMenu (and no popover) in the circuit.
        Assert.Empty(bell.FindComponents<MudBlazor.MudMenu>());

        await bell.Find("[data-testid=notification-bell] button").ClickAsync(new());

        bell.WaitForAssertion(() => Assert.Single(bell.FindComponents<MudBlazor.MudMenu>()));
        bell.WaitForAssertion(() => Assert.Equal("true", bell.Find("[data-testid=notification-bell] button").GetAttribute("aria-expanded")));
        Assert.Equal("Notifiche: 1 non lette", bell.Find("[data-testid=notification-bell] button").GetAttribute("aria-label"));
    }
}
