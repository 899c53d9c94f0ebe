using Bunit;
using ProvincePortal.Components.Shared;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Components;

/// <summary>The month grid shared by the Gare deadlines and the Bandi UE scadenzario.</summary>
public sealed class MonthCalendarTests : BunitTestBase
{
    private sealed record Item(DateOnly Day, string Title);

    [Fact]
    public void March2026_SixWeeksFromMonday_ItemsOnTheirDay_ExtraOnesSummed()
    {
        Item[] items =
        [
            new(new(2026, 3, 4), "Primo"), new(new(2026, 3, 4), "Secondo"), new(new(2026, 3, 4), "Terzo"),
            new(new(2026, 2, 23), "Di febbraio"), new(new(2026, 3, 31), "Ultimo"),
        ];
        var cut = Render<MonthCalendar<Item>>(p => p
            .Add(x => x.Month, new DateOnly(2026, 3, 15))
            .Add(x => x.Items, items)
            .Add(x => x.DayOf, i => i.Day)
            .Add(x => x.Caption, "Scadenze di marzo 2026")
            .Add(x => x.MaxPerDay, 2)
            .Add(x => x.Today, new DateOnly(2026, 3, 4))
            .Add(x => x.ItemTemplate, i => b => b.AddContent(0, i.Title)));

        // 1 March 2026 is a Sunday: the grid starts on Monday 23 February and ends on Sunday 5 April.
        Assert.Equal(6, cut.FindAll("tbody tr").Count);
        var cells = cut.FindAll("td");
        Assert.Equal(42, cells.Count);
        Assert.Equal("2026-02-23", cells[0].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("2026-04-05", cells[^1].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("pp-other-month", cells[0].ClassName);
        Assert.Equal("Scadenze di marzo 2026", cut.Find("caption").TextContent);
        Assert.Equal("lun", cut.FindAll("th abbr")[0].TextContent);

        var today = cut.Find("td[aria-current=date]");
        Assert.Equal(["Primo", "Secondo", "e altre 1"], today.QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
        Assert.Equal("Di febbraio", cells[0].QuerySelector("li")!.TextContent.Trim());
        Assert.Equal("Ultimo", cut.Find("td:has(time[datetime='2026-03-31']) li").TextContent.Trim());
    }

    [Fact]
    public void MonthGrid_RangeCoversWholeWeeks()
    {
        Assert.Equal(new DateOnly(2026, 2, 23), MonthGrid.FirstCell(new DateOnly(2026, 3, 1)));
        Assert.Equal(new DateOnly(2026, 3, 30), MonthGrid.LastRow(new DateOnly(2026, 3, 1)));
        Assert.Equal(new DateOnly(2026, 4, 6), MonthGrid.End(new DateOnly(2026, 3, 1)));
        // June 2026 starts on a Monday and ends on a Tuesday.
        Assert.Equal(new DateOnly(2026, 6, 1), MonthGrid.FirstCell(new DateOnly(2026, 6, 10)));
        Assert.Equal(new DateOnly(2026, 7, 6), MonthGrid.End(new DateOnly(2026, 6, 10)));
    }
}
