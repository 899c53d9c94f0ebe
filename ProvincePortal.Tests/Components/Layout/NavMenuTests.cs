using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Components.Layout;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Components.Layout;

/// <summary>
/// The main menu is plain anchors (not NavLink): the entries of the user's roles in menu order, and the entry of the
/// current address marked active with aria-current="page", following NavLink's All/Prefix rules.
/// </summary>
public sealed class NavMenuTests : BunitTestBase
{
    // The menu under the path the layout cascades, as in MainLayout.
    private IRenderedComponent<CascadingValue<string>> RenderFor(string role)
    {
        var user = new CurrentUser(Services, new HttpContextAccessor());
        user.Set(new PortalPrincipal("u1", "u1@demo.it", "Utente Prova", 1, null, new HashSet<string> { role }));
        Services.AddSingleton(user);
        return Render<CascadingValue<string>>(p => p.Add(c => c.Name, NavMenu.CurrentPathName).Add(c => c.Value, "/").AddChildContent<NavMenu>());
    }

    private static List<string> ActiveEntries(IRenderedComponent<CascadingValue<string>> menu) =>
        menu.FindAll("a.active").Select(a => a.GetAttribute("href")!).ToList();

    [Theory]
    [InlineData(Roles.ComuneUser)]
    [InlineData(Roles.SuaOperator)]
    [InlineData(Roles.PlatformAdmin)]
    public void Entries_AreTheSectionsOfTheRole_InMenuOrder(string role)
    {
        var menu = RenderFor(role);

        var expected = new[] { "/" }.Concat(NavMenu.Sections.Where(s => Policies.RolesByPolicy[s.Policy].Contains(role)).Select(s => s.Href));
        Assert.Equal(expected, menu.FindAll("nav[aria-label='Navigazione principale'] a.mud-nav-link").Select(a => a.GetAttribute("href")));
        Assert.Equal("Cruscotto", menu.Find("a[href='/'] .mud-nav-link-text").TextContent);
        // Each entry keeps MudNavLink's icon markup, hidden from assistive technology.
        Assert.All(menu.FindAll("a.mud-nav-link"), a => Assert.Equal("true", a.QuerySelector("svg.mud-nav-link-icon")!.GetAttribute("aria-hidden")));
    }

    [Fact]
    public void ActiveEntry_FollowsThePathTheLayoutGives_WithAriaCurrent()
    {
        var menu = RenderFor(Roles.PlatformAdmin);

        Assert.Equal(["/"], ActiveEntries(menu));
        Assert.Equal("page", menu.Find("a[href='/']").GetAttribute("aria-current"));

        // The layout cascades the path of the new address at the navigation's render (MainLayout: NavMenu.PathOf(Uri)).
        menu.Render(p => p.Add(c => c.Name, NavMenu.CurrentPathName).Add(c => c.Value, NavMenu.PathOf("http://localhost/gare/5?scheda=atti")).AddChildContent<NavMenu>());
        Assert.Equal(["/gare"], ActiveEntries(menu));
        Assert.Null(menu.Find("a[href='/']").GetAttribute("aria-current"));
        Assert.Equal("page", menu.Find("a[href='/gare']").GetAttribute("aria-current"));
        Assert.Single(menu.FindAll("[aria-current]"));

        // A nested section marks itself and its parent, as NavLinkMatch.Prefix did.
        menu.Render(p => p.Add(c => c.Name, NavMenu.CurrentPathName).Add(c => c.Value, "/richieste/cruscotto").AddChildContent<NavMenu>());
        Assert.Equal(["/richieste", "/richieste/cruscotto"], ActiveEntries(menu));
    }

    [Theory]
    [InlineData("/", "/", true)]
    [InlineData("/", "/gare", false)]
    [InlineData("/gare", "/gare", true)]
    [InlineData("/gare", "/gare/12", true)]
    [InlineData("/gare", "/Gare", true)]
    [InlineData("/gare", "/garetta", false)]
    [InlineData("/formazione/cruscotto", "/formazione", false)]
    public void IsActive_MatchesLikeNavLink(string href, string path, bool expected) =>
        Assert.Equal(expected, NavMenu.IsActive(href, path));

    [Theory]
    [InlineData("http://localhost/", "/")]
    [InlineData("http://localhost/gare/5?x=1#a", "/gare/5")]
    [InlineData("http://localhost/bandi/", "/bandi")]
    public void PathOf_DropsQueryFragmentAndTrailingSlash(string uri, string expected) =>
        Assert.Equal(expected, NavMenu.PathOf(uri));
}
