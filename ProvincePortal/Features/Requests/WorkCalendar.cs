using System.Globalization;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests;

/// <summary>An office interval of one weekday, local time in Rome; <see cref="End"/> of 24:00 is written as <see cref="TimeSpan.FromHours(double)"/> 24.</summary>
public readonly record struct OfficeInterval(TimeSpan Start, TimeSpan End)
{
    public double Minutes => (End - Start).TotalMinutes;
}

/// <summary>
/// Working time on a Province's business calendar: office hours per weekday (Europe/Rome wall clock), Italian national
/// holidays, Easter Monday of each year, 4 October from 2026 (L. 151/2025) and the patron saint of the seat.
/// Every interval is turned into UTC day by day, so a day on which the clocks change counts the minutes that really pass.
/// </summary>
public sealed class WorkCalendar
{
    private readonly IReadOnlyList<OfficeInterval>[] week; // index: DayOfWeek
    private readonly Func<int, DateOnly?> patronOf;

    /// <param name="week">Office intervals by <see cref="DayOfWeek"/> (Sunday = 0), sorted and not overlapping.</param>
    /// <param name="patronOf">The patron-saint holiday of a year (null: none).</param>
    public WorkCalendar(IReadOnlyList<OfficeInterval>[] week, Func<int, DateOnly?> patronOf)
    {
        if (week.Length != 7) throw new ArgumentException("Servono gli orari dei sette giorni della settimana.", nameof(week));
        this.week = week;
        this.patronOf = patronOf;
        if (week.All(d => d.Count == 0)) throw new ArgumentException("Il calendario non ha alcun orario d'ufficio.", nameof(week));
    }

    /// <summary>Monday to Friday 08:30–13:00 and 14:00–17:30: the default of a new Province.</summary>
    public const string DefaultWeekdayHours = "08:30-13:00 14:00-17:30";

    public static WorkCalendar Standard(Func<int, DateOnly?>? patronOf = null)
    {
        var weekday = ParseHours(DefaultWeekdayHours, "orario");
        return new WorkCalendar([[], weekday, weekday, weekday, weekday, weekday, []], patronOf ?? (_ => null));
    }

    // ---------- Holidays ----------

    /// <summary>Gregorian Easter Sunday (Meeus/Jones/Butcher algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The national holidays of a year with their names (the patron saint is per Province, see <see cref="IsHoliday"/>).</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> NationalHolidays(int year)
    {
        var list = new List<(DateOnly, string)>
        {
            (new(year, 1, 1), "Capodanno"),
            (new(year, 1, 6), "Epifania"),
            (EasterSunday(year).AddDays(1), "Lunedì dell'Angelo"),
            (new(year, 4, 25), "Festa della Liberazione"),
            (new(year, 5, 1), "Festa del Lavoro"),
            (new(year, 6, 2), "Festa della Repubblica"),
            (new(year, 8, 15), "Assunzione di Maria"),
            (new(year, 11, 1), "Ognissanti"),
            (new(year, 12, 8), "Immacolata Concezione"),
            (new(year, 12, 25), "Natale"),
            (new(year, 12, 26), "Santo Stefano"),
        };
        // San Francesco d'Assisi, national holiday again from 2026 (L. 151/2025).
        if (year >= 2026) list.Add((new(year, 10, 4), "San Francesco d'Assisi"));
        return list.OrderBy(x => x.Item1).ToList();
    }

    public bool IsHoliday(DateOnly date) =>
        patronOf(date.Year) == date || NationalHolidays(date.Year).Any(h => h.Date == date);

    public bool IsWorkingDay(DateOnly date) => week[(int)date.DayOfWeek].Count > 0 && !IsHoliday(date);

    // ---------- Working time ----------

    /// <summary>The office intervals of a local day as UTC instants (none on holidays).</summary>
    public IEnumerable<(DateTime Start, DateTime End)> IntervalsUtc(DateOnly day)
    {
        if (IsHoliday(day)) yield break;
        foreach (var i in week[(int)day.DayOfWeek])
            yield return (ToUtc(day, i.Start), ToUtc(day, i.End));
    }

