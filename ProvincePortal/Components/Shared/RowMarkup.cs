using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;

namespace ProvincePortal.Components.Shared;

/// <summary>
/// One row of a <see cref="ServerTable{T}"/> as a single piece of markup, in MudBlazor's table classes. A row written as
/// Razor elements was ~40 render frames (each cell's element, class attribute and text, the chips), built, compared and
/// sent again for every row at every navigation and page: ~1,000 of the ~1,800 frames of a list navigation (issue 9).
/// As markup a row is one frame; Blazor compares it as one string and the browser parses it as HTML.
/// Text and attributes are always HTML-encoded here; the only markup taken as it is is a chip's icon (<see cref="StaticIcon"/>).
/// </summary>
public sealed class RowMarkup
{
    // Every character as itself, like Razor's output of accented Italian text; markup characters and quotes encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder html = new StringBuilder(768).Append("<tr class=\"mud-table-row\">");

    /// <summary>A cell with text (encoded); <paramref name="style"/> e.g. "text-align:right" for amounts.</summary>
    public RowMarkup Cell(string? text, string? style = null) => Td(style).Text(text).EndTd();

    /// <summary>A cell with a link to a page of the app.</summary>
    public RowMarkup LinkCell(string href, string? text, string? testId = null) => Td().Link(href, text, testId).EndTd();

    public RowMarkup Td(string? style = null)
    {
        html.Append("<td class=\"mud-table-cell\"");
        if (!string.IsNullOrEmpty(style)) Attribute("style", style);
        html.Append('>');
        return this;
    }

    public RowMarkup EndTd()
    {
        html.Append("</td>");
        return this;
    }

    public RowMarkup Text(string? text)
    {
        if (!string.IsNullOrEmpty(text)) html.Append(Encoder.Encode(text)); // the same string when nothing needs encoding
        return this;
    }

    public RowMarkup Link(string href, string? text, string? testId = null, string? cssClass = null, string? title = null, bool external = false)
    {
        html.Append("<a");
        Attribute("href", href);
        if (external) html.Append(" target=\"_blank\" rel=\"noopener noreferrer\"");
        if (cssClass is not null) Attribute("class", cssClass);
        if (title is not null) Attribute("title", title);
        if (testId is not null) Attribute("data-testid", testId);
        html.Append('>');
        return Text(text).Close("a");
    }

    /// <summary>An element with classes and text, e.g. a secondary line under the cell's value.</summary>
    public RowMarkup Element(string tag, string cssClass, string? text) => Open(tag, cssClass).Text(text).Close(tag);

    /// <summary>A small MudChip's markup: its classes (<see cref="StaticChip.Classes"/>), an optional icon, the label.</summary>
    public RowMarkup Chip(string classes, string? label, string? testId = null, MarkupString? icon = null)
    {
        html.Append("<span");
        Attribute("class", classes);
        if (testId is not null) Attribute("data-testid", testId);
        html.Append('>');
        if (icon is { } i) html.Append(i.Value);
        return Element("span", "mud-chip-content", label).Close("span");
    }

    public RowMarkup Open(string tag, string? cssClass = null)
    {
        html.Append('<').Append(tag);
        if (cssClass is not null) Attribute("class", cssClass);
        html.Append('>');
        return this;
    }

    public RowMarkup Close(string tag)
    {
        html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>The row, closed.</summary>
    public MarkupString Build() => new(html.Append("</tr>").ToString());

    private void Attribute(string name, string value)
    {
        html.Append(' ').Append(name).Append("=\"");
        html.Append(Encoder.Encode(value));
        html.Append('"');
    }
}
