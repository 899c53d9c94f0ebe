using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ProvincePortal.Components.Shared;

/// <summary>
/// MudButton's markup for a link (Href) as a plain anchor: the list pages' header buttons are only for looks, and a
/// MudButton costs a component with its parameter handling on every navigation to the page. Blazor's router intercepts
/// the click on the anchor as it does for MudButton's.
/// </summary>
public static class LinkButton
{
    public const string Filled = "mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple";
    public const string Outlined = "mud-button-root mud-button mud-button-outlined mud-button-outlined-primary mud-button-outlined-size-medium mud-ripple";
    public const string OutlinedDefault = "mud-button-root mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-medium mud-ripple";
    public const string TextSmall = "mud-button-root mud-button mud-button-text mud-button-text-default mud-button-text-size-small mud-ripple";
    public const string OutlinedSmall = "mud-button-root mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-small mud-ripple";

    // One <svg> string per icon for the process (a handful of icons), shared by every circuit's render tree.
    private static readonly ConcurrentDictionary<string, MarkupString> StartIcons = new();

    /// <param name="classes">One of the constants (MudButton's variant, colour and size classes).</param>
    /// <param name="icon">The start icon's paths (<c>Icons.Material.Filled.X</c>), or null.</param>
    public static RenderFragment Of(string href, string text, string classes, string? icon = null, string? testId = null) => builder =>
    {
        builder.OpenElement(0, "a");
        builder.AddAttribute(1, "href", href);
        builder.AddAttribute(2, "class", classes);
        builder.AddAttribute(3, "data-testid", testId);
        builder.OpenElement(4, "span");
        builder.AddAttribute(5, "class", "mud-button-label");
        if (icon is not null)
        {
            builder.OpenElement(6, "span");
            builder.AddAttribute(7, "class", "mud-button-icon-start mud-button-icon-size-medium");
            builder.AddMarkupContent(8, StartIcons.GetOrAdd(icon, i => StaticIcon.Of(i)).Value);
            builder.CloseElement();
        }
        builder.AddContent(9, text);
        builder.CloseElement();
        builder.CloseElement();
    };
}
