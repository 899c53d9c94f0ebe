using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Notifications;

namespace ProvincePortal.Tests.Hosting;

/// <summary>Database settings as the app reads them, and what they set on the app's contexts.</summary>
public sealed class DataOptionsTests
{
    private static DataOptions Read(params (string Key, string Value)[] settings) =>
        DataOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build(), Path.GetTempPath());

    [Fact]
    public void ThreadSafetyChecks_AreOffUnlessSet_AndAWrongValueIsNamed()
    {
        Assert.False(Read().ThreadSafetyChecks);
        Assert.True(Read(("Database:ThreadSafetyChecks", "true")).ThreadSafetyChecks);
        Assert.False(Read(("Database:ThreadSafetyChecks", "False")).ThreadSafetyChecks);
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Database:ThreadSafetyChecks", "forse")));
        Assert.Equal("Configurazione non valida: Database:ThreadSafetyChecks = 'forse'. Valori ammessi: true, false.", error.Message);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task TheAppsContexts_FollowTheSetting_PooledOnesToo(string? setting, bool enabled)
    {
        var folder = Directory.CreateTempSubdirectory("pp-dataoptions-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection([new("DataDirectory", folder), new("Database:ThreadSafetyChecks", setting)]);
            builder.AddPortalData();
            builder.Services.AddSingleton<NotificationCounts>().AddSingleton<NotificationWrites>();
            await using var services = builder.Services.BuildServiceProvider();

            await using var plain = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            await using var pooled = await services.GetRequiredService<PortalContextPools>().CreateAsync(TenantScope.System);
            foreach (var db in new[] { plain, pooled })
                Assert.Equal(enabled, db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ThreadSafetyChecksEnabled);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
