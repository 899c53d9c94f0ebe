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

    /// <summary>
    /// Icons repeated in every row of a list, as SVG symbols written once in the document (App.razor, outside the
    /// circuit): a row draws one with <see cref="Use"/>, ~130 characters instead of the ~420 of the icon's paths, which
    /// each circuit kept for every row of the page it shows (issue 9, the request list's SLA chip).
    /// </summary>
    public static MarkupString Sprite(IEnumerable<(string Id, string SvgBody)> icons) => new(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" focusable=\"false\" width=\"0\" height=\"0\" style=\"position:absolute\">" +
        string.Concat(icons.Select(i => "<symbol id=\"" + i.Id + "\" viewBox=\"0 0 24 24\">" + i.SvgBody + "</symbol>")) + "</svg>");

    /// <summary>MudIcon's markup drawing the symbol <paramref name="id"/> of a <see cref="Sprite"/>.</summary>
    public static MarkupString Use(string id, string? classes = null, string size = "medium") => new(
        "<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-" + size + (string.IsNullOrEmpty(classes) ? "" : " " + classes) + "\" " +
        "focusable=\"false\" aria-hidden=\"true\" role=\"img\"><use href=\"#" + id + "\"/></svg>");
}
