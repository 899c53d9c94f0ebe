using System.Globalization;

namespace ProvincePortal.Localization;

/// <summary>How the platform writes dates and amounts everywhere (UI, PDF, Excel, e-mail): dd/MM/yyyy and € 1.234,56.</summary>
public static class Formats
{
    public static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", Italian);
    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";
    public static string Date(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Rome).ToString("dd/MM/yyyy", Italian);
    public static string DateTime(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Rome).ToString("dd/MM/yyyy HH:mm", Italian);
    public static string DateTime(System.DateTime? utc) => utc is { } d ? DateTime(d) : "";
    public static string Euro(decimal amount) => "€ " + amount.ToString("N2", Italian);
    public static string EuroCents(long cents) => Euro(cents / 100m);
    /// <summary>Empty for an amount not given.</summary>
    public static string EuroCents(long? cents) => cents is { } c ? EuroCents(c) : "";
    public static string Number(long value) => value.ToString("N0", Italian);
    public static string Number(double value, int decimals = 1) => value.ToString("N" + decimals, Italian);

    /// <summary>A wall-clock time in Rome (Kind ignored) as UTC, for storage.</summary>
    public static System.DateTime RomeToUtc(System.DateTime romeLocal) =>
        TimeZoneInfo.ConvertTimeToUtc(System.DateTime.SpecifyKind(romeLocal, DateTimeKind.Unspecified), Rome);

    /// <summary>Midnight in Rome at the start of <paramref name="day"/>, as UTC: the lower bound of a "from day" filter.</summary>
    public static System.DateTime StartOfDayUtc(DateOnly day) => RomeToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>Europe/Rome: the offices' clock, for display and for working-time calculations.</summary>
    public static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
}
