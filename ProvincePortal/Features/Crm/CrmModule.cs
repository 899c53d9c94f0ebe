using Microsoft.Extensions.DependencyInjection.Extensions;
using ProvincePortal.Features.EuCalls.Bulletins;

namespace ProvincePortal.Features.Crm;

public static class CrmModule
{
    public static WebApplicationBuilder AddCrm(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<CrmOptions>(builder.Configuration.GetSection("Crm"));
        builder.Services.AddScoped<CrmService>();
        builder.Services.AddScoped<Requests.Dashboard.IRequestDashboardSection, AgreementsDashboardSection>();
        builder.Services.AddScoped<CrmJobs>();
        builder.Services.AddHostedService<CrmJobsWorker>();
        // The bulletins of the EU office reach the contacts kept here (and still the Comune users).
        builder.Services.AddScoped<IComuneContactDirectory, CrmContactDirectory>();
        return builder;
    }
}
