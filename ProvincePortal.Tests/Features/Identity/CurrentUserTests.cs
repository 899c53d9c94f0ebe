using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Tests.Features.Identity;

/// <summary>The circuit's user read from the authentication state, read again whenever that state changes.</summary>
public sealed class CurrentUserTests
{
    private sealed class SwitchableState : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }

    private static ClaimsPrincipal Signed(string id, string role, int provinceId) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@demo.it"), new Claim(ClaimTypes.Role, role),
        new Claim(PortalClaimTypes.ProvinceId, provinceId.ToString()),
    ], "prova"));

    [Fact]
    public async Task SameClaimsPrincipal_GivesTheSamePrincipal_ANewOne_IsReadAgain()
    {
        var state = new SwitchableState();
        var services = new ServiceCollection().AddSingleton<AuthenticationStateProvider>(state).BuildServiceProvider();
        var current = new CurrentUser(services, new HttpContextAccessor());

        Assert.False((await current.GetAsync()).IsAuthenticated);
        state.User = Signed("u1", Roles.SuaOperator, 26);
        var first = await current.GetAsync();
        Assert.Equal(("u1", 26), (first.UserId, first.ProvinceId));
        Assert.True(first.IsInRole(Roles.SuaOperator));
        Assert.Same(first, await current.GetAsync());

        // Roles changed (revalidation gives a new ClaimsPrincipal): the new roles, not the remembered ones.
        state.User = Signed("u1", Roles.ComuneUser, 26);
        var second = await current.GetAsync();
        Assert.True(second.IsInRole(Roles.ComuneUser));
        Assert.False(second.IsInRole(Roles.SuaOperator));

        // Signed out.
        state.User = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.False((await current.GetAsync()).IsAuthenticated);
    }
}
