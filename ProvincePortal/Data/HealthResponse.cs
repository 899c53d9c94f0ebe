using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProvincePortal.Hosting;

namespace ProvincePortal.Data;

/// <summary>/healthz body: overall status and each check, for monitoring and load balancers; which node answered and the
/// background jobs as the database sees them (last round, who ran it, whether it failed).</summary>
public static class HealthResponse
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var leases = context.RequestServices.GetRequiredService<JobLeases>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        IReadOnlyList<JobStatus>? jobs = null;
        // With the database down the checks already say so; the body must still be written.
        try { jobs = await leases.ListAsync(now, context.RequestAborted); }
        catch (Exception ex) when (ex is not OperationCanceledException) { }
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            node = leases.NodeId,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            // The error text stays out of this anonymous endpoint (it may name hosts or paths): the log has it.
            jobs = jobs?.Select(j => new
            {
                name = j.Name, holder = j.Holder, running = j.Running, lastRunStartedUtc = j.LastRunStartedUtc,
                lastRunEndedUtc = j.LastRunEndedUtc, lastRunFailed = j.LastError is not null, runs = j.RunCount,
            }),
        }));
    }
}
