using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls;

/// <summary>One entry of the scadenzario and one VEVENT of the iCalendar feed.</summary>
/// <param name="Uid">Stable for the life of the deadline: a moved deadline keeps it, so calendars move the event.</param>
/// <param name="Revision">iCalendar SEQUENCE.</param>
/// <param name="Kind">"Bando", and later "Progetto" for the project cards' milestones.</param>
public sealed record Scadenza(string Uid, int Revision, DateTime AtUtc, string Title, string? Detail, string Kind, string Link);

/// <summary>
/// Extension point of the scadenzario: every registered source adds its deadlines (calls here; the project cards feature
/// registers its milestones with <c>services.AddScoped&lt;IScadenzeSource, …&gt;()</c>). Sources read with the given scope.
/// </summary>
public interface IScadenzeSource
{
    Task<IReadOnlyList<Scadenza>> ListAsync(TenantScope scope, DateTime fromUtc, DateTime toUtc, bool onlyFollowed, CancellationToken ct);
}

/// <summary>
/// Deadlines of the calls a Province follows — its own calls and the shared calls it rated of medium or high relevance —
/// or of every call it sees (onlyFollowed false: the scadenzario's "tutti i bandi").
/// </summary>
public sealed class CallScadenzeSource(IDbContextFactory<PortalDbContext> factory) : IScadenzeSource
{
    public async Task<IReadOnlyList<Scadenza>> ListAsync(TenantScope scope, DateTime fromUtc, DateTime toUtc, bool onlyFollowed, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = scope;
        var province = scope.ProvinceId ?? -1;
        var query = db.CallDeadlines.AsNoTracking().Where(d => d.DeadlineUtc >= fromUtc && d.DeadlineUtc < toUtc);
        if (onlyFollowed)
            query = query.Where(d => d.ProvinceId == province
                || db.CallProvinceNotes.Any(n => n.CallId == d.CallId && n.ProvinceId == province && n.Relevance >= CallRelevance.Media));
        var rows = await query.OrderBy(d => d.DeadlineUtc).Take(5000)
            .Select(d => new { d.Uid, d.Revision, d.DeadlineUtc, d.Label, d.Ordinal, d.CallId, d.Call!.Identifier, d.Call.Title, d.Call.Programme, Count = d.Call.Deadlines.Count })
            .ToListAsync(ct);
        return rows.Select(r => new Scadenza(r.Uid, r.Revision, r.DeadlineUtc,
            $"Scadenza {r.Identifier}" + (r.Count > 1 ? $" ({r.Ordinal}/{r.Count})" : ""),
            $"{r.Title} · {r.Programme}" + (r.Label is null ? "" : $" · {r.Label}"), "Bando", $"/bandi/{r.CallId}")).ToList();
    }
}

public sealed class ScadenzarioService(IEnumerable<IScadenzeSource> sources)
{
    public async Task<IReadOnlyList<Scadenza>> ListAsync(TenantScope scope, DateTime fromUtc, DateTime toUtc, bool onlyFollowed, CancellationToken ct)
    {
        var all = new List<Scadenza>();
        foreach (var source in sources) all.AddRange(await source.ListAsync(scope, fromUtc, toUtc, onlyFollowed, ct));
        return all.OrderBy(s => s.AtUtc).ThenBy(s => s.Title).ToList();
    }
}
