using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Documents;

namespace ProvincePortal.Tests.Features.Documents;

public sealed class DocumentTypeServiceTests(DocumentsFactory factory) : IClassFixture<DocumentsFactory>
{
    private const string Admin = "provincia@demo.it";

    private Task<T> AsAsync<T>(string email, Func<DocumentTypeService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<DocumentTypeService>()));

    private Task Do(string email, Func<DocumentTypeService, Task> action) => AsAsync(email, async s => { await action(s); return 0; });

    [Fact]
    public async Task AddRenameDeactivate_RenameCarriesOntoDocuments_DeactivatedTypeNotOfferedNorAccepted()
    {
        var id = await AsAsync(Admin, s => s.AddAsync("  Relazione   tecnica "));
        Assert.Contains("Relazione tecnica", await factory.AsAsync("sua@demo.it", s => s.ListDocumentTypesAsync()));
        var dup = await Assert.ThrowsAsync<DocumentValidationException>(() => AsAsync(Admin, s => s.AddAsync("relazione TECNICA")));
        Assert.Contains("esiste già", dup.Message);

        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        var doc = await factory.AsAsync("sua@demo.it", s => s.CreateAsync(
            new NewDocument { WorkspaceId = ws, DocumentType = "Relazione tecnica" }, DocumentsFactory.Utf8("relazione"), "relazione.txt"));

        await Do(Admin, s => s.RenameAsync(id, "Relazione tecnico-illustrativa"));
        Assert.Equal("Relazione tecnico-illustrativa", (await factory.AsAsync("sua@demo.it", s => s.GetDocumentAsync(doc)))!.DocumentType);

        var used = await Assert.ThrowsAsync<DocumentValidationException>(() => Do(Admin, s => s.DeleteAsync(id)));
        Assert.Contains("si può solo disattivare", used.Message);

        await Do(Admin, s => s.SetActiveAsync(id, false));
        Assert.DoesNotContain("Relazione tecnico-illustrativa", await factory.AsAsync("sua@demo.it", s => s.ListDocumentTypesAsync()));
        var refused = await Assert.ThrowsAsync<DocumentValidationException>(() => factory.AsAsync("sua@demo.it", s => s.CreateAsync(
            new NewDocument { WorkspaceId = ws, DocumentType = "Relazione tecnico-illustrativa" }, DocumentsFactory.Utf8("altra"), "altra.txt")));
        Assert.Contains("non è tra quelli attivi", refused.Message);
        // The document keeps its deactivated type through an edit of its other fields.
        await factory.AsAsync("sua@demo.it", async s => { await s.UpdateAsync(doc, "Relazione", null, null, "Relazione tecnico-illustrativa", null, null, null); return 0; });

        var row = (await AsAsync(Admin, s => s.ListAsync())).Single(t => t.Id == id);
        Assert.False(row.Active);
        Assert.Equal(1, row.DocumentCount);
    }

    [Fact]
    public async Task Delete_UnusedType_Removed_NonAdministratorsRefused()
    {
        var id = await AsAsync(Admin, s => s.AddAsync("Tipo provvisorio"));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Do("sua@demo.it", s => s.DeleteAsync(id)));
        await Do(Admin, s => s.DeleteAsync(id));
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.DocumentTypes.AnyAsync(t => t.Id == id));
    }
}
