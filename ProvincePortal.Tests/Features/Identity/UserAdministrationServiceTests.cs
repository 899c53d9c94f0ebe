using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Identity;

public class UserAdministrationServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string ProvinceAdmin = "provincia@demo.it";
    private const string PlatformAdmin = "admin@demo.it";
    private const string Password = "Iniziale-2026!";

    private static UserAdministrationService Service(IServiceProvider sp) => sp.GetRequiredService<UserAdministrationService>();

    private Task<UserAdminResult> CreateAsAsync(string actor, UserInput input) =>
        factory.AsUserAsync(actor, sp => Service(sp).CreateAsync(input));

    private async Task<int> ProvinceIdAsync(string sigla)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Provinces.Where(p => p.Sigla == sigla).Select(p => p.Id).SingleAsync();
    }

    private async Task<int> ComuneIdAsync(string cadastralCode)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Comuni.Where(c => c.CadastralCode == cadastralCode).Select(c => c.Id).SingleAsync();
    }

    private async Task<PortalUser?> FindAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email);
    }

    private async Task<string> IdOfAsync(string email) => (await FindAsync(email))?.Id ?? throw new InvalidOperationException(email);

    [Fact]
    public async Task Search_AsProvinceAdmin_ReturnsOnlyUsersOfHisProvince()
    {
        var page = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).SearchAsync(new UserSearch(PageSize: 200)));

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, row => Assert.Equal("TV", row.ProvinceSigla));
        Assert.Contains(page.Items, r => r.Email == "sua@demo.it");
        Assert.Contains(page.Items, r => r.Email == "comune@demo.it" && r.ComuneName == "Conegliano" && r.Roles.SequenceEqual([Roles.ComuneUser]));
        Assert.DoesNotContain(page.Items, r => r.Email == "sua.bs@demo.it");
        // Platform administrators are managed only by platform administrators, even when they sit in Treviso.
        Assert.DoesNotContain(page.Items, r => r.Email == PlatformAdmin);
        Assert.Equal(page.Items.Count, page.TotalCount);
    }

    [Fact]
    public async Task Search_AsPlatformAdmin_SeesEveryProvinceAndFilters()
    {
        var all = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).SearchAsync(new UserSearch(PageSize: 200)));
        Assert.Contains(all.Items, r => r.Email == "sua.bs@demo.it" && r.ProvinceSigla == "BS");

        var sua = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).SearchAsync(new UserSearch(Role: Roles.SuaOperator, PageSize: 200)));
        Assert.Contains(sua.Items, r => r.Email == "sua.bs@demo.it");
        Assert.Contains(sua.Items, r => r.Email == "sua@demo.it");
        Assert.All(sua.Items, r => Assert.Contains(Roles.SuaOperator, r.Roles));

        var byText = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).SearchAsync(new UserSearch(Text: "BRESCIA")));
        Assert.Contains(byText.Items, r => r.Email == "sua.bs@demo.it");
        Assert.All(byText.Items, r => Assert.Contains("brescia", r.FullName + r.Email, StringComparison.OrdinalIgnoreCase));

        var brescia = await ProvinceIdAsync("BS");
        var inBrescia = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).SearchAsync(new UserSearch(ProvinceId: brescia)));
        Assert.All(inBrescia.Items, r => Assert.Equal("BS", r.ProvinceSigla));

        var paged = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).SearchAsync(new UserSearch(Page: 1, PageSize: 3, Sort: UserSort.Email)));
        Assert.Equal(3, paged.Items.Count);
        Assert.Equal(all.TotalCount, paged.TotalCount);
        Assert.Equal(all.Items.OrderBy(r => r.Email, StringComparer.Ordinal).Skip(3).Take(3).Select(r => r.Email), paged.Items.Select(r => r.Email));
    }

    [Fact]
    public async Task Search_AsComuneUser_IsRefused()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            factory.AsUserAsync("comune@demo.it", sp => Service(sp).SearchAsync(new UserSearch())));
    }

    [Fact]
    public async Task Get_UserOfAnotherProvince_ReturnsNull()
    {
        var bresciaId = await IdOfAsync("sua.bs@demo.it");
        var platformAdminId = await IdOfAsync(PlatformAdmin);

        Assert.Null(await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).GetAsync(bresciaId)));
        Assert.Null(await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).GetAsync(platformAdminId)));
        Assert.Null(await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).GetAsync("non-esiste")));
        var asPlatformAdmin = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).GetAsync(bresciaId));
        Assert.Equal("Bruno SUA Brescia", asPlatformAdmin?.FullName);
    }

    [Fact]
    public async Task WritesOnUserOfAnotherProvince_AreNotFound()
    {
        var bresciaId = await IdOfAsync("sua.bs@demo.it");
        var platformAdminId = await IdOfAsync(PlatformAdmin);
        var before = await FindAsync("sua.bs@demo.it");

        var update = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).UpdateAsync(bresciaId,
            new UserInput { FullName = "Preso", Roles = [Roles.SuaOperator], IsActive = true }));
        var locked = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).LockAsync(bresciaId));
        var reset = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).ResetPasswordAsync(bresciaId));
        var adminReset = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).ResetPasswordAsync(platformAdminId));

        Assert.All([update, locked, reset, adminReset], r => Assert.True(r.NotFound));
        var after = await FindAsync("sua.bs@demo.it");
        Assert.Equal(before!.FullName, after!.FullName);
        Assert.Equal(before.PasswordHash, after.PasswordHash);
        Assert.Null(after.LockoutEnd);
    }

    [Fact]
    public async Task Create_PlatformAdminAsProvinceAdmin_IsRefusedWithMessage()
    {
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput
        {
            Email = "aspirante.admin@demo.it", FullName = "Aspirante Amministratore",
            Roles = [Roles.PlatformAdmin], InitialPassword = Password,
        });

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Field == nameof(UserInput.Roles));
        Assert.StartsWith("Ruoli:", error.Message);
        Assert.Contains("Amministratore di piattaforma", error.Message);
        Assert.Null(await FindAsync("aspirante.admin@demo.it"));
    }

    [Fact]
    public async Task Create_PlatformAdminAsPlatformAdmin_WithoutProvince_Works()
    {
        var result = await CreateAsAsync(PlatformAdmin, new UserInput
        {
            Email = "secondo.admin@demo.it", FullName = "Secondo Amministratore", Roles = [Roles.PlatformAdmin], InitialPassword = Password,
        });

        Assert.True(result.Succeeded, result.ErrorText);
        var user = await FindAsync("secondo.admin@demo.it");
        Assert.Null(user!.ProvinceId);
    }

    [Fact]
    public async Task Create_ComuneOfAnotherProvince_IsRefused()
    {
        var brescia = await ComuneIdAsync("B157");

        var result = await CreateAsAsync(ProvinceAdmin, new UserInput
        {
            Email = "comune.sbagliato@demo.it", FullName = "Comune Sbagliato", Roles = [Roles.ComuneUser], ComuneId = brescia, InitialPassword = Password,
        });

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(UserInput.ComuneId), error.Field);
        Assert.Equal("Comune: il Comune selezionato non appartiene alla Provincia indicata.", error.Message);
        Assert.Null(await FindAsync("comune.sbagliato@demo.it"));
    }

    [Fact]
    public async Task Create_ComuneUserWithoutComune_IsRefused()
    {
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput
        {
            Email = "senza.comune@demo.it", FullName = "Senza Comune", Roles = [Roles.ComuneUser], InitialPassword = Password,
        });

        Assert.False(result.Succeeded);
        Assert.Equal("Comune: obbligatorio per il ruolo Utente Comune.", Assert.Single(result.Errors, e => e.Field == nameof(UserInput.ComuneId)).Message);
        Assert.Null(await FindAsync("senza.comune@demo.it"));
    }

    [Fact]
    public async Task Create_ProvinceRoleWithoutProvince_AndBadValues_ReportEveryField()
    {
        var result = await CreateAsAsync(PlatformAdmin, new UserInput { Email = "non un indirizzo", FullName = " ", Roles = [Roles.SuaOperator, "Inventato"] });

        Assert.False(result.Succeeded);
        var fields = result.Errors.Select(e => e.Field).ToHashSet();
        Assert.Equal(new HashSet<string> { nameof(UserInput.Email), nameof(UserInput.FullName), nameof(UserInput.Roles), nameof(UserInput.ProvinceId) }, fields);
        Assert.Contains(result.Errors, e => e.Message == "Provincia: obbligatoria per tutti i ruoli tranne Amministratore di piattaforma.");
        Assert.Contains(result.Errors, e => e.Message == "Ruoli: il ruolo 'Inventato' non esiste.");
    }

    [Fact]
    public async Task Create_InAnotherProvinceAsProvinceAdmin_IsRefused()
    {
        var brescia = await ProvinceIdAsync("BS");
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput
        {
            Email = "in.brescia@demo.it", FullName = "In Brescia", Roles = [Roles.SuaOperator], ProvinceId = brescia, InitialPassword = Password,
        });

        Assert.False(result.Succeeded);
        Assert.Equal(nameof(UserInput.ProvinceId), Assert.Single(result.Errors).Field);
    }

    [Fact]
    public async Task Create_WeakPassword_IsRefusedNamingThePassword()
    {
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "debole@demo.it", FullName = "Password Debole", Roles = [Roles.Manager], InitialPassword = "corta" });

        Assert.False(result.Succeeded);
        Assert.All(result.Errors, e => Assert.StartsWith("Password iniziale:", e.Message));
        Assert.Null(await FindAsync("debole@demo.it"));
    }

    [Fact]
    public async Task Create_DuplicateEmail_IsRefusedNamingTheEmail()
    {
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "sua@demo.it", FullName = "Doppione", Roles = [Roles.Manager], InitialPassword = Password });

        Assert.False(result.Succeeded);
        Assert.Equal(nameof(UserInput.Email), Assert.Single(result.Errors).Field);
        Assert.StartsWith("E-mail:", result.Errors[0].Message);
    }

    [Fact]
    public async Task Create_ThenTheNewUserCanLogIn_InTheAdminsProvince()
    {
        var conegliano = await ComuneIdAsync("C957");
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput
        {
            Email = "nuovo.comune@demo.it", FullName = "Nuovo Utente Comune", Roles = [Roles.ComuneUser], ComuneId = conegliano, InitialPassword = Password,
        });

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Null(result.GeneratedPassword);
        var user = await FindAsync("nuovo.comune@demo.it");
        Assert.Equal(await ProvinceIdAsync("TV"), user!.ProvinceId);
        Assert.Equal(conegliano, user.ComuneId);
        using var client = await factory.LoginAsync("nuovo.comune@demo.it", Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/richieste")).StatusCode);
    }

    [Fact]
    public async Task Create_WithoutPassword_GeneratesOneThatWorks()
    {
        var result = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "generata@demo.it", FullName = "Password Generata", Roles = [Roles.EuropeOperator] });

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.NotNull(result.GeneratedPassword);
        Assert.Equal(16, result.GeneratedPassword!.Length);
        using var client = await factory.LoginAsync("generata@demo.it", result.GeneratedPassword);
    }

    [Fact]
    public async Task LockAndUnlock_RefuseThenAllowLogin()
    {
        var created = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "da.bloccare@demo.it", FullName = "Da Bloccare", Roles = [Roles.CdcOperator], InitialPassword = Password });
        Assert.True(created.Succeeded, created.ErrorText);
        var stampBefore = (await FindAsync("da.bloccare@demo.it"))!.SecurityStamp;

        var locked = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).LockAsync(created.UserId!));
        Assert.True(locked.Succeeded, locked.ErrorText);
        Assert.NotEqual(stampBefore, (await FindAsync("da.bloccare@demo.it"))!.SecurityStamp);
        Assert.True((await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).GetAsync(created.UserId!)))!.IsLockedOut);

        using (var client = factory.CreateClient(new() { AllowAutoRedirect = false }))
        {
            var refused = await AuthenticatedClient.PostLoginAsync(client, "da.bloccare@demo.it", Password);
            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("l'account è bloccato", await refused.TextAsync());
        }

        var unlocked = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).UnlockAsync(created.UserId!));
        Assert.True(unlocked.Succeeded, unlocked.ErrorText);
        using var again = await factory.LoginAsync("da.bloccare@demo.it", Password);
    }

    [Fact]
    public async Task Lock_OwnAccount_IsRefused()
    {
        var self = await IdOfAsync(ProvinceAdmin);
        var result = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).LockAsync(self));
        Assert.False(result.Succeeded);
        Assert.Null((await FindAsync(ProvinceAdmin))!.LockoutEnd);
    }

    [Fact]
    public async Task ResetPassword_NewPasswordWorks_OldOneNoLonger()
    {
        var created = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "smemorato@demo.it", FullName = "Utente Smemorato", Roles = [Roles.Manager], InitialPassword = Password });
        Assert.True(created.Succeeded, created.ErrorText);

        var reset = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).ResetPasswordAsync(created.UserId!));

        Assert.True(reset.Succeeded, reset.ErrorText);
        using var client = await factory.LoginAsync("smemorato@demo.it", reset.GeneratedPassword!);
        using var other = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.Redirect, (await AuthenticatedClient.PostLoginAsync(other, "smemorato@demo.it", Password)).StatusCode);
    }

    [Fact]
    public async Task Update_RolesChangeSecurityStamp_NameAloneDoesNot()
    {
        var created = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "promosso@demo.it", FullName = "Utente Promosso", Roles = [Roles.SuaOperator], InitialPassword = Password });
        Assert.True(created.Succeeded, created.ErrorText);
        var stamp0 = (await FindAsync("promosso@demo.it"))!.SecurityStamp;

        var renamed = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).UpdateAsync(created.UserId!,
            new UserInput { FullName = "Utente Rinominato", Roles = [Roles.SuaOperator], IsActive = true }));
        Assert.True(renamed.Succeeded, renamed.ErrorText);
        var stamp1 = (await FindAsync("promosso@demo.it"))!.SecurityStamp;
        Assert.Equal(stamp0, stamp1);

        var promoted = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).UpdateAsync(created.UserId!,
            new UserInput { FullName = "Utente Rinominato", Roles = [Roles.SuaOperator, Roles.Manager], IsActive = true }));
        Assert.True(promoted.Succeeded, promoted.ErrorText);
        Assert.NotEqual(stamp1, (await FindAsync("promosso@demo.it"))!.SecurityStamp);

        var details = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).GetAsync(created.UserId!));
        Assert.Equal("Utente Rinominato", details!.FullName);
        Assert.Equal([Roles.SuaOperator, Roles.Manager], details.Roles);
    }

    [Fact]
    public async Task Update_MoveToAnotherProvinceAsProvinceAdmin_IsRefused()
    {
        var created = await CreateAsAsync(ProvinceAdmin, new UserInput { Email = "da.spostare@demo.it", FullName = "Da Spostare", Roles = [Roles.SuaOperator], InitialPassword = Password });
        var brescia = await ProvinceIdAsync("BS");

        var result = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).UpdateAsync(created.UserId!,
            new UserInput { FullName = "Da Spostare", Roles = [Roles.SuaOperator], ProvinceId = brescia, IsActive = true }));
        var grant = await factory.AsUserAsync(ProvinceAdmin, sp => Service(sp).UpdateAsync(created.UserId!,
            new UserInput { FullName = "Da Spostare", Roles = [Roles.SuaOperator, Roles.PlatformAdmin], IsActive = true }));

        Assert.Equal("Provincia: non può spostare l'utente in un'altra Provincia.", Assert.Single(result.Errors).Message);
        Assert.Equal(nameof(UserInput.Roles), Assert.Single(grant.Errors).Field);
        Assert.Equal(await ProvinceIdAsync("TV"), (await FindAsync("da.spostare@demo.it"))!.ProvinceId);
    }

    [Fact]
    public async Task Update_Deactivate_RefusesLogin()
    {
        var brescia = await ProvinceIdAsync("BS");
        var created = await CreateAsAsync(PlatformAdmin, new UserInput
        {
            Email = "disattivato@demo.it", FullName = "Utente Disattivato", Roles = [Roles.Manager], ProvinceId = brescia, InitialPassword = Password,
        });
        Assert.True(created.Succeeded, created.ErrorText);

        var result = await factory.AsUserAsync(PlatformAdmin, sp => Service(sp).UpdateAsync(created.UserId!,
            new UserInput { FullName = "Utente Disattivato", Roles = [Roles.Manager], ProvinceId = brescia, IsActive = false }));

        Assert.True(result.Succeeded, result.ErrorText);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var login = await AuthenticatedClient.PostLoginAsync(client, "disattivato@demo.it", Password);
        Assert.NotEqual(HttpStatusCode.Redirect, login.StatusCode);
    }
}
