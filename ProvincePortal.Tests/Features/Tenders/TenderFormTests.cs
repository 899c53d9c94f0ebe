using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Tenders.Components;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>The procedure form shows, under each field, the rule the value breaks: from its own checks and from the service.</summary>
public sealed class TenderFormTests : BunitTestBase
{
    private readonly MigratedDatabase database = new();

    public TenderFormTests()
    {
        Services.AddSingleton(_ => database);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp => sp.GetRequiredService<MigratedDatabase>());
        Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<PortalDbFactory>();
        Services.AddSingleton(ThresholdRules.Default);
        Services.AddMemoryCache();
        Services.AddSingleton<ProvincePortal.Hosting.FilterChoices>();
        Services.AddScoped<TenderService>();
    }

    private IRenderedComponent<TenderForm> Render(TenderInput input, string role = Roles.SuaOperator)
    {
        Services.GetRequiredService<CurrentUser>().Set(new PortalPrincipal("u1", "sua@demo.it", "Silvia", 1, null, new HashSet<string> { role }));
        Render<MudPopoverProvider>();
        return Render<TenderForm>(p => p.Add(x => x.Input, input).Add(x => x.Committenti, [new CommittenteOption(null, "Provincia di Prova")]));
    }

    /// <summary>The text of a field's whole control (label, input, helper/error line): the test id sits on the input itself.</summary>
    private static string FieldText(IRenderedComponent<TenderForm> form, string testId) =>
        form.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    [Fact]
    public void Save_WithInvalidIdentifiers_ShowsEachRuleUnderItsField()
    {
        var form = Render(new TenderInput
        {
            Oggetto = "Prova", SceltaContraente = "6", Cpv = "45233141-8", Cup = "E37H2200123000",
            CommittenteCodiceFiscale = "80008870264", RupCodiceFiscale = "RSSMRA80A01H501X",
        });

        form.Find("[data-testid=save-tender]").Click();

        Assert.Contains("Codice CPV non valido: la cifra di controllo di 45233141 è 9, non 8.", FieldText(form, "field-cpv"));
        Assert.Contains("Il CUP deve avere 15 caratteri (ne ha 14).", FieldText(form, "field-cup"));
        Assert.Contains("Codice fiscale numerico non valido: la cifra di controllo dovrebbe essere 5, non 4.", FieldText(form, "field-cf-committente"));
        Assert.Contains("il carattere di controllo dovrebbe essere U, non X", FieldText(form, "field-cf-rup"));
        Assert.DoesNotContain("non valido", FieldText(form, "field-oggetto"));
        Assert.Equal("Correggere i campi segnalati.", form.Find("[data-testid=form-error]").TextContent.Trim());
    }

    [Fact]
    public void TypingAFixedValue_AndSavingAgain_ClearsTheFieldMessage()
    {
        var input = new TenderInput { Oggetto = "Prova", SceltaContraente = "6", Cpv = "45233141-8", ComuneId = 999_999 };
        var form = Render(input);
        form.Find("[data-testid=save-tender]").Click();
        Assert.Contains("Codice CPV non valido", FieldText(form, "field-cpv"));

        form.Find("[data-testid=field-cpv]").Change("45233141-9");
        form.Find("[data-testid=save-tender]").Click();

        // The CPV is fine now; what remains is refused by the service (the Comune is not in the Province's territory).
        form.WaitForAssertion(() => Assert.Contains("Il Comune committente non appartiene al territorio della Provincia.", form.Markup));
        Assert.DoesNotContain("Codice CPV non valido", FieldText(form, "field-cpv"));
        Assert.Equal("45233141-9", input.Cpv);
    }

    [Fact]
    public void ServiceRefusal_IsShownUnderTheFieldItNames()
    {
        var form = Render(new TenderInput { Oggetto = "Prova", SceltaContraente = "6", ComuneId = 999_999 });
        form.Find("[data-testid=save-tender]").Click();
        form.WaitForAssertion(() => Assert.Contains("Il Comune committente non appartiene al territorio della Provincia.", form.Markup));
    }

    [Fact]
    public void ThresholdWarning_IsShownWhenTheProcedureTypeDoesNotFitTheAmount()
    {
        var form = Render(new TenderInput
        {
            Oggetto = "Prova", Tipo = ContractType.Lavori, SceltaContraente = TenderCodeLists.AffidamentoDiretto, ImportoBase = 200_000m,
            DataPubblicazione = new DateTime(2026, 3, 1),
        });
        form.FindAll("button").Single(b => b.TextContent.Contains("Verifica soglie")).Click();
        Assert.StartsWith("Affidamento diretto per € 200.000,00", form.Find("[data-testid=threshold-finding]").TextContent.Trim());
    }

    [Fact]
    public void ReadOnlyForm_HasNoSaveButton()
    {
        Services.GetRequiredService<CurrentUser>().Set(new PortalPrincipal("u2", "dirigente@demo.it", "Daniela", 1, null, new HashSet<string> { Roles.Manager }));
        Render<MudPopoverProvider>();
        var form = Render<TenderForm>(p => p.Add(x => x.Input, new TenderInput { Oggetto = "Prova" }).Add(x => x.ReadOnly, true));
        Assert.Empty(form.FindAll("[data-testid=save-tender]"));
    }
}
