using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>Operator groups on the real app: administration with Italian validation, coordinators, isolation per Province, "my group".</summary>
public sealed class OperatorGroupServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SecondCdc = "cdc2.tv@prova.it";

    private static string Unique(string s) => $"{s} {Guid.NewGuid().ToString("N")[..6]}";

    private Task<T> Groups<T>(string email, Func<OperatorGroupService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<OperatorGroupService>()));

    private async Task<OperatorGroupDetails> DetailsAsync(int id) => (await Groups(ProvinceAdmin, s => s.GetAsync(id)))!;

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task EnsureSecondCdcAsync()
    {
        await factory.EnsureExtraUsersAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByEmailAsync(SecondCdc) is not null) return;
        await using var db = await factory.CreateSystemDbAsync();
        var province = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var user = new PortalUser { UserName = SecondCdc, Email = SecondCdc, EmailConfirmed = true, FullName = "Giulia Seconda", ProvinceId = province };
        Assert.True((await users.CreateAsync(user, "Prova-2026!")).Succeeded);
        await users.AddToRoleAsync(user, Roles.CdcOperator);
    }

    [Fact]
    public async Task Admin_CreatesRenamesDeactivates_WithItalianValidation()
    {
        var name = Unique("Cloud e migrazioni");
        var empty = await Assert.ThrowsAsync<RequestValidationException>(() => Groups(ProvinceAdmin, s => s.CreateAsync("  ")));
        Assert.Equal("Nome del gruppo: è obbligatorio.", empty.Errors["Name"]);
        var tooLong = await Assert.ThrowsAsync<RequestValidationException>(() => Groups(ProvinceAdmin, s => s.CreateAsync(new string('x', 101))));
        Assert.Equal("Nome del gruppo: al massimo 100 caratteri (ne ha 101).", tooLong.Errors["Name"]);

        var id = await Groups(ProvinceAdmin, s => s.CreateAsync(name));
        var duplicate = await Assert.ThrowsAsync<RequestValidationException>(() => Groups(ProvinceAdmin, s => s.CreateAsync(name.ToUpperInvariant())));
        Assert.Contains("esiste già un gruppo", duplicate.Errors["Name"]);
        // Only administrators create groups.
        await Assert.ThrowsAsync<RequestForbiddenException>(() => Groups(Cdc, s => s.CreateAsync(Unique("Gruppo dell'operatore"))));

        var renamed = Unique("Cloud, migrazioni e backup");
        var v = (await DetailsAsync(id)).RowVersion;
        v = await Groups(ProvinceAdmin, s => s.RenameAsync(id, renamed, v));
        // A page opened before the rename cannot overwrite it.
        var stale = await Assert.ThrowsAsync<RequestConcurrencyException>(() => Groups(ProvinceAdmin, s => s.RenameAsync(id, "Vecchio nome", v - 1)));
        Assert.Equal(OperatorGroupService.GroupChanged, stale.Message);

        Assert.Contains(await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<CatalogueService>().ListGroupsAsync()), g => g.Name == renamed);
        await Groups(ProvinceAdmin, s => s.SetActiveAsync(id, false, v));
        var details = await DetailsAsync(id);
        Assert.Equal((renamed, false), (details.Name, details.IsActive));
        // A deactivated group is listed only on request and is no longer offered nor accepted for assignment.
        Assert.DoesNotContain(await Groups(ProvinceAdmin, s => s.ListAsync(includeInactive: false)), g => g.Id == id);
        Assert.Contains(await Groups(ProvinceAdmin, s => s.ListAsync(includeInactive: true)), g => g.Id == id && !g.IsActive);
        Assert.DoesNotContain(await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<CatalogueService>().ListGroupsAsync()), g => g.Name == renamed);
        var request = await factory.FileWebsiteRequestAsync(Unique("Assegnazione a gruppo disattivato"));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            factory.ActAsync(Cdc, request, RequestAction.Assegna, new ActionInput { AssignedGroupId = id }));
        Assert.Equal("Assegnazione: il gruppo scelto non esiste in questa Provincia o è disattivato.", refused.Errors["AssignedGroupId"]);
    }

    [Fact]
    public async Task Members_AreCdcOperatorsOfTheProvince_CoordinatorsManageTheirGroup()
    {
        await EnsureSecondCdcAsync();
        var id = await Groups(ProvinceAdmin, s => s.CreateAsync(Unique("Privacy e sicurezza")));
        var cdc = await UserIdAsync(Cdc);
        var second = await UserIdAsync(SecondCdc);
        var adminId = await UserIdAsync(ProvinceAdmin);
        var brescia = await UserIdAsync(CdcBrescia);
        var candidates = (await DetailsAsync(id)).Candidates.Select(c => c.Id).ToList();
        Assert.Contains(cdc, candidates);
        Assert.Contains(second, candidates);
        Assert.DoesNotContain(adminId, candidates);
        Assert.DoesNotContain(brescia, candidates);

        var v = await Groups(ProvinceAdmin, s => s.AddMemberAsync(id, cdc, coordinator: true, 0));
        // Not a competence-centre operator (the Province administrator), another Province's operator, twice the same: refused by name.
        var admin = await Assert.ThrowsAsync<RequestValidationException>(() => Groups(ProvinceAdmin, s => s.AddMemberAsync(id, adminId, false, v)));
        Assert.Equal("Membro: l'utente scelto non è un operatore attivo del Centro di Competenza di questa Provincia.", admin.Errors["UserId"]);
        await Assert.ThrowsAsync<RequestValidationException>(() => Groups(ProvinceAdmin, s => s.AddMemberAsync(id, brescia, false, v)));
        var twice = await Assert.ThrowsAsync<RequestValidationException>(() => Groups(ProvinceAdmin, s => s.AddMemberAsync(id, cdc, false, v)));
        Assert.Contains("fa già parte del gruppo", twice.Errors["UserId"]);

        // The coordinator adds and removes members and renames, but neither names coordinators nor deactivates.
        v = await Groups(Cdc, s => s.AddMemberAsync(id, second, coordinator: false, v));
        await Assert.ThrowsAsync<RequestForbiddenException>(() => Groups(Cdc, s => s.SetActiveAsync(id, false, v)));
        await Assert.ThrowsAsync<RequestForbiddenException>(() => Groups(Cdc, s => s.SetCoordinatorAsync(id, second, true, v)));
        var members = (await DetailsAsync(id)).Members;
        Assert.Equal([(cdc, true), (second, false)], members.OrderBy(m => m.UserId == second).Select(m => (m.UserId, m.IsCoordinator)));
        // A plain member may not change the group.
        await Assert.ThrowsAsync<RequestForbiddenException>(() => Groups(SecondCdc, s => s.RenameAsync(id, "Preso in mano", v)));
        Assert.False((await Groups(SecondCdc, s => s.GetAsync(id)))!.CanManage);
        v = await Groups(Cdc, s => s.RemoveMemberAsync(id, second, v));
        Assert.Equal([cdc], (await DetailsAsync(id)).Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task Isolation_AnotherProvincesGroupIsNotFound_AndComuneUsersAreRefused()
    {
        await factory.EnsureExtraUsersAsync();
        var id = await Groups(ProvinceAdmin, s => s.CreateAsync(Unique("Siti web di Treviso")));
        Assert.Null(await Groups(CdcBrescia, s => s.GetAsync(id)));
        Assert.DoesNotContain(await Groups(CdcBrescia, s => s.ListAsync(includeInactive: true)), g => g.Id == id);
        await Assert.ThrowsAsync<RequestNotFoundException>(() => Groups(CdcBrescia, s => s.RenameAsync(id, "Presa da Brescia", 0)));
        await Assert.ThrowsAsync<RequestForbiddenException>(() => Groups(Comune, s => s.ListAsync(includeInactive: false)));
        Assert.Equal(id, (await Groups(ProvinceAdmin, s => s.GetAsync(id)))!.Id);
    }

    [Fact]
    public async Task MyGroupRequests_ListsWhatIsAssignedToTheUsersGroups_Only()
    {
        await EnsureSecondCdcAsync();
        var groupId = await Groups(ProvinceAdmin, s => s.CreateAsync(Unique("pagoPA avanzato")));
        var second = await UserIdAsync(SecondCdc);
        await Groups(ProvinceAdmin, s => s.AddMemberAsync(groupId, second, false, 0));
        var assigned = await factory.FileWebsiteRequestAsync(Unique("Per il gruppo pagoPA"));
        var other = await factory.FileWebsiteRequestAsync(Unique("Non assegnata al gruppo"));
        await factory.ActAsync(Cdc, assigned, RequestAction.Assegna, new ActionInput { AssignedGroupId = groupId });

        Assert.Contains(await Groups(SecondCdc, s => s.ListMyGroupsAsync()), g => g.Id == groupId.ToString());
        var (mine, total) = await Groups(SecondCdc, s => s.ListGroupRequestsAsync(null, onlyOpen: true, 0, 25));
        Assert.Equal(1, total);
        Assert.Equal(assigned, Assert.Single(mine).Id);
        Assert.Equal(1, (await Groups(SecondCdc, s => s.ListGroupRequestsAsync(groupId, true, 0, 25))).Total);
        Assert.DoesNotContain(mine, r => r.Id == other);
        // cdc is not in the new group: asking for it by id gives nothing; Brescia's operator gets nothing either.
        Assert.DoesNotContain((await Groups(Cdc, s => s.ListGroupRequestsAsync(groupId, false, 0, 25))).Items, r => r.Id == assigned);
        Assert.Equal(0, (await Groups(CdcBrescia, s => s.ListGroupRequestsAsync(groupId, false, 0, 25))).Total);
        Assert.Equal(0, (await Groups(Comune, s => s.ListGroupRequestsAsync(null, false, 0, 25))).Total);
        // The group's open requests are counted on the list of groups.
        Assert.Equal(1, (await Groups(ProvinceAdmin, s => s.ListAsync(false))).Single(g => g.Id == groupId).OpenRequests);
    }
}
