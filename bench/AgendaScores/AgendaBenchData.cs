using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Cli;
using ProvincePortal.Data;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

/// <summary>
/// The data set of the Agenda benchmarks (AgendaScores, AgendaReport; linked into both): the app on a fresh SQLite
/// database with the ISTAT 2020 territory, the real PA digitale files through the import, and a generated value for every
/// other weighted indicator and every Comune at two dates.
/// </summary>
public static class AgendaBenchData
{
    public static async Task<WebApplication> CreateAppAsync(string directory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["DataDirectory"] = directory;
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Tenders:RemindersEnabled"] = "false";
        builder.AddPortal();
        var app = builder.Build();
        var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
            await db.Database.MigrateAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IstatImportService>().ImportFileAsync(IstatImportService.SeedFile, null, "benchmark");

        foreach (var name in AgendaDemoData.Files)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CommandLine.SystemPrincipal);
            var watch = Stopwatch.StartNew();
            await using var file = File.OpenRead(Path.Combine(AgendaDemoData.SeedDirectory, name));
            var report = await scope.ServiceProvider.GetRequiredService<AgendaImportService>().ImportPad26Async(file, name, apply: true);
            Console.WriteLine($"Import {name}: {watch.ElapsedMilliseconds:N0} ms ({report.Added:N0} values written)");
        }

        var generated = await GenerateAsync(factory);
        Console.WriteLine($"Generated {generated:N0} more values; database {new FileInfo(Path.Combine(directory, "provinceportal.db")).Length / 1048576.0:F0} MiB");
        return app;
    }

    // Plain prepared INSERTs: the point is the scoring's reading, not the import's writing.
    private static async Task<int> GenerateAsync(IDbContextFactory<PortalDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Scope = TenantScope.System;
        var indicators = await db.AgendaIndicators.Where(i => i.Framework!.IsCurrent && i.Pad26Measure == null && i.Weight > 0).ToListAsync();
        var comuni = await db.Comuni.Select(c => c.Id).ToListAsync();
        var frameworkId = indicators[0].FrameworkId;
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var batch = connection.CreateCommand();
        batch.Transaction = tx;
        batch.CommandText = """
            INSERT INTO AgendaImportBatches (FrameworkId, Kind, FileName, Sha256, ImportedAtUtc, ImportedBy, Rows, Added, Unchanged, UnmatchedCodes)
            VALUES ($f, 'benchmark', 'generated', '', $now, 'benchmark', 0, 0, 0, '') RETURNING Id
            """;
        batch.Parameters.AddWithValue("$f", frameworkId);
        batch.Parameters.AddWithValue("$now", DateTime.UtcNow);
        var batchId = (long)(await batch.ExecuteScalarAsync())!;
        var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO AgendaMeasurements (IndicatorId, ComuneId, Value, MeasuredOn, BatchId) VALUES ($i, $c, $v, $d, $b)";
        foreach (var n in new[] { "$i", "$c", "$v", "$d", "$b" }) insert.Parameters.Add(new SqliteParameter(n, null));
        insert.Prepare();
        var random = new Random(2026);
        var count = 0;
        foreach (var indicator in indicators)
            foreach (var comune in comuni)
                foreach (var date in new[] { "2025-12-31", "2026-06-30" })
                {
                    insert.Parameters["$i"].Value = indicator.Id;
                    insert.Parameters["$c"].Value = comune;
                    insert.Parameters["$v"].Value = indicator.Normalisation switch
                    {
                        Normalisation.Target => random.Next(3) / 2.0,
                        Normalisation.MinMaxFixed => random.NextDouble() * (indicator.GoalpostMax ?? 100),
                        _ => Math.Floor(Math.Exp(random.NextDouble() * 6)),
                    };
                    insert.Parameters["$d"].Value = date;
                    insert.Parameters["$b"].Value = batchId;
                    await insert.ExecuteNonQueryAsync();
                    count++;
                }
        await tx.CommitAsync();
        return count;
    }
}
