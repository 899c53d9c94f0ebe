using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Identity;

/// <summary>The province that accounts created from Entra ID join, for the tests of <see cref="EntraAccountService"/>.</summary>
public sealed class TrevisoEntraFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("AzureAd:ProvinceSigla", "TV")];
}

/// <summary>Which account an Entra ID sign-in leads to and with which roles, on the real database (no browser).</summary>
public sealed class EntraAccountServiceTests(TrevisoEntraFactory factory) : IClassFixture<TrevisoEntraFactory>
{
    private const string ObjectIdUri = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    [Fact]
    public void MapRoles_KeepsOnlyPlatformRoles_InOurSpelling()
    {
        var roles = EntraIdentity.MapRoles(["operatoresua", "Dirigente", "Task.Read", "Dirigente", " UtenteComune "]);
        Assert.Equal([Roles.SuaOperator, Roles.Manager, Roles.ComuneUser], roles);
    }

    [Fact]
    public void From_ReadsMappedClaimTypes_AsTheOidcHandlerDeliversThem()
    {
        var identity = EntraIdentity.From(Principal(
            new(ObjectIdUri, "oid-1"), new(ClaimTypes.Email, "anna@example.it"), new("name", "Anna Bianchi"),
            new(ClaimTypes.Role, Roles.EuropeOperator), new(ClaimTypes.Role, "Altro")));
        Assert.NotNull(identity);
        Assert.Equal(("oid-1", "anna@example.it", "Anna Bianchi"), (identity.ObjectId, identity.Email, identity.Name));
        Assert.Equal([Roles.EuropeOperator], identity.KnownRoles);
    }

    [Fact]
    public void From_UsesPreferredUsernameOnlyWhenItIsAnEmail_AndNeedsTheObjectId()
    {
        Assert.Equal("upn@example.it", EntraIdentity.From(Principal(new("oid", "x"), new("preferred_username", "upn@example.it")))!.Email);
        Assert.Null(EntraIdentity.From(Principal(new("oid", "x"), new("preferred_username", "UTENTE01")))!.Email);
        Assert.Null(EntraIdentity.From(Principal(new("email", "a@example.it"), new("roles", Roles.Manager))));
    }

    [Fact]
    public async Task Resolve_NewPersonWithKnownRole_CreatesUserInConfiguredProvinceWithLogin()
    {
        var oid = Guid.NewGuid().ToString();
        var result = await ResolveAsync(Token(oid, "nuovo.dirigente@provincia.tv.it", "Nuovo Dirigente", Roles.Manager, "Altro"));

        Assert.Null(result.Refusal);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByLoginAsync(EntraAccountService.LoginProvider, oid);
        Assert.NotNull(user);
        Assert.Equal(("nuovo.dirigente@provincia.tv.it", "Nuovo Dirigente", oid), (user.Email, user.FullName, user.EntraObjectId));
        Assert.Equal([Roles.Manager], await users.GetRolesAsync(user));
        Assert.Equal(await ProvinceIdAsync("TV"), user.ProvinceId);
        Assert.NotNull(user.LastLoginUtc);
    }

    [Fact]
    public async Task Resolve_UnknownPersonWithoutKnownRole_IsRefusedAndCreatesNothing()
    {
        var result = await ResolveAsync(Token(Guid.NewGuid().ToString(), "senza.ruolo@example.it", "Senza Ruolo", "Altro"));

        Assert.Null(result.User);
        Assert.Contains("senza ruoli", result.Refusal);
        Assert.Null(await FindAsync("senza.ruolo@example.it"));
    }

    [Fact]
    public async Task Resolve_ExistingEmail_LinksTheAccountAndTakesTheRolesOfTheToken()
    {
        var oid = Guid.NewGuid().ToString();
        var result = await ResolveAsync(Token(oid, "europa@demo.it", "Elena Europa", Roles.Manager));

        Assert.Equal("europa@demo.it", result.User?.Email);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var linked = await users.FindByLoginAsync(EntraAccountService.LoginProvider, oid);
        Assert.Equal("europa@demo.it", linked?.Email);
        Assert.Equal([Roles.Manager], await users.GetRolesAsync(linked!));

        // Next sign-in: found by the object id even if the e-mail changed in Entra ID.
        var again = await ResolveAsync(Token(oid, "elena.europa.nuova@example.it", "Elena Europa", Roles.Manager));
        Assert.Equal(linked!.Id, again.User?.Id);
    }

    [Fact]
    public async Task Resolve_TokenWithoutKnownRole_KeepsTheRolesTheUserHas()
    {
        var result = await ResolveAsync(Token(Guid.NewGuid().ToString(), "cdc@demo.it", "Carlo Competenza", "Altro"));

        Assert.NotNull(result.User);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.Equal([Roles.CdcOperator], await users.GetRolesAsync((await users.FindByEmailAsync("cdc@demo.it"))!));
    }

    [Fact]
    public async Task Resolve_InactiveUser_IsRefusedAndNotLinked()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync("dirigente@demo.it"))!;
            user.IsActive = false;
            await users.UpdateAsync(user);
        }
        var oid = Guid.NewGuid().ToString();
        var result = await ResolveAsync(Token(oid, "dirigente@demo.it", "Daniela Dirigente", Roles.Manager));

        Assert.Null(result.User);
        Assert.Contains("disattivato", result.Refusal);
        await using var check = factory.Services.CreateAsyncScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByLoginAsync(EntraAccountService.LoginProvider, oid));
    }

    [Fact]
    public async Task Resolve_EmailOfAccountLinkedToAnotherObjectId_IsRefused()
    {
        Assert.NotNull((await ResolveAsync(Token(Guid.NewGuid().ToString(), "provincia@demo.it", "Paolo Provinciale", Roles.ProvinceAdmin))).User);

        var result = await ResolveAsync(Token(Guid.NewGuid().ToString(), "provincia@demo.it", "Un Omonimo", Roles.PlatformAdmin));

        Assert.Null(result.User);
        Assert.Contains("già collegato", result.Refusal);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.Equal([Roles.ProvinceAdmin], await users.GetRolesAsync((await users.FindByEmailAsync("provincia@demo.it"))!));
    }

    [Fact]
    public async Task Resolve_NewPersonWithoutConfiguredProvince_IsRefused()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var noProvince = new ConfigurationBuilder().AddInMemoryCollection([new("AzureAd:ProvinceSigla", "")]).Build();
        var service = ActivatorUtilities.CreateInstance<EntraAccountService>(scope.ServiceProvider, (IConfiguration)noProvince);

        var result = await service.ResolveAsync(Token(Guid.NewGuid().ToString(), "senza.provincia@example.it", "Senza Provincia", Roles.SuaOperator));

        Assert.Null(result.User);
        Assert.Contains("AzureAd:ProvinceSigla", result.Refusal);
        Assert.Null(await FindAsync("senza.provincia@example.it"));
    }

    private async Task<EntraAccountResult> ResolveAsync(ClaimsPrincipal token)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EntraAccountService>().ResolveAsync(token);
    }

    private async Task<PortalUser?> FindAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email);
    }

    private async Task<int> ProvinceIdAsync(string sigla)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Provinces.Where(p => p.Sigla == sigla).Select(p => p.Id).SingleAsync();
    }

    /// <summary>The external principal as Identity's external cookie holds it after the OIDC handler mapped the claims.</summary>
    private static ClaimsPrincipal Token(string oid, string email, string name, params string[] roles) =>
        Principal([new(ObjectIdUri, oid), new(ClaimTypes.Email, email), new("name", name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))]);

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "EntraId"));
}
