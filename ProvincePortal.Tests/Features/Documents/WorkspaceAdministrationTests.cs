using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Documents;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>"Personalizzato" workspaces: who creates them, who sees them, what archiving and removing a member do.</summary>
public sealed class WorkspaceAdministrationTests(DocumentsFactory factory) : IClassFixture<DocumentsFactory>
{
    private const string ProvinceAdmin = "provincia@demo.it";
    private const string PlatformAdmin = "admin@demo.it";

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private Task<T> AsAdminAsync<T>(string email, Func<WorkspaceAdministrationService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<WorkspaceAdministrationService>()));

    private async Task<bool> SeesAsync(string email, int workspaceId) =>
        (await factory.AsAsync(email, s => s.ListWorkspacesAsync())).Any(w => w.Id == workspaceId)
        && await factory.AsAsync(email, s => s.GetWorkspaceAsync(workspaceId)) is not null;

    [Fact]
    public async Task CustomWorkspace_MembersAndProvinceAdminsOnly_ArchiveMakesItReadOnly_RemovedMemberLosesAccess()
    {
        var sua = await UserIdAsync("sua@demo.it");
        var comune = await UserIdAsync("comune@demo.it");
        var id = await AsAdminAsync(ProvinceAdmin, s => s.CreateAsync(null, "Tavolo PNRR Sinistra Piave", "Progetti comuni", [sua, comune]));

        Assert.True(await SeesAsync("sua@demo.it", id));
        Assert.True(await SeesAsync("comune@demo.it", id));
        Assert.True(await SeesAsync(ProvinceAdmin, id));
        Assert.False(await SeesAsync("europa@demo.it", id));
        Assert.False(await SeesAsync("sua.bs@demo.it", id));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => factory.AsAsync("europa@demo.it", s => s.ListDocumentsAsync(id, null, 0, 10)));

        // A Comune member writes; a non-member guessing the document id gets "not found".
        var doc = await factory.UploadAsync("comune@demo.it", id, "verbale-tavolo.txt", "verbale del tavolo");
        Assert.NotNull(await factory.AsAsync("sua@demo.it", s => s.GetDocumentAsync(doc)));
        Assert.Null(await factory.AsAsync("europa@demo.it", s => s.GetDocumentAsync(doc)));
        Assert.Null(await factory.AsAsync("europa@demo.it", s => s.OpenVersionAsync(doc, null)));

        await AsAdminAsync(ProvinceAdmin, async s => { await s.UpdateAsync(id, "Tavolo PNRR", null, [sua]); return 0; });
        Assert.False(await SeesAsync("comune@demo.it", id));
        Assert.Null(await factory.AsAsync("comune@demo.it", s => s.GetDocumentAsync(doc)));
        var details = await AsAdminAsync(ProvinceAdmin, s => s.GetAsync(id));
        Assert.Equal("Tavolo PNRR", details!.Name);
        Assert.Equal([sua], details.Members.Select(m => m.UserId));

        await AsAdminAsync(ProvinceAdmin, async s => { await s.SetArchivedAsync(id, true); return 0; });
        Assert.DoesNotContain(id, (await factory.AsAsync("sua@demo.it", s => s.ListWorkspacesAsync())).Select(w => w.Id));
        var archived = await factory.AsAsync("sua@demo.it", s => s.GetWorkspaceAsync(id));
        Assert.False(archived!.CanWrite);
        var refused = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.UploadAsync("sua@demo.it", id, "dopo.txt", "tardi"));
        Assert.Contains("Non è consentito modificare", refused.Message);
        Assert.NotNull(await factory.AsAsync("sua@demo.it", s => s.GetDocumentAsync(doc)));
    }

    [Fact]
    public async Task Members_MustBelongToTheProvince_OtherProvincesAndNonAdminsGetNotFound()
    {
        var suaBrescia = await UserIdAsync("sua.bs@demo.it");
        var sua = await UserIdAsync("sua@demo.it");

        var foreign = await Assert.ThrowsAsync<DocumentValidationException>(() =>
            AsAdminAsync(ProvinceAdmin, s => s.CreateAsync(null, "Con estranei", null, [sua, suaBrescia])));
        Assert.StartsWith("Membri:", foreign.Message);
        var noName = await Assert.ThrowsAsync<DocumentValidationException>(() => AsAdminAsync(ProvinceAdmin, s => s.CreateAsync(null, "  ", null, [sua])));
        Assert.StartsWith("Nome:", noName.Message);

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => AsAdminAsync("sua@demo.it", s => s.CreateAsync(null, "Abusivo", null, [sua])));

        // The platform administrator creates one in Brescia: Treviso's provincial administrator cannot see nor change it.
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var brescia = await db.Provinces.Where(p => p.Sigla == "BS").Select(p => p.Id).SingleAsync();
            var id = await AsAdminAsync(PlatformAdmin, s => s.CreateAsync(brescia, "Tavolo Brescia", null, [suaBrescia]));
            Assert.Null(await AsAdminAsync(ProvinceAdmin, s => s.GetAsync(id)));
            Assert.DoesNotContain(id, (await AsAdminAsync(ProvinceAdmin, s => s.ListAsync(true, 0, 100))).Items.Select(w => w.Id));
            await Assert.ThrowsAsync<DocumentNotFoundException>(() => AsAdminAsync(ProvinceAdmin, async s => { await s.SetArchivedAsync(id, true); return 0; }));
            Assert.Empty(await AsAdminAsync(ProvinceAdmin, s => s.SearchCandidatesAsync(brescia, "Bruno")));
            Assert.False(await SeesAsync(ProvinceAdmin, id));
            Assert.True(await SeesAsync("sua.bs@demo.it", id));
        }
    }

    [Fact]
    public async Task SearchCandidates_FindsProvinceAndComuneUsers()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var treviso = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        var found = await AsAdminAsync(ProvinceAdmin, s => s.SearchCandidatesAsync(treviso, "conegliano"));
        var marco = Assert.Single(found);
        Assert.Equal("comune@demo.it", marco.Email);
        Assert.Equal("Conegliano", marco.ComuneName);
    }
}
