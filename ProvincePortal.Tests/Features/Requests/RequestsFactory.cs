using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>Helpers over the demo data of Treviso's competence centre (catalogue, Conegliano, cdc) for the Richieste tests.</summary>
public static class RequestsTestData
{
    public const string Comune = "comune@demo.it";
    public const string Cdc = "cdc@demo.it";
    public const string Manager = "dirigente@demo.it";
    public const string ProvinceAdmin = "provincia@demo.it";
    public const string ComuneTreviso = "comune.treviso@prova.it";
    public const string CdcBrescia = "cdc.bs@prova.it";
    public const string Website = "Aggiornamento del sito istituzionale";

    public static Task<T> AsAsync<T>(this PortalFactory factory, string email, Func<RequestService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<RequestService>()));

    public static async Task<int> ServiceIdAsync(this PortalFactory factory, string name)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.CatalogServices.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    public static async Task<Dictionary<string, int>> FieldIdsAsync(this PortalFactory factory, int serviceId)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.ServiceFormFields.Where(f => f.ServiceId == serviceId && f.RemovedAtUtc == null).ToDictionaryAsync(f => f.Label, f => f.Id);
    }

    /// <summary>A request of Conegliano for the website service, with its one required field.</summary>
    public static async Task<int> FileWebsiteRequestAsync(this PortalFactory factory, string subject, string email = Comune)
    {
        var service = await factory.ServiceIdAsync(Website);
        var fields = await factory.FieldIdsAsync(service);
        return await factory.AsAsync(email, s => s.CreateAsync(service, new NewRequestInput
        {
            Subject = subject,
            Values = { [fields["Pagina da aggiornare (indirizzo)"]] = "https://www.comune.conegliano.tv.it/scuole" },
        }));
    }

    public static async Task<int> ActAsync(this PortalFactory factory, string email, int id, RequestAction action, ActionInput? input = null)
    {
        var version = (await factory.AsAsync(email, s => s.GetAsync(id)))!.RowVersion;
        return await factory.AsAsync(email, s => s.ActAsync(id, action, input ?? new ActionInput(), version));
    }

    /// <summary>Extra accounts the demo lacks: a Comune officer of Treviso and a competence-centre operator of Brescia.</summary>
    public static async Task EnsureExtraUsersAsync(this PortalFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await using var db = await factory.CreateSystemDbAsync();
        async Task Create(string email, string role, string sigla, string? cadastral)
        {
            if (await users.FindByEmailAsync(email) is not null) return;
            var province = await db.Provinces.Where(p => p.Sigla == sigla && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
            int? comune = cadastral is null ? null : await db.Comuni.Where(c => c.CadastralCode == cadastral).Select(c => c.Id).SingleAsync();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = email, ProvinceId = province, ComuneId = comune };
            var result = await users.CreateAsync(user, "Prova-2026!");
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }
        await Create(ComuneTreviso, Roles.ComuneUser, "TV", "L407");
        await Create(CdcBrescia, Roles.CdcOperator, "BS", null);
    }

    public static AttachmentUpload Text(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new AttachmentUpload(name, bytes.Length, () => new MemoryStream(bytes));
    }
}
