using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Identity;

/// <summary>A production-like first start: no demo accounts, so no platform administrator and a one-time setup link.</summary>
public class NoDemoPortalFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Demo:Enabled", "false")];
}

public class FirstRunSetupTests(NoDemoPortalFactory factory) : IClassFixture<NoDemoPortalFactory>
{
    private string TokenFile => Path.Combine(factory.Database.DataDirectory, "setup-token.txt");

    [Fact]
    public async Task SetupLink_CreatesTheFirstAdministratorOnce()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True(File.Exists(TokenFile), "Al primo avvio senza amministratori deve esistere setup-token.txt");
        var token = (await File.ReadAllTextAsync(TokenFile)).Trim();
        var url = $"/configurazione-iniziale/{token}";

        var form = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"Input.ConfirmPassword\"", await form.Content.ReadAsStringAsync());

        var wrongToken = await client.GetAsync("/configurazione-iniziale/" + new string('0', token.Length));
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Contains("non è valido o è già stato usato", await wrongToken.TextAsync());

        var mismatch = await StaticForm.PostAsync(client, url, "configurazione", Fields("Prima-2026!", "Seconda-2026!"));
        Assert.Contains("Conferma password: non coincide con la password.", await mismatch.TextAsync());
        var weak = await StaticForm.PostAsync(client, url, "configurazione", Fields("debole", "debole"));
        Assert.Contains("Password: La password deve contenere almeno 10 caratteri.", await weak.TextAsync());
        Assert.Null(await FindAsync("capo@provincia.it"));

        var done = await StaticForm.PostAsync(client, url, "configurazione", Fields("Capo-Ammin-2026!", "Capo-Ammin-2026!"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("L'amministratore di piattaforma è stato creato.", await done.TextAsync());
        Assert.Contains("href=\"/account/accedi\"", await done.Content.ReadAsStringAsync());
        Assert.False(File.Exists(TokenFile));

        var admin = await FindAsync("capo@provincia.it");
        Assert.NotNull(admin);
        Assert.Equal("Carla Capo", admin.FullName);
        using var adminClient = await factory.LoginAsync("capo@provincia.it", "Capo-Ammin-2026!");
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync("/amministrazione/utenti")).StatusCode);

        var again = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain("name=\"Input.ConfirmPassword\"", await again.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Fields(string password, string confirm) => new()
    {
        ["Input.Email"] = "capo@provincia.it",
        ["Input.FullName"] = "Carla Capo",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm,
    };

    private async Task<PortalUser?> FindAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is not null) Assert.True(await users.IsInRoleAsync(user, Roles.PlatformAdmin));
        return user;
    }
}
