using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ProvincePortal.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Where the data lives: the provider, the connection string and the data folder for stored files.</summary>
public sealed class DataOptions
{
    public required DatabaseProvider Provider { get; init; }
    public required string ConnectionString { get; init; }
    /// <summary>Absolute path of the data folder (SQLite file, stored documents, temporary files).</summary>
    public required string DataDirectory { get; init; }
    /// <summary>
    /// EF's check that a context is not used by two operations at once (Database:ThreadSafetyChecks, off unless set).
    /// Every context here lives for one operation, and the check costs two AsyncLocal writes per row read — a copy of
    /// the async context each time, 7.7 % of the bytes the app allocated with 500 users (bench/README.md, ninth round).
    /// The tests turn it on, so that a context shared by mistake still fails there.
    /// </summary>
    public bool ThreadSafetyChecks { get; init; }

    public static DataOptions From(IConfiguration configuration, string contentRoot)
    {
        var dataDirectory = Path.GetFullPath(configuration["DataDirectory"] is { Length: > 0 } d ? d : "data", contentRoot);
        var providerName = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Configurazione non valida: Database:Provider = '{providerName}'. Valori ammessi: Sqlite, Postgres.");

        var connectionString = configuration["Database:ConnectionString"];
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Configurazione mancante: con Database:Provider = Postgres serve Database:ConnectionString.");
        if (provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(connectionString))
            connectionString = $"Data Source={Path.Combine(dataDirectory, "provinceportal.db")}";

        var checks = configuration["Database:ThreadSafetyChecks"];
        if (!bool.TryParse(checks ?? "false", out var threadSafetyChecks))
            throw new InvalidOperationException($"Configurazione non valida: Database:ThreadSafetyChecks = '{checks}'. Valori ammessi: true, false.");

        return new DataOptions
        {
            Provider = provider, ConnectionString = connectionString!, DataDirectory = dataDirectory, ThreadSafetyChecks = threadSafetyChecks,
        };
    }
}

public static class DataModule
{
    /// <summary>
    /// A list in a query (<c>ids.Contains(x.Id)</c>) is one array parameter (<c>json_each(@ids)</c> on SQLite,
    /// <c>= ANY(@ids)</c> on PostgreSQL), not EF 10's default of one parameter per element: with those, EF cannot keep
    /// the SQL and writes it again at every execution (3.1 % of the server's CPU on the lists' pages, bench/README.md),
    /// and compiled queries (<see cref="CompiledPerModel{TQuery}"/>) have no per-query way to ask for the array.
    /// </summary>
    public const ParameterTranslationMode CollectionParameters = ParameterTranslationMode.Parameter;

    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        // Read when first needed, not here: test hosts and the command line override configuration after this runs.
        builder.Services.AddSingleton(sp =>
        {
            var options = DataOptions.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
            Directory.CreateDirectory(options.DataDirectory);
            return options;
        });
        builder.Services.AddSingleton<Features.Audit.AuditInterceptor>();

        // One short-lived context per operation (a circuit-scoped context would be shared and is not thread safe).
        // Both providers are registered; DataOptions decides which one the app uses.
        builder.Services.AddSingleton<SqlitePragmas>();
        builder.Services.AddDbContextFactory<SqlitePortalDbContext>((sp, o) => PortalDbContext.UseTenantModels(SqlitePragmas.UsePortalSqlite(o, sp.GetRequiredService<DataOptions>().ConnectionString, sp.GetRequiredService<SqlitePragmas>()))
            .EnableThreadSafetyChecks(sp.GetRequiredService<DataOptions>().ThreadSafetyChecks)
            .AddInterceptors(sp.GetRequiredService<Features.Audit.AuditInterceptor>(), sp.GetRequiredService<Features.Notifications.NotificationWrites>()));
        builder.Services.AddDbContextFactory<PostgresPortalDbContext>((sp, o) => PortalDbContext.UseTenantModels(o
            .UseNpgsql(sp.GetRequiredService<DataOptions>().ConnectionString, npgsql => npgsql.UseParameterizedCollectionMode(CollectionParameters)))
            .EnableThreadSafetyChecks(sp.GetRequiredService<DataOptions>().ThreadSafetyChecks)
            .AddInterceptors(sp.GetRequiredService<Features.Audit.AuditInterceptor>(), sp.GetRequiredService<Features.Notifications.NotificationWrites>()));
        builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp =>
            sp.GetRequiredService<DataOptions>().Provider == DatabaseProvider.Postgres
                ? new Upcast<PostgresPortalDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresPortalDbContext>>())
                : new Upcast<SqlitePortalDbContext>(sp.GetRequiredService<IDbContextFactory<SqlitePortalDbContext>>()));

        // Identity's stores want a scoped context: one per request/circuit, used only by Identity.
        // The audit trail records its changes as made by the user of the scope (or "sistema" outside any request).
        builder.Services.AddScoped<PortalDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
            var currentUser = sp.GetRequiredService<Features.Identity.CurrentUser>();
            db.ActingScope = async () => PortalDbFactory.ScopeOf(await currentUser.GetAsync());
            return db;
        });
        // The feature services' contexts come from two pools (one per scope kind); other work builds its own.
        builder.Services.AddSingleton<PortalContextPools>();
        builder.Services.AddScoped(sp => new PortalDbFactory(sp.GetRequiredService<PortalContextPools>(), sp.GetRequiredService<Features.Identity.CurrentUser>()));
        builder.Services.AddScoped<DatabaseInitializer>();

        // Keys in the database so that logins survive restarts and are shared by every app server.
        builder.Services.AddDataProtection()
            .SetApplicationName("ProvincePortal")
            .PersistKeysToDbContext<PortalDbContext>();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<DataDirectoryHealthCheck>("data-directory");
        return builder;
    }

    private sealed class Upcast<T>(IDbContextFactory<T> inner) : IDbContextFactory<PortalDbContext> where T : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
