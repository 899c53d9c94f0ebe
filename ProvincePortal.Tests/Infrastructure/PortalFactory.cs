using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// The real app on its own real database (see <see cref="TestDatabase"/>), with the demo data seeded as on a
/// developer's first `dotnet run`. One per test class (IClassFixture): tests of a class share its data.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly bool ownsDatabase;

    public PortalFactory() : this(new TestDatabase(), ownsDatabase: true) { }

    /// <summary>A host on a database another host may share (several app nodes on one database).</summary>
    protected PortalFactory(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    /// <summary>Extra configuration for a derived fixture (e.g. Entra ID settings).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // The national Agenda digitale demo import (two real PA digitale files) only where a fixture asks for it.
        foreach (var (key, value) in Database.Settings().Concat([new("Demo:Enabled", "true"), new("Agenda:DemoData", "false"),
                     // EF's check against a context shared by two operations: off in the app, on in tests (DataOptions).
                     new("Database:ThreadSafetyChecks", "true"),
                     // The scheduled Moodle sync stays off: tests that need it call it, against a loopback server.
                     new("Formazione:SyncEnabled", "false")]).Concat(ExtraSettings()))
            builder.UseSetting(key, value);
    }

    /// <summary>A context that sees every Province, to arrange and check data directly in the database.</summary>
    public async Task<PortalDbContext> CreateSystemDbAsync()
    {
        var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Scope = TenantScope.System;
        return db;
    }

    /// <summary>Runs <paramref name="action"/> in a DI scope acting as the given demo user (as a circuit would).</summary>
    public async Task<T> AsUserAsync<T>(string email, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"Utente di prova assente: {email}");
        var principal = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(user);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(PortalPrincipal.From(principal));
        return await action(scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDatabase) Database.Dispose();
    }
}

/// <summary>The app on a real Kestrel port, for a real browser.</summary>
public class KestrelPortalFactory : PortalFactory
{
    private string? address;

    public string Address => address ??= Start();

    private string Start()
    {
        UseKestrel(0);
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
    }
}
