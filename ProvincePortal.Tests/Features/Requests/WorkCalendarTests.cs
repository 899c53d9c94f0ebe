using ProvincePortal.Features.Requests;
using ProvincePortal.Localization;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>Working time on the standard calendar: Monday to Friday 08:30–13:00 and 14:00–17:30 (480 minutes a day), Rome time.</summary>
public sealed class WorkCalendarTests
{
    private static readonly WorkCalendar Standard = WorkCalendar.Standard();

    /// <summary>San Liberale, patron of Treviso, on 27 April.</summary>
    private static readonly WorkCalendar Treviso = WorkCalendar.Standard(y => new DateOnly(y, 4, 27));

    /// <summary>A Rome wall-clock time as UTC.</summary>
    private static DateTime Rome(int y, int m, int d, int h, int min = 0) => Formats.RomeToUtc(new DateTime(y, m, d, h, min, 0));

    [Theory]
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_KnownYears_MatchTheCalendar(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), WorkCalendar.EasterSunday(year));

    [Fact]
    public void EasterMonday_IsAHoliday_EasterSundayIsNotCountedTwice()
    {
        Assert.True(Standard.IsHoliday(new DateOnly(2026, 4, 6)));
        Assert.True(Standard.IsHoliday(new DateOnly(2027, 3, 29)));
        Assert.False(Standard.IsHoliday(new DateOnly(2026, 4, 7)));
        // 2011: Easter Monday fell on 25 April; the list has both, the day is simply a holiday.
        Assert.True(Standard.IsHoliday(new DateOnly(2011, 4, 25)));
    }

    [Fact]
    public void FourthOfOctober_IsAHolidayOnlyFrom2026()
    {
        Assert.False(Standard.IsHoliday(new DateOnly(2024, 10, 4)));
        Assert.False(Standard.IsHoliday(new DateOnly(2025, 10, 4)));
        Assert.True(Standard.IsHoliday(new DateOnly(2026, 10, 4)));
        Assert.True(Standard.IsHoliday(new DateOnly(2027, 10, 4)));
        // Friday 4 October 2024 is a working day: Thursday 17:00 + 60 minutes = Friday 09:00.
        Assert.Equal(Rome(2024, 10, 4, 9), Standard.AddWorkingMinutes(Rome(2024, 10, 3, 17), 60));
        // Monday 4 October 2027 is not: Friday 17:00 + 60 minutes = Tuesday 09:00.
        Assert.Equal(Rome(2027, 10, 5, 9), Standard.AddWorkingMinutes(Rome(2027, 10, 1, 17), 60));
    }

    [Fact]
    public void NationalHolidays_2026_AreTwelveWithFourthOfOctober()
    {
        var days = WorkCalendar.NationalHolidays(2026).Select(h => h.Date.ToString("MM-dd")).ToList();
        Assert.Equal(["01-01", "01-06", "04-06", "04-25", "05-01", "06-02", "08-15", "10-04", "11-01", "12-08", "12-25", "12-26"], days);
        Assert.Equal(11, WorkCalendar.NationalHolidays(2025).Count);
    }

    [Fact]
    public void HolidayOnAWeekend_ChangesNothing_PatronOnAMonday_MovesTheDueDate()
    {
        // 25 April 2026 is a Saturday; Monday 27 April is San Liberale in Treviso only.
        var friday = Rome(2026, 4, 24, 16);
        Assert.Equal(Rome(2026, 4, 27, 9), Standard.AddWorkingMinutes(friday, 120));
        Assert.Equal(Rome(2026, 4, 28, 9), Treviso.AddWorkingMinutes(friday, 120));
        Assert.Equal(90, Treviso.WorkingMinutesBetween(friday, Rome(2026, 4, 28, 8, 30)));
    }

    [Fact]
    public void Immacolata_OnATuesday_SkipsTheWholeDay()
    {
        Assert.Equal(Rome(2026, 12, 9, 10), Standard.AddWorkingDays(Rome(2026, 12, 7, 10), 1));
        Assert.Equal(480, Standard.WorkingMinutesBetween(Rome(2026, 12, 7, 10), Rome(2026, 12, 9, 10)));
    }

    [Fact]
    public void OfficeHourEdges_AreExact()
    {
        var day = (y: 2026, m: 11, d: 3); // a Tuesday
        Assert.Equal(480, Standard.WorkingMinutesBetween(Rome(day.y, day.m, day.d, 7), Rome(day.y, day.m, day.d, 19)));
        // Ending exactly at closing time is due at closing time, not at the next opening.
        Assert.Equal(Rome(day.y, day.m, day.d, 13), Standard.AddWorkingMinutes(Rome(day.y, day.m, day.d, 12, 30), 30));
        Assert.Equal(Rome(day.y, day.m, day.d, 14, 1), Standard.AddWorkingMinutes(Rome(day.y, day.m, day.d, 12, 30), 31));
        // Filed during the lunch break: the clock starts at 14:00.
        Assert.Equal(Rome(day.y, day.m, day.d, 14, 10), Standard.AddWorkingMinutes(Rome(day.y, day.m, day.d, 13, 30), 10));
        // Filed in the evening: next morning.
        Assert.Equal(Rome(2026, 11, 4, 8, 45), Standard.AddWorkingMinutes(Rome(day.y, day.m, day.d, 20), 15));
        // Friday closing to Monday opening: no working time at all.
        Assert.Equal(0, Standard.WorkingMinutesBetween(Rome(2026, 11, 6, 17, 30), Rome(2026, 11, 9, 8, 30)));
        Assert.Equal(Rome(2026, 11, 3, 13), Standard.AddWorkingMinutes(Rome(2026, 11, 3, 13), 0));
    }

    [Fact]
    public void WorkingDays_SameClockTimeInside_ClosingTimeFromOutside()
    {
        Assert.Equal(Rome(2026, 11, 5, 10), Standard.AddWorkingDays(Rome(2026, 11, 3, 10), 2));
        // Friday evening + 1 day: the whole of Monday.
        Assert.Equal(Rome(2026, 11, 9, 17, 30), Standard.AddWorkingDays(Rome(2026, 11, 6, 19), 1));
        // Friday 10:00 + 1 day: Monday 10:00 (the weekend does not count).
        Assert.Equal(Rome(2026, 11, 9, 10), Standard.AddWorkingDays(Rome(2026, 11, 6, 10), 1));
    }

    [Fact]
    public void DaylightSavingChange_WorkingTimeIsWhatReallyPasses()
    {
        // Friday 27 March 2026 16:00 CET (15:00 UTC) + 4 working hours: 90 minutes on Friday, 150 on Monday from 08:30 CEST.
        var friday = Rome(2026, 3, 27, 16);
        Assert.Equal(new DateTime(2026, 3, 27, 15, 0, 0, DateTimeKind.Utc), friday);
        var due = Standard.AddWorkingMinutes(friday, 240);
        Assert.Equal(new DateTime(2026, 3, 30, 9, 0, 0, DateTimeKind.Utc), due); // 11:00 CEST
        Assert.Equal(240, Standard.WorkingMinutesBetween(friday, due));

        // A round-the-clock Sunday: 23 hours on the spring change, 25 on the autumn change.
        var always = new WorkCalendar([WorkCalendar.ParseHours("00:00-24:00", "Domenica"), [], [], [], [], [], []], _ => null);
        Assert.Equal(23 * 60, always.WorkingMinutesBetween(Rome(2026, 3, 28, 12), Rome(2026, 3, 30, 12)));
        Assert.Equal(25 * 60, always.WorkingMinutesBetween(Rome(2026, 10, 24, 12), Rome(2026, 10, 26, 12)));
    }

    [Theory]
    [InlineData("08:30-13:00 25:00-26:00", "«25:00-26:00» non è un intervallo valido")]
    [InlineData("13:00-08:30", "la fine non segue l'inizio")]
    [InlineData("08:30-13:00 12:00-17:00", "si sovrappone al precedente")]
    [InlineData("mattina", "«mattina» non è un intervallo valido")]
    public void ParseHours_BadText_NamesTheDayAndTheInterval(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => WorkCalendar.ParseHours(text, "Lunedì"));
        Assert.StartsWith("Lunedì:", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
