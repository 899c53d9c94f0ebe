using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Administration;

public class UserPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<string> IdOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!.Id;
    }

    [Fact]
    public async Task UserOfAnotherProvince_AsProvinceAdmin_Is404()
    {
        using var client = await factory.LoginAsync("provincia@demo.it");

        var response = await client.GetAsync($"/amministrazione/utenti/{await IdOfAsync("sua.bs@demo.it")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var text = await response.TextAsync();
        Assert.Contains("non trovat", text);
        Assert.DoesNotContain("Bruno SUA Brescia", text);
        Assert.DoesNotContain("sua.bs@demo.it", text);
    }

    [Fact]
    public async Task UnknownUserId_Is404()
    {
        using var client = await factory.LoginAsync("admin@demo.it");
        var response = await client.GetAsync("/amministrazione/utenti/non-esiste");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UserOfOwnProvince_AsProvinceAdmin_ShowsTheForm()
    {
        using var client = await factory.LoginAsync("provincia@demo.it");

        var response = await client.GetAsync($"/amministrazione/utenti/{await IdOfAsync("comune@demo.it")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.TextAsync();
        Assert.Contains("Marco Comune di Conegliano", text);
        Assert.Contains("Reimposta password", text);
        Assert.Contains("Blocca", text);
    }

    [Fact]
    public async Task UserOfAnotherProvince_AsPlatformAdmin_ShowsTheForm()
    {
        using var client = await factory.LoginAsync("admin@demo.it");
        var response = await client.GetAsync($"/amministrazione/utenti/{await IdOfAsync("sua.bs@demo.it")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bruno SUA Brescia", await response.TextAsync());
    }

    [Fact]
    public async Task ListAndNewUserPages_OpenForProvinceAdmin()
    {
        using var client = await factory.LoginAsync("provincia@demo.it");

        var list = await client.GetAsync("/amministrazione/utenti");
        var create = await client.GetAsync("/amministrazione/utenti/nuovo");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("<h1", await list.Content.ReadAsStringAsync());
        Assert.Contains("Utenti e ruoli", await list.TextAsync());
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Contains("Crea utente", await create.TextAsync());
    }

    [Fact]
    public async Task AdminPages_AsComuneUser_AreDenied()
    {
        using var client = await factory.LoginAsync("comune@demo.it");

        foreach (var url in new[] { "/amministrazione/utenti", "/amministrazione/utenti/nuovo", $"/amministrazione/utenti/{await IdOfAsync("sua@demo.it")}" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/accesso-negato", response.Headers.Location!.PathAndQuery);
            Assert.DoesNotContain("Silvia Stazione Appaltante", await response.TextAsync());
        }
        var denied = await (await client.GetAsync("/account/accesso-negato")).TextAsync();
        Assert.Contains("Accesso negato", denied);
    }
}
