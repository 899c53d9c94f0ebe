namespace ProvincePortal.Components.Shared;

/// <summary>A column of a <see cref="ServerTable{T}"/>: its header and, when sortable, the service's sort name.</summary>
public sealed record TableColumn(string Title, string? SortName = null, string? HeaderStyle = null);

/// <summary>
/// The page a <see cref="ServerTable{T}"/> asks for (page from 0). <paramref name="KnownTotal"/>: the count of the same
/// filter read moments ago (only the page, its size or the sort changed); the service may return it instead of counting
/// again. Null: count.
/// </summary>
public sealed record TableQuery(int Page, int PageSize, string? SortBy, bool Descending, int? KnownTotal = null);

/// <summary>One page of rows and the count of all rows matching the filters.</summary>
public sealed record TablePage<T>(IReadOnlyList<T> Items, int Total);
