using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ProvincePortal.Components.Layout;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Components.Layout;

/// <summary>
/// The layout's dialog provider: no render of its own at a navigation with no dialog open (MudBlazor's provider renders
/// once more after every navigation), and the dialogs open at a navigation still closed as MudBlazor closes them.
/// </summary>
public sealed class PortalDialogProviderTests : BunitTestBase
{
    private sealed class Finestra : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "finestra");
            builder.AddContent(2, "Finestra di prova");
            builder.CloseElement();
        }
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void ANavigationWithNoDialogOpen_RendersNothing_WhereMudBlazorsProviderRendersAgain()
    {
        var mud = Render<MudDialogProvider>();
        var portal = Render<PortalDialogProvider>();
        var (mudRenders, portalRenders) = (mud.RenderCount, portal.RenderCount);

        Navigation.NavigateTo("/gare");
        Navigation.NavigateTo("/bandi");

        // RenderCount counts the component's subtree too: MudBlazor's provider and its two cascading values, twice.
        Assert.Equal(mudRenders + 6, mud.RenderCount);
        Assert.Equal(portalRenders, portal.RenderCount);
    }

    [Fact]
    public async Task ADialogOpenAtANavigation_IsClosedAndRemoved_ThenNavigationsAreQuietAgain()
    {
        var portal = Render<PortalDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var dialog = await portal.InvokeAsync(() => dialogs.ShowAsync<Finestra>("Prova"));
        portal.WaitForAssertion(() => Assert.Equal("Finestra di prova", portal.Find("[data-testid=finestra]").TextContent));

        Navigation.NavigateTo("/richieste");

        portal.WaitForAssertion(() => Assert.Empty(portal.FindAll("[data-testid=finestra]")));
        Assert.True((await dialog.Result)!.Canceled);
        var renders = portal.RenderCount;
        Navigation.NavigateTo("/");
        Assert.Equal(renders, portal.RenderCount);
    }

    [Fact]
    public async Task ADialogThatStaysOpenAcrossANavigation_KeepsRendering_AndClosesWhenAsked()
    {
        var portal = Render<PortalDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var dialog = await portal.InvokeAsync(() => dialogs.ShowAsync<Finestra>("Prova", new DialogOptions { CloseOnNavigation = false }));
        portal.WaitForAssertion(() => Assert.Single(portal.FindAll("[data-testid=finestra]")));
        var renders = portal.RenderCount;

        Navigation.NavigateTo("/agenda");

        // With a dialog open the provider renders as MudBlazor's does, and the dialog is still there.
        Assert.True(portal.RenderCount > renders, $"{portal.RenderCount} render dopo la navigazione, {renders} prima");
        Assert.Single(portal.FindAll("[data-testid=finestra]"));
        await portal.InvokeAsync(() => dialog.Close());
        portal.WaitForAssertion(() => Assert.Empty(portal.FindAll("[data-testid=finestra]")));
    }
}
