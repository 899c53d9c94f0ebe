using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Agenda;

/// <summary>
/// The real PA digitale 2026 files of Seed/padigitale2026 (measures 1.3.1 and 1.4.5, CC-BY-4.0, see SOURCE.txt there),
/// imported once for the whole country so that the demo Provinces can be compared with their Region and Italy.
/// Agenda:DemoData=false skips it (the test fixtures that do not look at the Agenda).
/// </summary>
public static class AgendaDemoData
{
    public static readonly string[] Files = ["candidature_finanziate_131.csv", "candidature_finanziate_145.csv"];

    public static string SeedDirectory => Path.Combine(AppContext.BaseDirectory, "Seed", "padigitale2026");

    public static async Task SeedAsync(PortalDbContext db, AgendaImportService importer, CancellationToken ct = default)
    {
        await DefaultFramework.EnsureAsync(db, ct);
        if (await db.AgendaImportBatches.AnyAsync(ct)) return;
        foreach (var name in Files)
        {
            await using var file = File.OpenRead(Path.Combine(SeedDirectory, name));
            await importer.ImportPad26AsAsync(file, name, apply: true, "sistema (dati demo)", null, ct);
        }
    }
}
