using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Agenda;

/// <summary>The value of one indicator for one Comune as of a date.</summary>
public readonly record struct LatestValue(int IndicatorId, int ComuneId, double Value, MeasureStatus? Status, DateOnly MeasuredOn);

internal static class AgendaData
{
    /// <summary>
    /// The latest value of each (indicator, Comune) measured on or before <paramref name="asOf"/>. Read as narrow rows and
    /// reduced here: one pass over an index-ordered scan is cheaper than a correlated "max date" subquery on SQLite.
    /// </summary>
    public static async Task<Dictionary<(int IndicatorId, int ComuneId), LatestValue>> LatestAsync(PortalDbContext db,
        IReadOnlyCollection<int> indicatorIds, DateOnly? asOf, IReadOnlyCollection<int>? comuneIds, CancellationToken ct)
    {
        var query = db.AgendaMeasurements.AsNoTracking().Where(m => indicatorIds.Contains(m.IndicatorId));
        if (asOf is DateOnly date) query = query.Where(m => m.MeasuredOn <= date);
        if (comuneIds is not null) query = query.Where(m => comuneIds.Contains(m.ComuneId));
        var result = new Dictionary<(int, int), LatestValue>();
        var ids = new Dictionary<(int, int), long>();
        await foreach (var m in query.Select(m => new { m.Id, m.IndicatorId, m.ComuneId, m.Value, m.Status, m.MeasuredOn }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = (m.IndicatorId, m.ComuneId);
            if (result.TryGetValue(key, out var current) && (current.MeasuredOn > m.MeasuredOn || (current.MeasuredOn == m.MeasuredOn && ids[key] > m.Id)))
                continue;
            result[key] = new LatestValue(m.IndicatorId, m.ComuneId, m.Value, m.Status, m.MeasuredOn);
            ids[key] = m.Id;
        }
        return result;
    }
}
