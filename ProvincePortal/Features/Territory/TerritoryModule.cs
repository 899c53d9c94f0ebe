namespace ProvincePortal.Features.Territory;

public static class TerritoryModule
{
    public static WebApplicationBuilder AddTerritory(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TerritoryQueries>();
        builder.Services.AddScoped<IstatImportService>();
        builder.Services.AddScoped<IndicePa.IpaImportService>();
        return builder;
    }
}
