using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Requests;

public sealed class CalendarInput
{
    public string? Monday { get; set; }
    public string? Tuesday { get; set; }
    public string? Wednesday { get; set; }
    public string? Thursday { get; set; }
    public string? Friday { get; set; }
    public string? Saturday { get; set; }
    public string? Sunday { get; set; }
    public string? PatronName { get; set; }
    public DateTime? PatronUsualDay { get; set; }
    public int RowVersion { get; set; }
}

public sealed record HolidayRow(DateOnly Date, string Name);

/// <summary>The business calendar of each Province: office hours, the patron saint (usual day and per-year changes).</summary>
public sealed class BusinessCalendarService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    /// <summary>The working-time calendar of a Province (defaults when it has none yet).</summary>
    public static async Task<WorkCalendar> LoadAsync(PortalDbContext db, int provinceId, CancellationToken ct)
    {
        var c = await db.Set<BusinessCalendar>().AsNoTracking().IgnoreQueryFilters([TenantScope.FilterName])
            .FirstOrDefaultAsync(x => x.ProvinceId == provinceId, ct) ?? new BusinessCalendar { ProvinceId = provinceId };
        var overrides = await db.Set<PatronDay>().AsNoTracking().IgnoreQueryFilters([TenantScope.FilterName])
            .Where(p => p.ProvinceId == provinceId).ToDictionaryAsync(p => p.Year, p => p.Date, ct);
        return Build(c, overrides);
    }

    public static WorkCalendar Build(BusinessCalendar c, IReadOnlyDictionary<int, DateOnly> patronByYear)
    {
        var names = new[] { "Domenica", "Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato" };
        var week = c.Week.Select((text, i) => WorkCalendar.ParseHours(text, names[i])).ToArray();
        return new WorkCalendar(week, year =>
            patronByYear.TryGetValue(year, out var d) ? d
            : c.PatronMonth is int m && c.PatronDayOfMonth is int day && day <= DateTime.DaysInMonth(year, m) ? new DateOnly(year, m, day)
            : null);
    }

    public static bool CanEdit(PortalPrincipal user) => user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin) && user.ProvinceId is not null;

    public async Task<BusinessCalendar> GetAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var provinceId = user.ProvinceId ?? throw new RequestValidationException("Calendario", "Il calendario lavorativo appartiene a una Provincia: l'utente non ne ha una.");
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Set<BusinessCalendar>().AsNoTracking().FirstOrDefaultAsync(x => x.ProvinceId == provinceId, ct)
            ?? new BusinessCalendar { ProvinceId = provinceId };
    }

    public async Task<int> SaveAsync(CalendarInput input, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CanEdit(user)) throw new RequestForbiddenException("Solo gli amministratori della Provincia modificano il calendario lavorativo.");
        var errors = new Dictionary<string, string>();
        var days = new (string Name, string Label, string? Text)[]
        {
            (nameof(input.Monday), "Lunedì", input.Monday), (nameof(input.Tuesday), "Martedì", input.Tuesday),
            (nameof(input.Wednesday), "Mercoledì", input.Wednesday), (nameof(input.Thursday), "Giovedì", input.Thursday),
            (nameof(input.Friday), "Venerdì", input.Friday), (nameof(input.Saturday), "Sabato", input.Saturday),
            (nameof(input.Sunday), "Domenica", input.Sunday),
        };
        foreach (var d in days)
        {
            try { WorkCalendar.ParseHours(d.Text, d.Label); }
            catch (FormatException ex) { errors[d.Name] = ex.Message; }
        }
        if (days.All(d => string.IsNullOrWhiteSpace(d.Text))) errors[nameof(input.Monday)] = "Orari d'ufficio: indicare almeno un giorno con un orario.";
        if (errors.Count > 0) throw new RequestValidationException(errors);

        await using var db = await dbFactory.CreateAsync(ct);
        var c = await db.Set<BusinessCalendar>().FirstOrDefaultAsync(x => x.ProvinceId == user.ProvinceId, ct);
        if (c is null) db.Add(c = new BusinessCalendar { ProvinceId = user.ProvinceId!.Value });
        else
        {
            db.Entry(c).Property(x => x.RowVersion).OriginalValue = input.RowVersion;
            c.RowVersion = input.RowVersion + 1;
        }
        string Norm(string? s) => WorkCalendar.FormatHours(WorkCalendar.ParseHours(s, ""));
        c.Monday = Norm(input.Monday); c.Tuesday = Norm(input.Tuesday); c.Wednesday = Norm(input.Wednesday);
        c.Thursday = Norm(input.Thursday); c.Friday = Norm(input.Friday); c.Saturday = Norm(input.Saturday); c.Sunday = Norm(input.Sunday);
        c.PatronName = (input.PatronName ?? "").Trim();
        c.PatronMonth = input.PatronUsualDay?.Month;
        c.PatronDayOfMonth = input.PatronUsualDay?.Day;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new RequestConcurrencyException(RequestConcurrencyException.CalendarChanged); }
        return c.RowVersion;
    }

    /// <summary>Moves the patron-saint holiday of one year (null: back to the usual day).</summary>
    public async Task SetPatronDayAsync(int year, DateOnly? date, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CanEdit(user)) throw new RequestForbiddenException("Solo gli amministratori della Provincia modificano il calendario lavorativo.");
        if (date is { } d && d.Year != year)
            throw new RequestValidationException("PatronDay", $"Festa del patrono {year}: la data {d:dd/MM/yyyy} non è dell'anno {year}.");
        await using var db = await dbFactory.CreateAsync(ct);
        var row = await db.Set<PatronDay>().FirstOrDefaultAsync(p => p.ProvinceId == user.ProvinceId && p.Year == year, ct);
        if (date is null) { if (row is not null) db.Remove(row); }
        else if (row is null) db.Add(new PatronDay { ProvinceId = user.ProvinceId!.Value, Year = year, Date = date.Value });
        else row.Date = date.Value;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The holidays of a year on the user's Province calendar, the patron included.</summary>
    public async Task<IReadOnlyList<HolidayRow>> HolidaysAsync(int year, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var list = WorkCalendar.NationalHolidays(year).Select(h => new HolidayRow(h.Date, h.Name)).ToList();
        if (user.ProvinceId is not int p) return list;
        await using var db = await dbFactory.CreateAsync(ct);
        var c = await db.Set<BusinessCalendar>().AsNoTracking().FirstOrDefaultAsync(x => x.ProvinceId == p, ct);
        var over = await db.Set<PatronDay>().AsNoTracking().FirstOrDefaultAsync(x => x.ProvinceId == p && x.Year == year, ct);
        var patron = over?.Date ?? (c?.PatronMonth is int m && c.PatronDayOfMonth is int d && d <= DateTime.DaysInMonth(year, m) ? new DateOnly(year, m, d) : null);
        if (patron is { } pd) list.Add(new HolidayRow(pd, string.IsNullOrWhiteSpace(c?.PatronName) ? "Santo patrono" : $"Santo patrono ({c!.PatronName})"));
        return list.OrderBy(h => h.Date).ToList();
    }
}
