using System.Net;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Integration;

/// <summary>
/// The login form over plain HTTP against the real database: runs in both CI lanes, so it is also what proves that
/// Identity, the demo seeding and the UTC timestamps work on PostgreSQL.
/// </summary>
public class DemoAccountLoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static TheoryData<string> DemoAccounts() => new(DemoSeeder.Accounts.Select(a => a.Email));

    [Theory]
    [MemberData(nameof(DemoAccounts))]
    public async Task DemoAccount_LogsIn_SeesCruscottoAndLastLoginIsRecordedInUtc(string email)
    {
        var account = DemoSeeder.Accounts.Single(a => a.Email == email);
        var before = DateTime.UtcNow.AddSeconds(-1);

        using var client = await factory.LoginAsync(email);
        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(">Cruscotto</h1>", html);
        Assert.Contains(account.FullName, html);

        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        Assert.NotNull(user.LastLoginUtc);
        Assert.Equal(DateTimeKind.Utc, user.LastLoginUtc!.Value.Kind);
        Assert.InRange(user.LastLoginUtc.Value, before, DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Login_EmailInOtherCase_Succeeds()
    {
        using var client = await factory.LoginAsync("Dirigente@DEMO.it");
        var html = await client.GetStringAsync("/");
        Assert.Contains("Daniela Dirigente", html);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsItalianErrorAndCountsTheFailure()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var response = await AuthenticatedClient.PostLoginAsync(client, "cdc@demo.it", "Password-Errata-1!");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Accesso non riuscito: e-mail o password non corretti.", html);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ProvincePortal.Auth=")));
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal(1, (await db.Users.AsNoTracking().SingleAsync(u => u.Email == "cdc@demo.it")).AccessFailedCount);
    }
}
