using System.Text.RegularExpressions;
using MimeKit;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Crm;

public sealed class CrmNotFoundException() : Exception("Comune o convenzione non trovati.");

public sealed class CrmForbiddenException(string message) : Exception(message);

public sealed class CrmConcurrencyException() : Exception("La convenzione è stata modificata da un altro utente dopo che l'ha aperta: ricarichi la pagina e ripeta la modifica.");

/// <summary>Bad input: one Italian message per field, each naming the field.</summary>
public sealed class CrmValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public CrmValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }
}

public static class CrmAccess
{
    /// <summary>The competence centre and the Province's administrators keep the relationship with the Comuni.</summary>
    public static bool CanEdit(PortalPrincipal user) => user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator);

    /// <summary>The Dirigente reads the whole Province's CRM; a Comune user only its own agreement (see CrmService.MyAgreementAsync).</summary>
    public static bool CanRead(PortalPrincipal user) => CanEdit(user) || user.IsInRole(Roles.Manager);
}

/// <summary>The fee rule and the yearly schedule of an agreement, kept apart from the database so they can be checked to the cent.</summary>
public static class FeeRule
{
    /// <summary>
    /// Fixed part + population × rate per inhabitant (the rate in ten-thousandths of a euro), the variable part rounded to
    /// the cent half away from zero, then raised to the minimum and capped at the maximum when they are set.
    /// </summary>
    public static long YearlyFeeCents(long fixedCents, long perInhabitantTenThousandths, int population, long? minimumCents = null, long? capCents = null)
    {
        // population × rate is in ten-thousandths of a euro: /100 gives cents; +50 rounds the half cent up (values are never negative).
        var variableCents = ((long)population * perInhabitantTenThousandths + 50) / 100;
        var total = fixedCents + variableCents;
        if (minimumCents is long min && total < min) total = min;
        if (capCents is long cap && total > cap) total = cap;
        return total;
    }

    /// <summary>
    /// One quota per calendar year of the period, due on the agreement's day and month of that year; in the first year, when
    /// that day comes before the start, 30 days after the start.
    /// </summary>
    public static IReadOnlyList<(int Year, DateOnly DueDate)> Schedule(DateOnly start, DateOnly end, int dueMonth, int dueDay)
    {
        var list = new List<(int, DateOnly)>();
        for (var year = start.Year; year <= end.Year; year++)
        {
            var due = new DateOnly(year, dueMonth, Math.Min(dueDay, DateTime.DaysInMonth(year, dueMonth)));
            if (due < start) due = start.AddDays(30);
            list.Add((year, due));
        }
        return list;
    }

    /// <summary>Euros with at most <paramref name="decimals"/> decimals into integer units (cents for 2, ten-thousandths for 4); null when finer.</summary>
    public static long? ToUnits(decimal euros, int decimals)
    {
        var factor = decimals == 4 ? 10_000m : 100m;
        var scaled = euros * factor;
        return scaled == decimal.Truncate(scaled) ? (long)scaled : null;
    }

    public static string RateText(long tenThousandths) => "€ " + (tenThousandths / 10_000m).ToString("#,##0.00##", Formats.Italian);
}

public static partial class CrmAddresses
{
    /// <summary>A plain address (no display name), with a dotted domain: what a PEC or an institutional mailbox looks like.</summary>
    public static bool IsValid(string address) =>
        MailboxAddress.TryParse(address, out var m) && m.Address == address && Shape().IsMatch(address);

    [GeneratedRegex(@"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")] private static partial Regex Shape();

    public static bool IsPhone(string phone) => Phone().IsMatch(phone);

    [GeneratedRegex(@"^\+?[0-9][0-9 ./-]{4,30}$")] private static partial Regex Phone();
}
