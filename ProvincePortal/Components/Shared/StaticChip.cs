using System.Collections.Concurrent;
using MudBlazor;

namespace ProvincePortal.Components.Shared;

/// <summary>
/// The classes MudChip renders for a small chip, as a string built once per variant and colour. Lists that show a chip in
/// every row (request status and SLA, a procedure's phase) write the chip's markup with them instead of a MudChip
/// component per row (issue 9: list navigations). Beside <see cref="StaticIcon"/>, for the same reason.
/// </summary>
public static class StaticChip
{
    private static readonly ConcurrentDictionary<(Variant, Color), string> ClassesOf = new();

    public static string Classes(Variant variant, Color color) => ClassesOf.GetOrAdd((variant, color), k =>
        $"mud-chip mud-chip-{k.Item1.ToString().ToLowerInvariant()} mud-chip-size-small mud-chip-color-{k.Item2.ToString().ToLowerInvariant()}");
}
