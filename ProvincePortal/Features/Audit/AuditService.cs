using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Audit;

public sealed record AuditFieldChangeRow(string Field, string? OldValue, string? NewValue);

public sealed record AuditEntryRow(
    long Id, DateTime AtUtc, string UserName, int? ProvinceId, string? ProvinceSigla, string Entity, string EntityKey,
    AuditAction Action, int? RecordCount, IReadOnlyList<AuditFieldChangeRow> Changes)
{
    public bool IsSummary => RecordCount is not null;
}

public sealed record AuditPage(IReadOnlyList<AuditEntryRow> Items, int TotalItems);

/// <summary>
/// What the registry page and the Excel export filter on. Dates are calendar days in Europe/Rome, both included.
/// The query-string names are the ones of GET /amministrazione/registro/excel.
/// </summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, string? User = null, string? Entity = null, AuditAction? Action = null, string? Text = null)
{
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
        }
        Add("da", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("a", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("utente", User);
        Add("entita", Entity);
        Add("azione", Action?.ToString());
        Add("testo", Text);
        return string.Join('&', parts);
    }

    /// <summary>Reads the filter of the export link; an invalid value is an Italian message naming the parameter.</summary>
    public static (AuditFilter? Filter, string? Error) FromQuery(IQueryCollection query)
    {
        DateOnly? from = null, to = null;
        AuditAction? action = null;
        foreach (var (name, assign) in new (string, Action<DateOnly>)[] { ("da", d => from = d), ("a", d => to = d) })
        {
            var text = query[name].ToString();
            if (text.Length == 0) continue;
            if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return (null, $"Il parametro '{name}' ('{text}') non è una data valida: usare aaaa-mm-gg, per esempio 2026-11-26.");
            assign(date);
        }
        if (from > to)
            return (null, $"Il periodo non è valido: la data iniziale ({Formats.Date(from)}) è successiva a quella finale ({Formats.Date(to)}).");
        var actionText = query["azione"].ToString();
        if (actionText.Length > 0)
        {
            if (!Enum.TryParse<AuditAction>(actionText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(actionText, out _))
                return (null, $"Il parametro 'azione' ('{actionText}') non è valido: valori ammessi Inserimento, Modifica, Eliminazione.");
            action = parsed;
        }
        static string? Text(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        return (new AuditFilter(from, to, Text(query["utente"]), Text(query["entita"]), action, Text(query["testo"])), null);
    }
}

/// <summary>
/// Reads the audit trail. Tenancy is enforced here: a platform administrator sees every entry, everybody else only the
/// entries of their own Province (never platform-wide ones). The registry and its export need the Administration policy.
/// </summary>
public sealed class AuditService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    /// <summary>An export is for reading, not a backup: beyond this the user narrows the period.</summary>
    public const int MaxExportEntries = 10_000;

    /// <summary>The history of one record, newest first, for the Storico panel.</summary>
    public async Task<AuditPage> GetHistoryAsync(string entity, string entityKey, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = Visible(db).Where(e => e.Entity == entity && e.EntityKey == entityKey);
        var total = await query.CountAsync(ct);
        var items = await Project(db, query.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Skip(skip).Take(take)).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    /// <summary>One page of the registry, for administrators.</summary>
    public async Task<AuditPage> SearchAsync(AuditFilter filter, string? sortBy, bool descending, int skip, int take, CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var query = Apply(Visible(db), filter);
        var total = await query.CountAsync(ct);
        var items = await Project(db, Sort(query, sortBy, descending).Skip(skip).Take(take)).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    /// <summary>The entity names that appear in the entries the user may see, for the filter.</summary>
    public async Task<IReadOnlyList<string>> ListEntitiesAsync(CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        return await Visible(db).Select(e => e.Entity).Distinct().OrderBy(e => e).ToListAsync(ct);
    }

    /// <summary>The filtered entries, newest first, at most <see cref="MaxExportEntries"/> (Truncated says so).</summary>
    public async Task<(IReadOnlyList<AuditEntryRow> Items, bool Truncated)> ExportAsync(AuditFilter filter, CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var query = Sort(Apply(Visible(db), filter), null, true);
        var items = await Project(db, query.Take(MaxExportEntries + 1)).ToListAsync(ct);
        return items.Count > MaxExportEntries ? (items.Take(MaxExportEntries).ToList(), true) : (items, false);
    }

    private async Task EnsureAdministratorAsync()
    {
        if (!(await currentUser.GetAsync()).Satisfies(Policies.Administration))
            throw new UnauthorizedAccessException("Il registro attività è riservato agli amministratori.");
    }

    private static IQueryable<AuditEntry> Visible(PortalDbContext db)
    {
        var scope = db.Scope;
        if (scope.SeesAllProvinces) return db.AuditEntries.AsNoTracking();
        // A user without a Province sees nothing: comparing with null would show the platform-wide entries.
        if (scope.ProvinceId is not int province) return db.AuditEntries.AsNoTracking().Where(_ => false);
        return db.AuditEntries.AsNoTracking().Where(e => e.ProvinceId == province);
    }

    private static IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (filter.From is { } from)
        {
            var fromUtc = Formats.StartOfDayUtc(from);
            query = query.Where(e => e.AtUtc >= fromUtc);
        }
        if (filter.To is { } to)
        {
            var untilUtc = Formats.StartOfDayUtc(to.AddDays(1));
            query = query.Where(e => e.AtUtc < untilUtc);
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim().ToLower();
            query = query.Where(e => e.UserName.ToLower().Contains(user));
        }
        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            var entity = filter.Entity.Trim();
            query = query.Where(e => e.Entity == entity);
        }
        if (filter.Action is { } action) query = query.Where(e => e.Action == action);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim().ToLower();
            query = query.Where(e => e.EntityKey.ToLower().Contains(text) || e.Changes.Any(c => c.Field.ToLower().Contains(text)));
        }
        return query;
    }

    private static IQueryable<AuditEntry> Sort(IQueryable<AuditEntry> query, string? sortBy, bool descending) => (sortBy, descending) switch
    {
        (nameof(AuditEntryRow.UserName), false) => query.OrderBy(e => e.UserName).ThenByDescending(e => e.Id),
        (nameof(AuditEntryRow.UserName), true) => query.OrderByDescending(e => e.UserName).ThenByDescending(e => e.Id),
        (nameof(AuditEntryRow.Entity), false) => query.OrderBy(e => e.Entity).ThenByDescending(e => e.Id),
        (nameof(AuditEntryRow.Entity), true) => query.OrderByDescending(e => e.Entity).ThenByDescending(e => e.Id),
        (nameof(AuditEntryRow.Action), false) => query.OrderBy(e => e.Action).ThenByDescending(e => e.Id),
        (nameof(AuditEntryRow.Action), true) => query.OrderByDescending(e => e.Action).ThenByDescending(e => e.Id),
        (nameof(AuditEntryRow.AtUtc), false) => query.OrderBy(e => e.AtUtc).ThenBy(e => e.Id),
        _ => query.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id),
    };

    private static IQueryable<AuditEntryRow> Project(PortalDbContext db, IQueryable<AuditEntry> query) =>
        query.Select(e => new AuditEntryRow(
            e.Id, e.AtUtc, e.UserName, e.ProvinceId,
            db.Provinces.Where(p => p.Id == e.ProvinceId).Select(p => p.Sigla).FirstOrDefault(),
            e.Entity, e.EntityKey, e.Action, e.RecordCount,
            e.Changes.OrderBy(c => c.Id).Select(c => new AuditFieldChangeRow(c.Field, c.OldValue, c.NewValue)).ToList()));

}
