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

    // One builder per thread, taken by a row while it is written and given back by Build: a builder of its own per row
    // grew its buffer three or four times and was garbage right after (a fifth of the bytes the server allocated under
    // load, issue 9). A row started while another is being written on the same thread gets a new builder.
    [ThreadStatic] private static StringBuilder? spare;
    private StringBuilder? html;

    public RowMarkup()
    {
        html = spare ?? new StringBuilder(2048);
        spare = null;
        html.Clear().Append("<tr class=\"mud-table-row\">");
    }

    private StringBuilder Html => html ?? throw new InvalidOperationException("La riga è già stata chiusa con Build().");

    /// <summary>A cell with text (encoded); <paramref name="style"/> e.g. "text-align:right" for amounts.</summary>
    public RowMarkup Cell(string? text, string? style = null) => Td(style).Text(text).EndTd();

    /// <summary>A cell with a link to a page of the app.</summary>
    public RowMarkup LinkCell(string href, string? text, string? testId = null) => Td().Link(href, text, testId).EndTd();

    public RowMarkup Td(string? style = null)
    {
        Html.Append("<td class=\"mud-table-cell\"");
        if (!string.IsNullOrEmpty(style)) Attribute("style", style);
        Html.Append('>');
        return this;
    }

    public RowMarkup EndTd()
    {
        Html.Append("</td>");
        return this;
    }

    public RowMarkup Text(string? text)
    {
        if (!string.IsNullOrEmpty(text)) Html.Append(Encoder.Encode(text)); // the same string when nothing needs encoding
        return this;
    }

    public RowMarkup Link(string href, string? text, string? testId = null, string? cssClass = null, string? title = null, bool external = false)
    {
        Html.Append("<a");
        Attribute("href", href);
        if (external) Html.Append(" target=\"_blank\" rel=\"noopener noreferrer\"");
        if (cssClass is not null) Attribute("class", cssClass);
        if (title is not null) Attribute("title", title);
        if (testId is not null) Attribute("data-testid", testId);
        Html.Append('>');
        return Text(text).Close("a");
    }

    /// <summary>An element with classes and text, e.g. a secondary line under the cell's value; nothing when there is no text.</summary>
    public RowMarkup Element(string tag, string cssClass, string? text) =>
        string.IsNullOrEmpty(text) ? this : Open(tag, cssClass).Text(text).Close(tag);

    /// <summary>A small MudChip's markup: its classes (<see cref="StaticChip.Classes"/>), an optional icon, the label.</summary>
    public RowMarkup Chip(string classes, string? label, string? testId = null, MarkupString? icon = null)
    {
        Html.Append("<span");
        Attribute("class", classes);
        if (testId is not null) Attribute("data-testid", testId);
        Html.Append('>');
        if (icon is { } i) Html.Append(i.Value);
        return Element("span", "mud-chip-content", label).Close("span");
    }

    public RowMarkup Open(string tag, string? cssClass = null)
    {
        Html.Append('<').Append(tag);
        if (cssClass is not null) Attribute("class", cssClass);
        Html.Append('>');
        return this;
    }

    public RowMarkup Close(string tag)
    {
        Html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>The row, closed.</summary>
    public MarkupString Build()
    {
        var builder = Html;
        var row = builder.Append("</tr>").ToString();
        html = null;
        if (builder.Capacity <= 16 * 1024) spare = builder;
        return new(row);
    }

    private void Attribute(string name, string value)
    {
        Html.Append(' ').Append(name).Append("=\"");
        Html.Append(Encoder.Encode(value));
        Html.Append('"');
    }
}
