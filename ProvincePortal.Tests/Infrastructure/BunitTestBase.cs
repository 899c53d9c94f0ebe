using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using ProvincePortal.Localization;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// Shared base for component tests: MudBlazor services, loose JS interop, Italian culture. xunit v2 calls the
/// synchronous Dispose and MudBlazor's services only dispose asynchronously, hence IAsyncLifetime.
/// </summary>
public abstract class BunitTestBase : BunitContext, IAsyncLifetime
{
    protected BunitTestBase()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        PortalTexts.AddTo(Services);
        Services.AddTransient<MudLocalizer, ProvincePortal.Localization.ItalianMudLocalizer>();
        System.Globalization.CultureInfo.CurrentCulture = ProvincePortal.Localization.Formats.Italian;
        System.Globalization.CultureInfo.CurrentUICulture = ProvincePortal.Localization.Formats.Italian;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
