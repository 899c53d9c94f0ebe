using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls.Partners;
using ProvincePortal.Features.EuCalls.Partners.Components;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The partner-search form shows each broken rule under its field, without sending anything.</summary>
public sealed class PartnerFormTests : BunitTestBase
{
    private readonly MigratedDatabase database = new();

    public PartnerFormTests()
    {
        Services.AddSingleton(_ => database);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp => sp.GetRequiredService<MigratedDatabase>());
        Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<PartnerService>();
    }

    [Fact]
    public async Task Save_WithMissingAndInvalidFields_ShowsTheRulesAndWritesNothing()
    {
        Services.GetRequiredService<CurrentUser>().Set(new PortalPrincipal("u1", "europa@demo.it", "Elena", 1, null, new HashSet<string> { Roles.EuropeOperator }));
        Render<MudPopoverProvider>();
        var form = Render<PartnerForm>(p => p.Add(x => x.Input, new PartnerInput { Title = "", ContactEmail = "non-una-mail", Deadline = DateTime.Today.AddDays(10) }));

        form.Find("[data-testid=save-announcement]").Click();

        Assert.Contains("Il titolo è obbligatorio.", form.Find("[data-testid=field-title]").Closest(".mud-input-control")!.TextContent);
        Assert.Contains("E-mail di contatto non valida: «non-una-mail».", form.Find("[data-testid=field-email]").Closest(".mud-input-control")!.TextContent);
        Assert.Contains("Indicare almeno un tema.", form.Markup);
        Assert.Equal("Correggere i campi segnalati.", form.Find("[data-testid=form-error]").TextContent.Trim());
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.PartnerAnnouncements.CountAsync());
    }
}
