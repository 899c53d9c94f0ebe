using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;

namespace ProvincePortal.Components.Shared;

/// <summary>One choice of a <see cref="FilterSelect"/>: the value the page parses back and the text shown.</summary>
public sealed record FilterOption(string Value, string Text)
{
    // Per conversion (the selector's method), the options made from each shared list, for as long as the list lives.
    private static readonly ConcurrentDictionary<MethodInfo, ConditionalWeakTable<object, SharedFilterOptions>> Converted = new();

    /// <summary>The values of an enum with their labels, the value being the member's name.</summary>
    public static IReadOnlyList<FilterOption> Of<TEnum>(Func<TEnum, string> text) where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => new FilterOption(v.ToString(), text(v))).ToArray();

    /// <summary>
    /// The options of a list that many circuits share (the choices of <see cref="Hosting.FilterChoices"/>), converted
    /// once per list and conversion: the pages of every user who sees the same list hold the same options, and
    /// <see cref="FilterSelect"/> the same markup. <paramref name="option"/> must depend on the item only (a static lambda).
    /// </summary>
    public static IReadOnlyList<FilterOption> FromShared<T>(IReadOnlyList<T> list, Func<T, FilterOption> option)
    {
        // A static lambda's delegate has the compiler's cache class "<>c" as target; a capturing one, a closure or the page.
        if (!option.Method.IsStatic && option.Target?.GetType().Name != "<>c") throw new ArgumentException("La conversione delle scelte condivise non può dipendere dalla pagina.", nameof(option));
        return Converted.GetOrAdd(option.Method, _ => new()).GetValue(list, l => new SharedFilterOptions(((IReadOnlyList<T>)l).Select(option).ToArray()));
    }

    /// <summary>The enum member named by a select's value, or null for "all".</summary>
    public static TEnum? Parse<TEnum>(string? value) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, out var v) ? v : null;
}

/// <summary>
/// Options shared by the circuits that show the same choices (<see cref="FilterOption.FromShared"/>), with the markup of
/// the select as it opens (nothing selected) built once for them all: a select of the 95 Comuni of Treviso was ~8 KB of
/// new strings at every visit of the list, kept by the circuit while the page stayed open (issue 9).
/// </summary>
public sealed class SharedFilterOptions(FilterOption[] options) : IReadOnlyList<FilterOption>
{
    private sealed record Built(string All, MarkupString Markup);
    private Built? unselected;

    public FilterOption this[int index] => options[index];
    public int Count => options.Length;
    public IEnumerator<FilterOption> GetEnumerator() => ((IEnumerable<FilterOption>)options).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => options.GetEnumerator();

    /// <summary>The options' markup with the first option (<paramref name="all"/>) selected, built once per text of it.</summary>
    internal MarkupString UnselectedMarkup(string all, Func<IReadOnlyList<FilterOption>, string?, string, MarkupString> build)
    {
        if (unselected is { } b && b.All == all) return b.Markup;
        var markup = build(this, null, all);
        unselected = new Built(all, markup);
        return markup;
    }
}
