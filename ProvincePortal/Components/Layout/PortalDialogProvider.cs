using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace ProvincePortal.Components.Layout;

/// <summary>
/// MudDialogProvider without the render it asks for at every navigation. MudBlazor's provider closes the dialogs that
/// close on navigation — each closing renders it — and then renders itself once more, unconditionally: with no dialog
/// open that render changes nothing, yet it went to the browser as a render batch of its own after every page (72
/// bytes, one more round trip acknowledged by the client; bench/README.md, ninth round). Here that render is skipped
/// when no dialog was open as the navigation began; with one open, the provider behaves exactly as MudBlazor's.
/// </summary>
public sealed class PortalDialogProvider : MudDialogProvider
{
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    // The dialogs shown through this provider whose result is still pending (a closed dialog's result is set).
    private readonly List<IDialogReference> shown = [];
    private bool navigatingWithoutDialogs;

    protected override void OnInitialized()
    {
        // Handlers run in the order they were added: ours before and after the base provider's own.
        Navigation.LocationChanged += BeforeBase;
        Dialogs.DialogInstanceAddedAsync += Track;
        base.OnInitialized();
        Navigation.LocationChanged += AfterBase;
    }

    private Task Track(IDialogReference dialog)
    {
        shown.RemoveAll(d => d.Result.IsCompleted);
        shown.Add(dialog);
        return Task.CompletedTask;
    }

    private void BeforeBase(object? sender, LocationChangedEventArgs e)
    {
        shown.RemoveAll(d => d.Result.IsCompleted);
        navigatingWithoutDialogs = shown.Count == 0;
    }

    private void AfterBase(object? sender, LocationChangedEventArgs e) => navigatingWithoutDialogs = false;

    /// <summary>False only for the base provider's render at a navigation that found no dialog open.</summary>
    protected override bool ShouldRender() => !navigatingWithoutDialogs;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Navigation.LocationChanged -= BeforeBase;
            Navigation.LocationChanged -= AfterBase;
            Dialogs.DialogInstanceAddedAsync -= Track;
        }
        base.Dispose(disposing);
    }
}
