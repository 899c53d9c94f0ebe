using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Integration;

/// <summary>
/// The app's SQLite contexts get pragmas, EF Core's functions and its collation once per native connection
/// (SqlitePragmas), and keep them when the pool hands the connection out again.
/// </summary>
public sealed class SqlitePragmasTests : IDisposable
{
    private readonly MigratedDatabase database = new();
    private readonly SqlitePragmas pragmas = new();

    private SqlitePortalDbContext Create()
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        SqlitePragmas.UsePortalSqlite(options, database.Database.ConnectionString, pragmas);
        return new SqlitePortalDbContext(options.Options) { Scope = TenantScope.System };
    }

    [SkippableFact]
    public async Task ANativeConnection_IsSetUpOnce_AndKeepsPragmasAndFunctionsWhenReused()
    {
        Skip.If(database.Database.Provider != "Sqlite", "SQLite only");
        var handles = new HashSet<SQLitePCL.sqlite3>();
        const int contexts = 6;
        for (var i = 0; i < contexts; i++)
        {
            // One context after the other: each opens and closes a native connection the pool keeps.
            await using var db = Create();
            Assert.IsType<PortalSqliteRelationalConnection>(db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalConnection>());
            await db.Database.OpenConnectionAsync();
            handles.Add(((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).Handle!);
            Assert.Equal(-1, await db.Database.SqlQuery<int>($"SELECT ef_compare('1.50', '2') AS Value").SingleAsync());
            Assert.Equal("3.75", await db.Database.SqlQuery<string>($"SELECT ef_add('1.25', 2.5) AS Value").SingleAsync());
            Assert.Equal(1, await db.Database.SqlQuery<int>($"SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync());
            Assert.Equal(5000, await db.Database.SqlQuery<int>($"SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync());
            Assert.Equal("wal", await db.Database.SqlQuery<string>($"SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync());
            await db.Database.CloseConnectionAsync();
        }
        // Reused handles kept their functions and pragmas (asserted above) and were not set up again.
        Assert.True(handles.Count < contexts, $"{handles.Count} native connections for {contexts} contexts: the pool did not reuse them");
        Assert.Equal(handles.Count, pragmas.PreparedConnections);
    }

    [SkippableFact]
    public async Task DecimalAndRegexQueries_GiveWhatLinqToObjectsGives()
    {
        Skip.If(database.Database.Provider != "Sqlite", "SQLite only");
        decimal?[] rates = [60m, 70.5m, 80.25m, 100m, null, 9.125m];
        await using (var db = Create())
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < rates.Length; i++)
            {
                db.Calls.Add(new Call
                {
                    Origin = CallOrigin.PortaleUe, PortalKey = "SQLITE-" + i, Identifier = "SQLITE-" + i, Title = $"Tasso {i}", Programme = "LIFE",
                    CoFinancingRate = rates[i], SearchText = "tasso", CreatedAtUtc = now, UpdatedAtUtc = now,
                });
            }
            await db.SaveChangesAsync();
        }

        await using var q = Create();
        var calls = q.Calls.Where(c => c.PortalKey!.StartsWith("SQLITE-"));
        // ef_compare (>) and the EF_DECIMAL collation (ORDER BY): 9.125 sorts before 60 as a number, after it as text.
        var ordered = await calls.Where(c => c.CoFinancingRate > 9m).OrderBy(c => c.CoFinancingRate).Select(c => c.CoFinancingRate).ToListAsync();
        Assert.Equal(rates.Where(r => r > 9m).OrderBy(r => r), ordered);
        // The decimal aggregates.
        var known = rates.Where(r => r is not null).Select(r => r!.Value).ToList();
        Assert.Equal(known.Sum(), await calls.SumAsync(c => c.CoFinancingRate));
        Assert.Equal(known.Max(), await calls.MaxAsync(c => c.CoFinancingRate));
        Assert.Equal(known.Min(), await calls.MinAsync(c => c.CoFinancingRate));
        Assert.Equal(known.Average(), await calls.AverageAsync(c => c.CoFinancingRate));
        // Arithmetic on decimals (ef_multiply) and regexp.
        Assert.Equal(known.Select(r => (decimal?)(r * 2)).OrderBy(r => r), (await calls.Where(c => c.CoFinancingRate != null).Select(c => c.CoFinancingRate * 2).ToListAsync()).OrderBy(r => r));
        Assert.Equal(6, await calls.CountAsync(c => Regex.IsMatch(c.Title, "^Tasso [0-9]$")));
    }

    public void Dispose() => database.Dispose();
}
