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
    [Fact]
    public async Task Bell_ShowsTheUnreadCount_AndRefreshesItOnNavigation()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "comune@demo.it");
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
        var currentUser = new CurrentUser(factory.Services, new HttpContextAccessor());
        currentUser.Set(new PortalPrincipal(user.Id, user.UserName, user.FullName, user.ProvinceId, user.ComuneId, roles.ToHashSet()));
        var notifications = new NotificationService(factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), currentUser,
            factory.Services.GetRequiredService<EmailOutboxSignal>(), factory.Services.GetRequiredService<IOptionsMonitor<EmailOptions>>(),
            NullLogger<NotificationService>.Instance);
        Services.AddSingleton(notifications);
        await notifications.NotifyAsync([user.Id], new("Prima", "a", null));
        await notifications.NotifyAsync([user.Id], new("Seconda", "b", null));
        await notifications.NotifyAsync([user.Id], new("Terza", "c", null));

        var bell = Render<NotificationBell>();

        bell.WaitForAssertion(() => Assert.Equal("3", bell.Find("[data-testid=notification-badge] .mud-badge").TextContent.Trim()));
        Assert.NotNull(bell.Find("button[aria-label='Notifiche: 3 non lette']"));

        await notifications.MarkAllReadAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/documenti");

        bell.WaitForAssertion(() => Assert.NotNull(bell.Find("button[aria-label='Notifiche']")));
        Assert.Empty(bell.FindAll("[data-testid=notification-badge] .mud-badge"));
    }

    [Fact]
    public async Task Bell_CreatesItsMenuAtTheFirstClick_AndOpensIt()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "sua@demo.it");
        var currentUser = new CurrentUser(factory.Services, new HttpContextAccessor());
        currentUser.Set(new PortalPrincipal(user.Id, user.UserName, user.FullName, user.ProvinceId, user.ComuneId, new HashSet<string> { Roles.SuaOperator }));
        var notifications = new NotificationService(factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), currentUser,
            factory.Services.GetRequiredService<EmailOutboxSignal>(), factory.Services.GetRequiredService<IOptionsMonitor<EmailOptions>>(),
            NullLogger<NotificationService>.Instance);
        Services.AddSingleton(notifications);
        await notifications.NotifyAsync([user.Id], new("Avviso di prova", "a", null));

        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=notification-badge] .mud-badge").TextContent.Trim()));
        // Until the first click the activator is plain markup: no MudMenu (and no popover) in the circuit.
        Assert.Empty(bell.FindComponents<MudBlazor.MudMenu>());

        await bell.Find("[data-testid=notification-bell] button").ClickAsync(new());

        bell.WaitForAssertion(() => Assert.Single(bell.FindComponents<MudBlazor.MudMenu>()));
        bell.WaitForAssertion(() => Assert.Equal("true", bell.Find("[data-testid=notification-bell] button").GetAttribute("aria-expanded")));
        Assert.Equal("Notifiche: 1 non lette", bell.Find("[data-testid=notification-bell] button").GetAttribute("aria-label"));
    }
}
