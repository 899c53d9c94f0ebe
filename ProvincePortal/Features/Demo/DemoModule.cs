namespace ProvincePortal.Features.Demo;

public static class DemoModule
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoGenerator>();
        return builder;
    }
}
