using System.Net;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Audit;

/// <summary>Who sees which entries, through the service and through the Excel export.</summary>
public class AuditServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PortalUser> UserAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    private Task<T> AsAsync<T>(string email, Func<AuditService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<AuditService>()));

    [Fact]
    public async Task History_IsLimitedToTheUsersProvince()
    {
        var treviso = await UserAsync("sua@demo.it");
        var brescia = await UserAsync("sua.bs@demo.it");

        var bsSeesOwn = await AsAsync("sua.bs@demo.it", a => a.GetHistoryAsync("PortalUser", brescia.Id, 0, 20));
        var bsSeesTreviso = await AsAsync("sua.bs@demo.it", a => a.GetHistoryAsync("PortalUser", treviso.Id, 0, 20));
        var tvSeesBrescia = await AsAsync("provincia@demo.it", a => a.GetHistoryAsync("PortalUser", brescia.Id, 0, 20));
        var platformSeesBrescia = await AsAsync("admin@demo.it", a => a.GetHistoryAsync("PortalUser", brescia.Id, 0, 20));

        Assert.Contains(bsSeesOwn.Items, e => e.Action == AuditAction.Inserimento);
        Assert.Empty(bsSeesTreviso.Items);
        Assert.Equal(0, bsSeesTreviso.TotalItems);
        Assert.Empty(tvSeesBrescia.Items);
        Assert.Equal(bsSeesOwn.TotalItems, platformSeesBrescia.TotalItems);
    }

    [Fact]
    public async Task Registry_ProvinceAdminSeesOnlyHisProvince_PlatformAdminSeesAll()
    {
        var treviso = (await UserAsync("provincia@demo.it")).ProvinceId;
        var brescia = (await UserAsync("sua.bs@demo.it")).ProvinceId;

        var provincial = await AsAsync("provincia@demo.it", a => a.SearchAsync(new AuditFilter(), null, true, 0, 500));
        var platform = await AsAsync("admin@demo.it", a => a.SearchAsync(new AuditFilter(), null, true, 0, 500));

        Assert.NotEmpty(provincial.Items);
        Assert.All(provincial.Items, e => Assert.Equal(treviso, e.ProvinceId));
        Assert.Contains(platform.Items, e => e.ProvinceId == brescia);
        Assert.Contains(platform.Items, e => e.ProvinceId == treviso);
        // Seeding ran as "sistema" with no Province: only the platform administrator sees those summary entries.
        Assert.Contains(platform.Items, e => e.ProvinceId is null);
        Assert.True(platform.TotalItems > provincial.TotalItems);
    }

    [Fact]
    public async Task Registry_IsRefusedToNonAdministrators()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            AsAsync("sua.bs@demo.it", a => a.SearchAsync(new AuditFilter(), null, true, 0, 10)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            AsAsync("comune@demo.it", a => a.ExportAsync(new AuditFilter())));
    }

    [Fact]
    public async Task Registry_FiltersByUserEntityActionTextAndPeriod()
    {
        var target = await UserAsync("europa@demo.it");
        await factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(target.Id);
            user!.FullName = "Elena Europa (fondi)";
            return await users.UpdateAsync(user);
        });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, ProvincePortal.Localization.Formats.Rome));

        var byUserAndField = await AsAsync("provincia@demo.it", a => a.SearchAsync(
            new AuditFilter(From: today, To: today, User: "PROVINCIA@", Entity: "PortalUser", Action: AuditAction.Modifica, Text: "fullname"), null, true, 0, 50));
        var byKey = await AsAsync("provincia@demo.it", a => a.SearchAsync(new AuditFilter(Text: target.Id[..8]), null, true, 0, 50));
        var tomorrow = await AsAsync("provincia@demo.it", a => a.SearchAsync(new AuditFilter(From: today.AddDays(1)), null, true, 0, 50));
        var otherUser = await AsAsync("provincia@demo.it", a => a.SearchAsync(new AuditFilter(User: "nessuno@", Entity: "PortalUser"), null, true, 0, 50));

        var entry = Assert.Single(byUserAndField.Items, e => e.EntityKey == target.Id);
        Assert.Equal("Elena Europa (fondi)", Assert.Single(entry.Changes).NewValue);
        Assert.All(byKey.Items, e => Assert.Contains(target.Id[..8], e.EntityKey));
        Assert.Contains(byKey.Items, e => e.Action == AuditAction.Inserimento);
        Assert.Equal(0, tomorrow.TotalItems);
        Assert.Equal(0, otherUser.TotalItems);
    }

    [Fact]
    public async Task Registry_ListsTheEntitiesTheUserCanSee()
    {
        var entities = await AsAsync("admin@demo.it", a => a.ListEntitiesAsync());
        Assert.Contains("PortalUser", entities);
        Assert.Contains("Comune", entities);
        var provincial = await AsAsync("provincia@demo.it", a => a.ListEntitiesAsync());
        Assert.DoesNotContain("Comune", provincial);
    }

    [Fact]
    public async Task ExcelExport_ForProvinceAdmin_IsAValidWorkbookOfHisProvince()
    {
        var client = await factory.LoginAsync("provincia@demo.it");
        var response = await client.GetAsync("/amministrazione/registro/excel?entita=PortalUser&azione=Inserimento");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditExcelExport.ContentType, response.Content.Headers.ContentType?.MediaType);
        var fileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        Assert.Matches(@"^registro-attivita-\d{4}-\d{2}-\d{2}\.xlsx$", fileName!.Trim('"'));

        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal(AuditExcelExport.Headers, Enumerable.Range(1, AuditExcelExport.Headers.Length).Select(c => sheet.Cell(1, c).GetString()));
        var rows = sheet.RowsUsed().Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Equal("TV", r.Cell(3).GetString());
            Assert.Equal("Inserimento", r.Cell(4).GetString());
            Assert.Equal("Utente", r.Cell(5).GetString());
        });
        var sua = await UserAsync("sua@demo.it");
        var fullName = Assert.Single(rows, r => r.Cell(6).GetString() == sua.Id && r.Cell(7).GetString() == "Nome e cognome");
        Assert.Equal("Silvia Stazione Appaltante", fullName.Cell(9).GetString());
        Assert.Equal(XLDataType.DateTime, fullName.Cell(1).DataType);
        Assert.Equal("dd/mm/yyyy hh:mm", fullName.Cell(1).Style.DateFormat.Format);
        Assert.True((DateTime.Now - fullName.Cell(1).GetDateTime()).Duration() < TimeSpan.FromDays(1));
        var brescia = await UserAsync("sua.bs@demo.it");
        Assert.DoesNotContain(rows, r => r.Cell(6).GetString() == brescia.Id);
    }

    [Fact]
    public async Task ExcelExport_ForComuneUser_IsForbidden()
    {
        var client = await factory.LoginAsync("comune@demo.it");
        var response = await client.GetAsync("/amministrazione/registro/excel");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"Risposta inattesa: {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.StartsWith("/account/accesso-negato", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ExcelExport_WithoutLogin_RedirectsToLogin()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/amministrazione/registro/excel");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/accedi", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ExcelExport_WithAnInvalidDate_ExplainsWhichParameter()
    {
        var client = await factory.LoginAsync("provincia@demo.it");
        var response = await client.GetAsync("/amministrazione/registro/excel?da=ieri");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'da'", await response.Content.ReadAsStringAsync());
    }
}
