namespace ProvincePortal.Features.Administration;

public static class AdministrationModule
{
    public static WebApplicationBuilder AddAdministration(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
