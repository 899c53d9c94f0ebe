using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Audit;

/// <summary>The Storico panel rendered by bUnit on the entries of a real app database.</summary>
public class StoricoPanelTests(PortalFactory factory) : BunitTestBase, IClassFixture<PortalFactory>
{
    /// <summary>The panel's service, acting as a demo user, on the factory's database.</summary>
    private async Task ActAsAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
        var currentUser = new CurrentUser(factory.Services, new HttpContextAccessor());
        currentUser.Set(new PortalPrincipal(user.Id, user.UserName, user.FullName, user.ProvinceId, user.ComuneId, roles.ToHashSet()));
        var dbFactory = new PortalDbFactory(factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), currentUser);
        Services.AddSingleton(new AuditService(dbFactory, currentUser));
    }

    private async Task<string> RenameAsync(string email, string fullName)
    {
        return await factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email);
            user!.FullName = fullName;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            return user.Id;
        });
    }

    [Fact]
    public async Task RendersTheChange_NewestFirst_WithDateUserAndOldToNew()
    {
        var id = await RenameAsync("sua@demo.it", "Silvia Appalti");
        await using var db = await factory.CreateSystemDbAsync();
        var change = await db.AuditEntries.Where(e => e.Entity == "PortalUser" && e.EntityKey == id).OrderByDescending(e => e.Id).FirstAsync();
        await ActAsAsync("provincia@demo.it");

        var panel = Render<StoricoPanel>(p => p.Add(x => x.Entity, "PortalUser").Add(x => x.EntityKey, id));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("li.pp-storico-voce")));
        var items = panel.FindAll("li.pp-storico-voce");
        Assert.Equal(change.Id.ToString(), items[0].GetAttribute("data-entry-id"));
        var newest = items[0].TextContent;
        Assert.Contains(Formats.DateTime(change.AtUtc), newest);
        Assert.Matches(@"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", newest);
        Assert.Contains("provincia@demo.it", newest);
        Assert.Contains("Modifica", newest);
        Assert.Contains("Nome e cognome", newest);
        Assert.Contains("Silvia Stazione Appaltante", newest);
        Assert.Contains("→", newest);
        Assert.Contains("Silvia Appalti", newest);
        Assert.Contains("Inserimento", items[^1].TextContent);
    }

    [Fact]
    public async Task ShowsMore_OnRequest()
    {
        var id = await RenameAsync("europa@demo.it", "Elena Europa Bandi");
        await ActAsAsync("provincia@demo.it");

        var panel = Render<StoricoPanel>(p => p.Add(x => x.Entity, "PortalUser").Add(x => x.EntityKey, id).Add(x => x.PageSize, 1));
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("li.pp-storico-voce")));
        var more = panel.Find("button");
        Assert.Contains("Mostra altri", more.TextContent);

        more.Click();

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("li.pp-storico-voce").Count));
        Assert.DoesNotContain("Mostra altri", panel.Markup);
    }

    [Fact]
    public async Task RecordWithoutHistory_ShowsTheItalianEmptyState()
    {
        await ActAsAsync("provincia@demo.it");
        var panel = Render<StoricoPanel>(p => p.Add(x => x.Entity, "PortalUser").Add(x => x.EntityKey, "inesistente"));
        panel.WaitForAssertion(() => Assert.Contains("Nessuna modifica registrata", panel.Markup));
    }

    [Fact]
    public async Task RecordOfAnotherProvince_ShowsNothing()
    {
        var id = await RenameAsync("dirigente@demo.it", "Daniela Dirigente Treviso");
        await ActAsAsync("sua.bs@demo.it");
        var panel = Render<StoricoPanel>(p => p.Add(x => x.Entity, "PortalUser").Add(x => x.EntityKey, id));
        panel.WaitForAssertion(() => Assert.Contains("Nessuna modifica registrata", panel.Markup));
        Assert.DoesNotContain("Daniela", panel.Markup);
    }
}
