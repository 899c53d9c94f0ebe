namespace ProvincePortal.Features.Tenders;

public static class TendersModule
{
    public static WebApplicationBuilder AddTenders(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ThresholdRules.Default);
        builder.Services.AddScoped<TenderService>();
        builder.Services.AddScoped<Exchange.TenderImportService>();
        builder.Services.AddScoped<Exchange.TenderExportService>();
        return builder;
    }
}
