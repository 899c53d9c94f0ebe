using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Data;

/// <summary>Demo tenants and accounts (Demo:Enabled=true): Treviso and Brescia, one account per role, password Demo-2026!.</summary>
public sealed class DemoSeeder(IDbContextFactory<PortalDbContext> factory, UserManager<PortalUser> users, Features.Documents.IDocumentStore store,
    Features.Agenda.AgendaImportService agendaImport, IConfiguration configuration, ILogger<DemoSeeder> logger)
{
    public const string Password = "Demo-2026!";

    public sealed record DemoAccount(string Email, string FullName, string Role, string ProvinceSigla, string? ComuneCadastralCode = null);

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.it", "Anna Amministratrice", Roles.PlatformAdmin, "TV"),
        new("provincia@demo.it", "Paolo Provinciale", Roles.ProvinceAdmin, "TV"),
        new("sua@demo.it", "Silvia Stazione Appaltante", Roles.SuaOperator, "TV"),
        new("europa@demo.it", "Elena Europa", Roles.EuropeOperator, "TV"),
        new("cdc@demo.it", "Carlo Competenza", Roles.CdcOperator, "TV"),
        new("dirigente@demo.it", "Daniela Dirigente", Roles.Manager, "TV"),
        new("comune@demo.it", "Marco Comune di Conegliano", Roles.ComuneUser, "TV", "C957"),
        new("sua.bs@demo.it", "Bruno SUA Brescia", Roles.SuaOperator, "BS"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        foreach (var account in Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is not null) continue;
            var province = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == account.ProvinceSigla && p.SuppressedOn == null, ct)
                ?? throw new InvalidOperationException($"Dati demo: la Provincia {account.ProvinceSigla} non è nel territorio importato.");
            int? comuneId = null;
            if (account.ComuneCadastralCode is { } code)
                comuneId = (await db.Comuni.FirstOrDefaultAsync(c => c.CadastralCode == code, ct))?.Id
                    ?? throw new InvalidOperationException($"Dati demo: il Comune con codice catastale {code} non è nel territorio importato.");

            var user = new PortalUser
            {
                UserName = account.Email, Email = account.Email, EmailConfirmed = true,
                FullName = account.FullName, ProvinceId = province.Id, ComuneId = comuneId,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Dati demo: impossibile creare {account.Email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            await users.AddToRoleAsync(user, account.Role);
            logger.LogInformation("Account demo creato: {Email} ({Role})", account.Email, account.Role);
        }
        // Procedures of the SUA of Treviso (once: skipped when Treviso already has procedures).
        await Features.Tenders.TenderDemoData.SeedAsync(db, ct);
        // Calls of the Servizio Europa (once: skipped when the demo calls exist).
        await Features.EuCalls.EuCallsDemoData.SeedAsync(db, ct);
        // A standard document (two versions with effective dates) in the SUA workspace of Treviso (once).
        await Features.Tenders.Documents.DemoTemplates.SeedAsync(db, store, ct);
        // The competence centre of Treviso: catalogue, calendar and a few requests of Conegliano (once).
        await Features.Requests.RequestsDemoData.SeedAsync(db, ct);
        // Agreements, quotas, contacts and a short log of a few Comuni of Treviso (once).
        await Features.Crm.CrmDemoData.SeedAsync(db, ct);
        // The real PA digitale 2026 data of two measures for every Comune (once).
        if (configuration.GetValue("Agenda:DemoData", true))
            await Features.Agenda.AgendaDemoData.SeedAsync(db, agendaImport, ct);
        // A periodic survey of Treviso's Comuni with a few answers (once).
        await Features.Questionari.QuestionariDemoData.SeedAsync(db, ct);
        // A demo Moodle instance (never called), three catalogue courses and their records, for the training dashboard (once).
        await Features.Formazione.FormazioneDemoData.SeedAsync(db, ct);
    }
}
