using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProvincePortal.Data;

/// <summary>/healthz body: overall status and each check, for monitoring and load balancers.</summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
