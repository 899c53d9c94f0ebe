using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace ProvincePortal.Components.Layout;

/// <summary>
/// MudThemeProvider with its style sheets built once per process instead of once per render of every circuit.
/// The base component writes the whole theme (≈ 11,700 characters of CSS variables) as a new string each time it
/// renders, and each circuit keeps its current and previous render tree: two ≈ 23 KB strings per open circuit, the
/// same text in all of them (heap dump of 300 idle circuits, bench/Circuiti). The theme here is the static
/// <see cref="PortalTheme.Theme"/>, so the markup is captured once per theme/dark-mode/scrollbar combination and every
/// circuit's render tree points at the same strings.
/// </summary>
public sealed class PortalThemeProvider : MudThemeProvider
{
    private static readonly ConcurrentDictionary<(MudTheme? Theme, bool Dark, bool Scrollbar), (int Sequence, string Markup)[]?> Cache = new();

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var markup = Cache.GetOrAdd((Theme, IsDarkMode, DefaultScrollbar), _ => Capture());
        if (markup is null)
        {
            // A MudBlazor version that renders more than markup: no caching, same output as the base component.
            base.BuildRenderTree(builder);
            return;
        }
        foreach (var (sequence, text) in markup) builder.AddMarkupContent(sequence, text);
    }

    private (int, string)[]? Capture()
    {
        using var scratch = new RenderTreeBuilder();
        base.BuildRenderTree(scratch);
        var frames = scratch.GetFrames();
        var result = new (int, string)[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames.Array[i];
            if (frame.FrameType != RenderTreeFrameType.Markup) return null;
            result[i] = (frame.Sequence, frame.MarkupContent);
        }
        return result;
    }
}
