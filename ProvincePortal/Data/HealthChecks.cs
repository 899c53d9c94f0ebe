using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProvincePortal.Data;

public sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy("Database raggiungibile")
                : HealthCheckResult.Unhealthy("Database non raggiungibile");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Database non raggiungibile", ex);
        }
    }
}

public sealed class DataDirectoryHealthCheck(DataOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var probe = Path.Combine(options.DataDirectory, $".healthz-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(probe, "ok", ct);
            File.Delete(probe);
            return HealthCheckResult.Healthy("Cartella dati scrivibile");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"Cartella dati non scrivibile: {options.DataDirectory}", ex);
        }
    }
}