    /// <summary>Working minutes between two instants (0 when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>).</summary>
    public double WorkingMinutesBetween(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc) return 0;
        double total = 0;
        for (var day = LocalDay(fromUtc).AddDays(-1); day <= LocalDay(toUtc); day = day.AddDays(1))
            foreach (var (s, e) in IntervalsUtc(day))
            {
                var start = s > fromUtc ? s : fromUtc;
                var end = e < toUtc ? e : toUtc;
                if (end > start) total += (end - start).TotalMinutes;
            }
        return total;
    }

    /// <summary>
    /// The instant at which <paramref name="minutes"/> of working time have passed since <paramref name="fromUtc"/>.
    /// Zero minutes outside office hours gives <paramref name="fromUtc"/> itself; a target ending exactly at closing time
    /// is due at closing time, not at the next opening.
    /// </summary>
    public DateTime AddWorkingMinutes(DateTime fromUtc, double minutes)
    {
        if (minutes <= 0) return fromUtc;
        var left = minutes;
        var day = LocalDay(fromUtc).AddDays(-1);
        for (var guard = 0; guard < 366 * 20; guard++, day = day.AddDays(1))
            foreach (var (s, e) in IntervalsUtc(day))
            {
                if (e <= fromUtc) continue;
                var start = s > fromUtc ? s : fromUtc;
                var available = (e - start).TotalMinutes;
                if (left <= available) return start.AddMinutes(left);
                left -= available;
            }
        throw new InvalidOperationException("Calendario lavorativo: nessun orario d'ufficio nei prossimi vent'anni.");
    }

    /// <summary>
    /// <paramref name="days"/> working days later: from an instant inside office hours, the same clock time on the n-th
    /// next working day (its closing time if that day is shorter); from outside office hours the days count from the next
    /// opening, so one day is due at the closing time of that next working day.
    /// </summary>
    public DateTime AddWorkingDays(DateTime fromUtc, int days)
    {
        if (days <= 0) return fromUtc;
        var start = NextWorkingInstant(fromUtc);
        var day = LocalDay(start);
        var intoDay = WorkingMinutesBetween(ToUtc(day, TimeSpan.Zero), start);
        var count = intoDay == 0 ? days - 1 : days;
        for (var n = 0; n < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) n++;
        }
        var intervals = IntervalsUtc(day).ToList();
        var dayLength = intervals.Sum(i => (i.End - i.Start).TotalMinutes);
        return intoDay == 0 || intoDay >= dayLength ? intervals[^1].End : AddWorkingMinutes(ToUtc(day, TimeSpan.Zero), intoDay);
    }

    /// <summary><paramref name="fromUtc"/> itself inside office hours, else the next opening.</summary>
    public DateTime NextWorkingInstant(DateTime fromUtc)
    {
        var day = LocalDay(fromUtc).AddDays(-1);
        for (var guard = 0; guard < 366 * 20; guard++, day = day.AddDays(1))
            foreach (var (s, e) in IntervalsUtc(day))
                if (e > fromUtc) return s > fromUtc ? s : fromUtc;
        throw new InvalidOperationException("Calendario lavorativo: nessun orario d'ufficio nei prossimi vent'anni.");
    }

    public static DateOnly LocalDay(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Rome));

    /// <summary>A Rome wall-clock time of a day as UTC; a time skipped by the spring change is moved one hour on.</summary>
    public static DateTime ToUtc(DateOnly day, TimeSpan time)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).Add(time);
        if (Formats.Rome.IsInvalidTime(local)) local = local.AddHours(1);
        return Formats.RomeToUtc(local);
    }

    // ---------- Office hours as text ----------

    /// <summary>
    /// Parses "08:30-13:00 14:00-17:30" (empty: closed). <paramref name="where"/> names the field in the error message.
    /// </summary>
    public static IReadOnlyList<OfficeInterval> ParseHours(string? text, string where)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var result = new List<OfficeInterval>();
        foreach (var part in text.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (bounds.Length != 2 || !TryTime(bounds[0], out var s) || !TryTime(bounds[1], out var e))
                throw new FormatException($"{where}: «{part}» non è un intervallo valido (esempio: 08:30-13:00).");
            if (e <= s) throw new FormatException($"{where}: nell'intervallo «{part}» la fine non segue l'inizio.");
            if (result.Count > 0 && s < result[^1].End)
                throw new FormatException($"{where}: l'intervallo «{part}» si sovrappone al precedente o non è in ordine.");
            result.Add(new OfficeInterval(s, e));
        }
        return result;
    }

    public static string FormatHours(IReadOnlyList<OfficeInterval> intervals) =>
        string.Join(" ", intervals.Select(i => $"{Hhmm(i.Start)}-{Hhmm(i.End)}"));

    private static string Hhmm(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}";

    private static bool TryTime(string s, out TimeSpan value)
    {
        value = default;
        var p = s.Trim().Split(':');
        if (p.Length != 2 || !int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 59 || h > 24 || (h == 24 && m > 0))
            return false;
        value = new TimeSpan(h, m, 0);
        return true;
    }
}
