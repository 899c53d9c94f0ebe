namespace ProvincePortal.Components.Shared;

/// <summary>The cells of a month grid (Monday first), shared by <see cref="MonthCalendar{TItem}"/> and the pages that load its items.</summary>
public static class MonthGrid
{
    /// <summary>The Monday on or before the first of the month: the first cell.</summary>
    public static DateOnly FirstCell(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
    }

    /// <summary>The Monday of the week that holds the last day of the month: the first cell of the last row.</summary>
    public static DateOnly LastRow(DateOnly month)
    {
        var last = new DateOnly(month.Year, month.Month, 1).AddMonths(1).AddDays(-1);
        return last.AddDays(-(((int)last.DayOfWeek + 6) % 7));
    }

    /// <summary>The day after the last cell (exclusive end of a query over the whole grid).</summary>
    public static DateOnly End(DateOnly month) => LastRow(month).AddDays(7);
}
