using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProvincePortal.Features.Requests;

public static class RequestsModule
{
    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<RequestOptions>(builder.Configuration.GetSection("Requests"));
        builder.Services.AddScoped<BusinessCalendarService>();
        builder.Services.AddScoped<CatalogueService>();
        builder.Services.AddScoped<RequestService>();
        builder.Services.AddScoped<OperatorGroupService>();
        builder.Services.AddScoped<RequestReminderService>();
        builder.Services.AddScoped<RequestJobs>();
        builder.Services.AddHostedService<RequestJobsWorker>();
        return builder;
    }
}
