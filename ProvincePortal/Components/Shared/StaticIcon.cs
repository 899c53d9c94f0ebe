using Microsoft.AspNetCore.Components;

namespace ProvincePortal.Components.Shared;

/// <summary>
/// The markup MudIcon renders for an SVG icon, as a string built once per process. Parts of the page that every circuit
/// keeps open for the whole session (menu, app bar, Cruscotto) use it instead of a MudIcon component, which each circuit
/// would hold with its render trees (bench/README.md, "Idle circuits, second round").
/// </summary>
public static class StaticIcon
{
    /// <param name="svgBody">The icon's paths, e.g. <c>Icons.Material.Filled.Menu</c>.</param>
    /// <param name="classes">Classes after MudIcon's own (colour, the nav link's icon classes), or none.</param>
    /// <param name="size">MudIcon's size class: "medium" (its default) or "small" (a chip's icon).</param>
    public static MarkupString Of(string svgBody, string? classes = null, string size = "medium") => new(
        "<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-" + size + (string.IsNullOrEmpty(classes) ? "" : " " + classes) + "\" " +
        "focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">" + svgBody + "</svg>");
}
