using System.Globalization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace ProvincePortal.Localization;

public static class LocalizationModule
{
    public static readonly string[] SupportedCultures = ["it-IT", "en"];

    public static WebApplicationBuilder AddPortalLocalization(this WebApplicationBuilder builder)
    {
        // Italian everywhere by default, whatever LANG the server has (with LANG=C numbers would print 772.43).
        CultureInfo.DefaultThreadCurrentCulture = Formats.Italian;
        CultureInfo.DefaultThreadCurrentUICulture = Formats.Italian;
        PortalTexts.AddTo(builder.Services);
        builder.Services.AddTransient<MudLocalizer, ItalianMudLocalizer>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture("it-IT").AddSupportedCultures(SupportedCultures).AddSupportedUICultures(SupportedCultures);
            // Only an explicit choice (cookie) switches language: the browser's Accept-Language does not.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return builder;
    }
}
