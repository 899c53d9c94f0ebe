namespace ProvincePortal.Features.Tenders;

public static class TendersModule
{
    public static WebApplicationBuilder AddTenders(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ThresholdRules.Default);
        builder.Services.AddScoped<TenderService>();
        return builder;
    }
}
