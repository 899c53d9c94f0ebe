using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls.Projects;

public sealed record CallOption(int Id, string Identifier, string Title, string Programme);

/// <summary>The calls registry seen from the schede: references to a <see cref="Call"/> must name one the Province sees.</summary>
public static class EuCallLookup
{
    /// <summary>Refuses a call id that does not exist for the Province (another Province's own call included).</summary>
    public static async Task CheckCallAsync(PortalDbContext db, int provinceId, int? callId, string field, CancellationToken ct)
    {
        if (callId is not int id) return;
        if (!await db.Calls.IgnoreQueryFilters().AnyAsync(c => c.Id == id && (c.ProvinceId == null || c.ProvinceId == provinceId), ct))
            throw new EuWorkValidationException(field, $"Bando: il bando n. {id} non esiste nel registro dei bandi della Provincia.");
    }

    /// <summary>Calls whose title or identifier contains <paramref name="text"/>, for the pickers (at most <paramref name="take"/>).</summary>
    public static async Task<IReadOnlyList<CallOption>> SearchAsync(PortalDbContext db, string? text, int take, CancellationToken ct)
    {
        IQueryable<Call> q = db.Calls.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim().ToLower();
            q = q.Where(c => c.Title.ToLower().Contains(t) || c.Identifier.ToLower().Contains(t) || c.SearchText.Contains(t));
        }
        return await q.OrderByDescending(c => c.LastDeadlineUtc).ThenBy(c => c.Id).Take(take)
            .Select(c => new CallOption(c.Id, c.Identifier, c.Title, c.Programme)).ToListAsync(ct);
    }

    public static Task<CallOption?> FindAsync(PortalDbContext db, int id, CancellationToken ct) =>
        db.Calls.AsNoTracking().Where(c => c.Id == id).Select(c => new CallOption(c.Id, c.Identifier, c.Title, c.Programme)).FirstOrDefaultAsync(ct);
}
