using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Documents.Components;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>The linked-documents panel that other modules put on their record pages, on the app's real database and store.</summary>
public sealed class DocumentiCollegatiTests(DocumentsFactory factory) : BunitTestBase, IClassFixture<DocumentsFactory>
{
    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("token-di-prova", "__RequestVerificationToken");
    }

    private async Task ActAsAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
        var currentUser = new CurrentUser(factory.Services, new HttpContextAccessor());
        currentUser.Set(new PortalPrincipal(user.Id, user.UserName, user.FullName, user.ProvinceId, user.ComuneId, roles.ToHashSet()));
        var dbFactory = new PortalDbFactory(factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), currentUser);
        Services.AddSingleton(new DocumentService(dbFactory, currentUser, factory.Services.GetRequiredService<IDocumentStore>(),
            factory.Services.GetRequiredService<IOptions<DocumentOptions>>(), factory.Services.GetRequiredService<DataOptions>(),
            factory.Services.GetRequiredService<DocumentIndexSignal>(), NullLogger<DocumentService>.Instance));
        Services.AddSingleton(factory.Services.GetRequiredService<IOptions<DocumentOptions>>());
        Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
    }

    [Fact]
    public async Task ListsLinkedDocuments_LinksAnExistingOne_UnlinksKeepingTheDocument()
    {
        var record = Guid.NewGuid().ToString("N")[..8];
        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        var linked = await factory.AsAsync("sua@demo.it", s => s.CreateAsync(
            new NewDocument { WorkspaceId = ws, Title = "Capitolato " + record, LinkedModule = "gare", LinkedRecordId = record },
            DocumentsFactory.Utf8("capitolato"), "capitolato.txt"));
        var free = await factory.UploadAsync("sua@demo.it", ws, "disciplinare.txt", "disciplinare", "Disciplinare " + record);
        await ActAsAsync("sua@demo.it");
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var panel = Render<DocumentiCollegati>(p => p.Add(x => x.Module, "gare").Add(x => x.RecordId, record)
            .Add(x => x.ServiceWorkspace, WorkspaceKind.ServizioSua).Add(x => x.CanEdit, true));

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=linked-row]")), TimeSpan.FromSeconds(15));
        Assert.Equal(linked.ToString(), panel.Find("[data-testid=linked-row]").GetAttribute("data-document-id"));
        Assert.Contains("Capitolato " + record, panel.Find("[data-testid=linked-row]").TextContent);
        // New files go to the user's SUA workspace, linked to this record.
        Assert.Contains($"/documenti/carica?spazio={ws}&modulo=gare&scheda={record}", panel.FindComponent<CaricamentoFile>().Instance.Url);

        panel.WaitForAssertion(() => panel.Find("[data-testid=linked-open-search] button, button[data-testid=linked-open-search]"), TimeSpan.FromSeconds(15));
        panel.Find("[data-testid=linked-open-search] button, button[data-testid=linked-open-search]").Click();
        // The click is dispatched on the renderer; wait for the search field instead of assuming the render already happened.
        panel.WaitForAssertion(() => panel.Find("[data-testid=linked-search] input, input[data-testid=linked-search]"), TimeSpan.FromSeconds(15));
        panel.Find("[data-testid=linked-search] input, input[data-testid=linked-search]").Input("Disciplinare " + record);
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=linked-candidate]")), TimeSpan.FromSeconds(15));
        panel.Find("[data-testid=linked-candidate] button").Click();
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=linked-row]").Count), TimeSpan.FromSeconds(15));

        panel.Find($"[data-document-id='{linked}'] [data-testid=linked-unlink]").Click();
        panel.WaitForAssertion(() => Assert.Equal(free.ToString(), Assert.Single(panel.FindAll("[data-testid=linked-row]")).GetAttribute("data-document-id")), TimeSpan.FromSeconds(15));
        var unlinked = await factory.AsAsync("sua@demo.it", s => s.GetDocumentAsync(linked));
        Assert.Null(unlinked!.LinkedModule);
        Assert.Null(unlinked.DeletedAtUtc);
    }

    [Fact]
    public async Task ReadOnly_ShowsNoEditingControls_AndOtherProvincesSeeNothing()
    {
        var record = Guid.NewGuid().ToString("N")[..8];
        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        await factory.AsAsync("sua@demo.it", s => s.CreateAsync(
            new NewDocument { WorkspaceId = ws, LinkedModule = "gare", LinkedRecordId = record }, DocumentsFactory.Utf8("offerta"), "offerta.txt"));
        await ActAsAsync("sua.bs@demo.it");

        var panel = Render<DocumentiCollegati>(p => p.Add(x => x.Module, "gare").Add(x => x.RecordId, record).Add(x => x.CanEdit, false));

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=linked-empty]")));
        Assert.Empty(panel.FindAll("[data-testid=linked-open-search]"));
        Assert.Empty(panel.FindComponents<CaricamentoFile>());
    }
}
