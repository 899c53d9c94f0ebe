using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Data;

/// <summary>
/// Brings the database to the current schema and, for the web app only, fills a new installation:
/// roles, the ISTAT territory, demo data (when Demo:Enabled) and the first administrator.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<PortalDbContext> factory,
    RoleManager<IdentityRole> roles,
    IstatImportService istat,
    DemoSeeder demo,
    FirstAdministrator firstAdministrator,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (await Features.Requests.RequestSearchSql.EnsureSqliteAsync(db, ct))
            logger.LogWarning("Ricerca delle richieste: trigger dell'indice FTS5 mancanti (tabella ricostruita da una migrazione), ripristinati e indice ricostruito");
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>First start of the web app: the territory, then demo data or the first administrator.</summary>
    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (!await db.Comuni.AnyAsync(ct))
            {
                logger.LogInformation("Primo avvio: importazione del territorio ISTAT da {File}", IstatImportService.SeedFile);
                var result = await istat.ImportFileAsync(IstatImportService.SeedFile, null, "sistema (primo avvio)", ct);
                logger.LogInformation("Territorio ISTAT: {Summary}", result.SummaryLine);
            }
        }
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Scope = TenantScope.System;
            await Features.Agenda.DefaultFramework.EnsureAsync(db, ct);
        }
        if (configuration.GetValue("Demo:Enabled", false))
            await demo.SeedAsync(ct);
        await firstAdministrator.EnsureAsync(ct);
    }
}
