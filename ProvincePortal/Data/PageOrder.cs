namespace ProvincePortal.Data;

/// <summary>The rows of a page read by their ids, put back in the order of the ids (the list's order).</summary>
public static class PageOrder
{
    /// <summary>
    /// <paramref name="rows"/> in the order of <paramref name="ids"/>; an id without a row (deleted between the two
    /// reads) is left out.
    /// </summary>
    public static List<T> InOrderOf<T>(this IEnumerable<T> rows, IReadOnlyList<int> ids, Func<T, int> idOf)
    {
        var byId = rows.ToDictionary(idOf);
        var ordered = new List<T>(byId.Count);
        foreach (var id in ids)
            if (byId.TryGetValue(id, out var row)) ordered.Add(row);
        return ordered;
    }
}
