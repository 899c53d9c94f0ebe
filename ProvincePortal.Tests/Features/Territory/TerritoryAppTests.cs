using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Territory;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>The territory inside the real app: first-start seeding, the pages, who may import.</summary>
public class TerritoryAppTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task FirstStart_SeedsThe2020EditionOnce()
    {
        _ = factory.Services; // starts the host, which seeds
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal(7904, await db.Comuni.CountAsync());
        Assert.Equal(107, await db.Provinces.CountAsync());
        var edition = await db.TerritoryEditions.SingleAsync();
        Assert.Equal((new DateOnly(2020, 1, 1), "sistema (primo avvio)", 7904), (edition.EditionDate, edition.ImportedBy, edition.Created));
    }

    [Fact]
    public async Task TerritorioPage_SignedInComuneUser_ListsTheProvinces()
    {
        var client = await factory.LoginAsync("comune@demo.it");
        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/territorio"));
        Assert.Contains(">Territorio</h1>", html);
        Assert.Contains("Provincia di Treviso (TV)", html);
        Assert.Contains("Città metropolitana di Torino (TO)", html);
        Assert.Contains("Libero consorzio comunale di Agrigento (AG)", html);
    }

    [Fact]
    public async Task AdministrationPage_ProvinceAdmin_SeesEditionsButNoImport()
    {
        var client = await factory.LoginAsync("provincia@demo.it");
        var html = await client.GetStringAsync("/amministrazione/territorio");
        Assert.Contains("Edizioni importate", html);
        Assert.Contains("elenco-comuni-italiani-2020-01-01.csv", html);
        Assert.Contains("sistema (primo avvio)", html);
        Assert.DoesNotContain("data-testid=\"import-panel\"", html);
    }

    [Fact]
    public async Task AdministrationPage_PlatformAdmin_SeesTheImportPanel()
    {
        var client = await factory.LoginAsync("admin@demo.it");
        var html = await client.GetStringAsync("/amministrazione/territorio");
        Assert.Contains("data-testid=\"import-panel\"", html);
        Assert.Contains("Scegli il file CSV", html);
    }

    [Fact]
    public async Task AdministrationPage_ComuneUser_IsDenied()
    {
        var client = await factory.LoginAsync("comune@demo.it");
        var response = await client.GetAsync("/amministrazione/territorio");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/accesso-negato", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Import_ByAProvinceAdmin_IsRefusedByTheService()
    {
        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => factory.AsUserAsync("provincia@demo.it", sp =>
            sp.GetRequiredService<IstatImportService>().PreviewAsync(new IstatImportRequest(IstatSamples.File2020))));
        Assert.Contains("amministratore di piattaforma", ex.Message);
    }

    [Fact]
    public async Task Preview_ByThePlatformAdmin_OfTheSeedEdition_ChangesNothing()
    {
        var preview = await factory.AsUserAsync("admin@demo.it", sp =>
            sp.GetRequiredService<IstatImportService>().PreviewAsync(new IstatImportRequest(IstatSamples.File2020)));
        Assert.Equal("importati: 0, aggiornati: 0, scartati: 0, soppressi: 0", preview.Counts.SummaryLine);
        Assert.Empty(preview.Changes);
    }

    [Fact]
    public async Task SearchComuni_ByProvinceAndName_PagesOnTheServer()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<TerritoryQueries>();
        var treviso = (await queries.ListProvinceSummariesAsync()).Single(p => p.Sigla == "TV");
        Assert.Equal(94, treviso.Comuni);

        var (page, total) = await queries.SearchComuniAsync(new ComuneSearch(treviso.Id, null, false, 1, 25));
        Assert.Equal(94, total);
        Assert.Equal(25, page.Count);

        var (found, count) = await queries.SearchComuniAsync(new ComuneSearch(treviso.Id, "CONEG", false, 0, 25));
        Assert.Equal(1, count);
        Assert.Equal(("C957", "026021", 34428, "TV"), (found[0].CadastralCode, found[0].IstatCode, found[0].Population, found[0].ProvinceSigla));

        var (bozen, _) = await queries.SearchComuniAsync(new ComuneSearch(null, "bozen", false, 0, 25));
        Assert.Equal("Bolzano", Assert.Single(bozen).Name);

        var (byPopulation, _) = await queries.SearchComuniAsync(new ComuneSearch(null, null, false, 0, 3, nameof(ComuneRow.Population), true));
        Assert.Equal(["Roma", "Milano", "Napoli"], byPopulation.Select(c => c.Name));
    }
}
