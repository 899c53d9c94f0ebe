using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Identity;

public class LoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Generic = "Accesso non riuscito: e-mail o password non corretti.";
    private const string Lockout = "Troppi tentativi non riusciti: l'account è bloccato";

    private HttpClient NewClient() => factory.CreateClient(new() { AllowAutoRedirect = false });

    private async Task CreateUserAsync(string email, string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Utente di prova", ProvinceId = null };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Manager)).Succeeded);
    }

    [Fact]
    public async Task WrongPassword_AndUnknownEmail_GetTheSameGenericMessage()
    {
        using var client = NewClient();

        var wrongPassword = await AuthenticatedClient.PostLoginAsync(client, "sua@demo.it", "Sbagliata-2026!");
        var unknownEmail = await AuthenticatedClient.PostLoginAsync(client, "nessuno@demo.it", "Sbagliata-2026!");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);
        Assert.Contains(Generic, await wrongPassword.TextAsync());
        Assert.Contains(Generic, await unknownEmail.TextAsync());
        Assert.DoesNotContain(Lockout, await unknownEmail.TextAsync());
    }

    [Fact]
    public async Task FiveFailures_LockTheAccount_AndTheRightPasswordIsThenRefused()
    {
        const string email = "tentativi@demo.it", password = "Corretta-2026!";
        await CreateUserAsync(email, password);
        using var client = NewClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var text = await (await AuthenticatedClient.PostLoginAsync(client, email, "Sbagliata-2026!")).TextAsync();
            Assert.Contains(Generic, text);
        }
        var fifth = await (await AuthenticatedClient.PostLoginAsync(client, email, "Sbagliata-2026!")).TextAsync();
        Assert.Contains(Lockout, fifth);

        var right = await AuthenticatedClient.PostLoginAsync(client, email, password);
        Assert.NotEqual(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains(Lockout, await right.TextAsync());
        var cookies = right.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("ProvincePortal.Auth="));
    }

    [Fact]
    public async Task RightPassword_RedirectsAndRecordsLastLogin()
    {
        using var client = NewClient();
        var response = await AuthenticatedClient.PostLoginAsync(client, "dirigente@demo.it", "Demo-2026!");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("dirigente@demo.it");
        Assert.NotNull(user!.LastLoginUtc);
    }
}
