namespace ProvincePortal.Features.Territory;

public static class TerritoryModule
{
    public static WebApplicationBuilder AddTerritory(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TerritoryQueries>();
        builder.Services.AddScoped<IstatImportService>();
        return builder;
    }
}
