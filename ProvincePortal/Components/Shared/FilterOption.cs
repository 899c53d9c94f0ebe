namespace ProvincePortal.Components.Shared;

/// <summary>One choice of a <see cref="FilterSelect"/>: the value the page parses back and the text shown.</summary>
public sealed record FilterOption(string Value, string Text)
{
    /// <summary>The values of an enum with their labels, the value being the member's name.</summary>
    public static IReadOnlyList<FilterOption> Of<TEnum>(Func<TEnum, string> text) where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => new FilterOption(v.ToString(), text(v))).ToArray();

    /// <summary>The enum member named by a select's value, or null for "all".</summary>
    public static TEnum? Parse<TEnum>(string? value) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, out var v) ? v : null;
}
