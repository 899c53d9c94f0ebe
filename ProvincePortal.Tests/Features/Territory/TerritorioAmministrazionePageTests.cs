using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;
using ProvincePortal.Features.Territory.Components;
using ProvincePortal.Features.Territory.IndicePa;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>The admin page's upload → preview → apply flow, rendered with bUnit on a real migrated database.</summary>
public sealed class TerritorioAmministrazionePageTests : BunitTestBase
{
    private readonly MigratedDatabase database = new();

    public TerritorioAmministrazionePageTests()
    {
        // Registered through a factory so that the container disposes (deletes) the database with the test context.
        Services.AddSingleton(_ => database);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp => sp.GetRequiredService<MigratedDatabase>());
        Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<TerritoryQueries>();
        Services.AddScoped<IstatImportService>();
        Services.AddScoped<IpaImportService>();
        Services.AddSingleton(new DataOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = database.Database.ConnectionString, DataDirectory = database.Database.DataDirectory });
        Services.AddLogging();
    }

    private IRenderedComponent<TerritorioAmministrazionePage> RenderAs(params string[] roles)
    {
        Services.GetRequiredService<CurrentUser>().Set(new PortalPrincipal("u1", "admin@demo.it", "Anna Amministratrice", null, null, roles.ToHashSet()));
        Render<MudPopoverProvider>();
        return Render<TerritorioAmministrazionePage>();
    }

    private static string TmpDir(MigratedDatabase db) => Path.Combine(db.Database.DataDirectory, "tmp");

    [Fact]
    public async Task Upload2020After2019_ShowsThePreviewThenAppliesIt()
    {
        await new IstatImportService(database).ImportFileAsync(IstatSamples.File2019, null, "test");
        var page = RenderAs(Roles.PlatformAdmin);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(
            await File.ReadAllBytesAsync(IstatSamples.File2020), "Elenco-comuni-italiani-2020-01-01.csv"));

        page.WaitForAssertion(() => Assert.Equal("importati: 3, aggiornati: 4, scartati: 0, soppressi: 13",
            page.Find("[data-testid=preview-summary]").TextContent.Trim()), TimeSpan.FromSeconds(60));
        Assert.Contains("Comuni soppressi (13)", page.Markup);
        Assert.Contains("Nuovi Comuni (3)", page.Markup);
        Assert.Single(Directory.GetFiles(TmpDir(database)));
        await using (var db = database.CreateDbContext())
            Assert.Equal(1, await db.TerritoryEditions.CountAsync()); // the preview wrote nothing

        page.Find("[data-testid=apply-import]").Click();

        page.WaitForAssertion(() => Assert.Contains("Edizione del 01/01/2020 applicata: importati: 3, aggiornati: 4, scartati: 0, soppressi: 13.",
            page.Find("[data-testid=import-result]").TextContent), TimeSpan.FromSeconds(60));
        Assert.Contains("Elenco-comuni-italiani-2020-01-01.csv", page.Find("[data-testid=editions]").TextContent);
        Assert.Contains("Anna Amministratrice (admin@demo.it)", page.Find("[data-testid=editions]").TextContent);
        Assert.Empty(Directory.GetFiles(TmpDir(database)));
        await using var after = database.CreateDbContext();
        Assert.Equal(13, await after.Comuni.CountAsync(c => c.SuppressedOn == new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public async Task UploadOfATruncatedFile_ShowsWhereItIsBrokenAndOffersNoApply()
    {
        var (header, lines) = IstatSamples.Split2020();
        lines[^1] = lines[^1][..40];
        var page = RenderAs(Roles.PlatformAdmin);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(
            IstatSamples.Build(header, lines, finalNewline: false), "comuni-2020-01-01.csv"));

        page.WaitForAssertion(() => Assert.Contains($"comuni-2020-01-01.csv, riga {IstatSamples.LineOf(lines.Count - 1)}: 7 campi invece di 23",
            page.Find("[data-testid=import-errors]").TextContent), TimeSpan.FromSeconds(60));
        Assert.Empty(page.FindAll("[data-testid=apply-import]"));
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Comuni.CountAsync());
    }

    [Fact]
    public void ProvinceAdministrator_SeesNoImportPanel()
    {
        var page = RenderAs(Roles.ProvinceAdmin);
        Assert.Contains("Edizioni importate", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=import-panel]"));
        Assert.Empty(page.FindAll("[data-testid=ipa-panel]"));
    }

    [Fact]
    public async Task IndicePaUpload_ShowsThePreviewThenAppliesItAndListsTheRun()
    {
        await new IstatImportService(database).ImportFileAsync(IstatSamples.File2020, null, "test");
        var page = RenderAs(Roles.PlatformAdmin);

        page.FindComponent<IpaImportPanel>().FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(
            await File.ReadAllBytesAsync(IpaSamples.Sample), "enti.csv"));

        const string summary = "righe: 16, Comuni collegati: 5, Province collegate: 7, PEC nuove: 5, PEC cambiate: 0, invariati: 0, non collegati: 4, righe con errori: 0";
        page.WaitForAssertion(() => Assert.Equal(summary, page.Find("[data-testid=ipa-preview] [data-testid=ipa-summary]").TextContent.Trim()), TimeSpan.FromSeconds(60));
        Assert.Contains("Categoria L6 ma non è un Comune (consorzio, unione o associazione): 1", page.Find("[data-testid=ipa-not-linked]").TextContent);
        await using (var db = database.CreateDbContext())
            Assert.Equal(0, await db.IpaImportRuns.CountAsync());

        page.Find("[data-testid=ipa-apply]").Click();

        page.WaitForAssertion(() => Assert.Equal(summary, page.Find("[data-testid=ipa-result] [data-testid=ipa-summary]").TextContent.Trim()), TimeSpan.FromSeconds(60));
        Assert.Contains("comune.cormons@certgov.fvg.it", page.Find("[data-testid=ipa-changes]").TextContent);
        Assert.Contains("Anna Amministratrice (admin@demo.it)", page.Find("[data-testid=ipa-runs]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=ipa-apply]"));
        Assert.Empty(Directory.GetFiles(TmpDir(database)));
    }
}
