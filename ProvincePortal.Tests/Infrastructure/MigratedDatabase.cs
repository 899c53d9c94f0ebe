using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// A real database (SQLite file, or PostgreSQL under PP_TEST_PROVIDER=Postgres) migrated to the current schema,
/// without the web host: for services that only need a context factory. Each instance is a fresh database.
/// </summary>
public sealed class MigratedDatabase : IDbContextFactory<PortalDbContext>, IDisposable
{
    public TestDatabase Database { get; } = new();

    public MigratedDatabase()
    {
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public PortalDbContext CreateDbContext()
    {
        PortalDbContext db = Database.Provider == "Postgres"
            ? new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(Database.ConnectionString).Options)
            : new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(Database.ConnectionString).Options);
        db.Scope = TenantScope.System;
        return db;
    }

    public void Dispose() => Database.Dispose();
}
