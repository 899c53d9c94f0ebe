using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Agenda;

/// <summary>
/// A few national snapshots (each holds every Comune's scores, some MB): bounded so that the Comune card's trend, which
/// asks for one snapshot per date, cannot fill the server's memory.
/// </summary>
public sealed class AgendaScoreCache
{
    public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = 8 });
}

/// <summary>Scores of every Comune of Italy for one framework version as of a date, with the names the screens need.</summary>
public sealed class AgendaSnapshot
{
    public required AgendaFramework Framework { get; init; }
    public required IReadOnlyList<ScoringDimension> Dimensions { get; init; }
    public required IReadOnlyList<ScoringIndicator> Indicators { get; init; }
    public required IReadOnlyList<ComuneScore> Scores { get; init; }
    public required IReadOnlyDictionary<int, ComuneScore> ByComune { get; init; }
    public required IReadOnlyDictionary<int, (string Name, string IstatCode)> ComuneNames { get; init; }
    public required IReadOnlyDictionary<(int IndicatorId, int ComuneId), LatestValue> Values { get; init; }
    public DateOnly? AsOf { get; init; }
    /// <summary>Date of the newest value used.</summary>
    public DateOnly? DataDate { get; init; }
}

public sealed record AgendaArea(string Name, RollUp RollUp);

public sealed record AgendaOverview(int FrameworkId, string Period, int ProvinceId, string ProvinceName, string ProvinceSigla, DateOnly? DataDate,
    IReadOnlyList<ScoringDimension> Dimensions, IReadOnlyList<AgendaIndicator> Indicators, AgendaArea Province, AgendaArea Region, AgendaArea Italy,
    IReadOnlyList<int> Histogram, bool CanSeeRanking);

public sealed record RankingRow(int ComuneId, string Name, string IstatCode, int? Population, double? Score, double? Geometric, int? Rank,
    int? GeometricRank, int? RankShift, double Coverage, IReadOnlyList<double?> DimensionScores);

public sealed record RankingQuery(int ProvinceId, int Page, int PageSize, string? SortBy = null, bool Descending = false, string? Name = null);

public sealed record IndicatorValue(AgendaIndicator Indicator, double? Raw, double? Normalised, MeasureStatus? Status, DateOnly? MeasuredOn,
    IReadOnlyList<(DateOnly Date, double Value)> History);

public sealed record ComuneCard(int ComuneId, string Name, string IstatCode, int? Population, int ProvinceId, string ProvinceName, string Period,
    ComuneScore? Score, int ProvinceComuni, IReadOnlyList<ScoringDimension> Dimensions, IReadOnlyList<IndicatorValue> Indicators,
    IReadOnlyList<(DateOnly Date, double? Score, double Coverage)> Trend);

/// <summary>
/// Scores for the screen and the reports. Scores are computed for all Comuni of Italy at once (log min-max needs each
/// Province's range, comparisons need Region and Italy) and kept in the server's memory cache, keyed by everything that
/// changes them: framework settings, the newest import and the date. Readers get only what their role may see.
/// </summary>
public sealed class AgendaScoreService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, AgendaScoreCache scoreCache)
{
    private MemoryCache cache => scoreCache.Cache;

    public async Task<AgendaSnapshot?> SnapshotAsync(int? frameworkId = null, DateOnly? asOf = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var query = db.AgendaFrameworks.AsNoTracking().Include(f => f.Dimensions).Include(f => f.Indicators).AsSplitQuery();
        var framework = frameworkId is int id ? await query.FirstOrDefaultAsync(f => f.Id == id, ct) : await query.FirstOrDefaultAsync(f => f.IsCurrent, ct);
        if (framework is null) return null;
        var lastBatch = await db.AgendaImportBatches.MaxAsync(b => (int?)b.Id, ct) ?? 0;
        var settings = string.Join("|", framework.Dimensions.OrderBy(d => d.Id).Select(d => $"{d.Id}:{d.Weight}"))
                       + "#" + string.Join("|", framework.Indicators.OrderBy(i => i.Id).Select(i =>
                           $"{i.Id}:{i.DimensionId}:{i.Direction}:{i.Normalisation}:{i.TargetValue}:{i.GoalpostMin}:{i.GoalpostMax}:{i.Weight}"));
        var key = ("agenda-snapshot", framework.Id, asOf, lastBatch, settings);
        if (cache.TryGetValue(key, out AgendaSnapshot? cached) && cached is not null) return cached;
        var snapshot = await ComputeAsync(db, framework, asOf, ct);
        cache.Set(key, snapshot, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 });
        return snapshot;
    }

    /// <summary>Loads and scores without the cache (the benchmark measures this).</summary>
    public static async Task<AgendaSnapshot> ComputeAsync(PortalDbContext db, AgendaFramework framework, DateOnly? asOf, CancellationToken ct)
    {
        var dimensions = framework.Dimensions.OrderBy(d => d.SortOrder).ThenBy(d => d.Code).Select(d => new ScoringDimension(d.Id, d.Code, d.Name, d.Weight)).ToList();
        var indicators = framework.Indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Code)
            .Select(i => new ScoringIndicator(i.Id, i.Code, i.DimensionId, i.Direction, i.Normalisation, i.TargetValue, i.GoalpostMin, i.GoalpostMax, i.Weight)).ToList();
        var comuni = await db.Comuni.AsNoTracking().Where(c => c.SuppressedOn == null)
            .Select(c => new { c.Id, c.Name, c.IstatCode, c.ProvinceId, c.Province!.RegionId, c.Population }).ToListAsync(ct);
        var latest = await AgendaData.LatestAsync(db, indicators.Select(i => i.Id).ToList(), asOf, null, ct);
        var values = latest.ToDictionary(p => p.Key, p => p.Value.Value);
        var scores = AgendaScoring.Score(dimensions, indicators, comuni.Select(c => new ScoringComune(c.Id, c.ProvinceId, c.RegionId, c.Population)).ToList(), values);
        return new AgendaSnapshot
        {
            Framework = framework, Dimensions = dimensions, Indicators = indicators, Scores = scores,
            ByComune = scores.ToDictionary(s => s.ComuneId), ComuneNames = comuni.ToDictionary(c => c.Id, c => (c.Name, c.IstatCode)),
            Values = latest, AsOf = asOf, DataDate = latest.Count > 0 ? latest.Values.Max(v => v.MeasuredOn) : null,
        };
    }

    /// <summary>
    /// The Province's figures beside its Region's and Italy's. A platform administrator may ask for any Province;
    /// everybody else gets their own (another Province's id returns null, shown as "not found").
    /// </summary>
    public async Task<AgendaOverview?> OverviewAsync(int? provinceId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var id = await AllowedProvinceAsync(user, provinceId, ct);
        if (id is null) return null;
        var snapshot = await SnapshotAsync(null, null, ct);
        if (snapshot is null) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        var province = await db.Provinces.AsNoTracking().Include(p => p.Region).FirstAsync(p => p.Id == id, ct);
        var own = snapshot.Scores.Where(s => s.ProvinceId == province.Id).ToList();
        var region = snapshot.Scores.Where(s => s.RegionId == province.RegionId).ToList();
        var histogram = new int[10];
        foreach (var s in own.Where(s => s.Score is not null)) histogram[Math.Min(9, (int)(s.Score!.Value / 10))]++;
        return new AgendaOverview(snapshot.Framework.Id, snapshot.Framework.Period, province.Id, province.DisplayName, province.Sigla, snapshot.DataDate,
            snapshot.Dimensions, snapshot.Framework.Indicators.OrderBy(i => i.SortOrder).ToList(),
            new AgendaArea(province.DisplayName, AgendaScoring.Roll(own, snapshot.Indicators, snapshot.Dimensions)),
            new AgendaArea(province.Region!.Name, AgendaScoring.Roll(region, snapshot.Indicators, snapshot.Dimensions)),
            new AgendaArea("Italia", AgendaScoring.Roll(snapshot.Scores, snapshot.Indicators, snapshot.Dimensions)),
            histogram, !user.IsInRole(Roles.ComuneUser) || user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator, Roles.Manager));
    }

    /// <summary>One page of the Province's ranking. A Comune's user sees only its own row.</summary>
    public async Task<(IReadOnlyList<RankingRow> Items, int Total)> RankingAsync(RankingQuery query, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (await AllowedProvinceAsync(user, query.ProvinceId, ct) is null) return ([], 0);
        var snapshot = await SnapshotAsync(null, null, ct);
        if (snapshot is null) return ([], 0);
        IEnumerable<ComuneScore> rows = snapshot.Scores.Where(s => s.ProvinceId == query.ProvinceId);
        if (OnlyOwnComune(user)) rows = rows.Where(s => s.ComuneId == user.ComuneId);
        if (!string.IsNullOrWhiteSpace(query.Name))
            rows = rows.Where(s => snapshot.ComuneNames[s.ComuneId].Name.Contains(query.Name.Trim(), StringComparison.CurrentCultureIgnoreCase));
        var list = rows.Select(s => new RankingRow(s.ComuneId, snapshot.ComuneNames[s.ComuneId].Name, snapshot.ComuneNames[s.ComuneId].IstatCode,
            s.Population, s.Score, s.Geometric, s.Rank, s.GeometricRank, s.RankShift, s.Coverage, s.Dimensions.Select(d => d.Score).ToList())).ToList();
        var comparer = StringComparer.Create(Localization.Formats.Italian, true);
        IOrderedEnumerable<RankingRow> ordered = (query.SortBy, query.Descending) switch
        {
            (nameof(RankingRow.Name), false) => list.OrderBy(r => r.Name, comparer),
            (nameof(RankingRow.Name), true) => list.OrderByDescending(r => r.Name, comparer),
            (nameof(RankingRow.Population), false) => list.OrderBy(r => r.Population ?? -1),
            (nameof(RankingRow.Population), true) => list.OrderByDescending(r => r.Population ?? -1),
            (nameof(RankingRow.Coverage), false) => list.OrderBy(r => r.Coverage),
            (nameof(RankingRow.Coverage), true) => list.OrderByDescending(r => r.Coverage),
            (nameof(RankingRow.RankShift), false) => list.OrderBy(r => r.RankShift ?? int.MaxValue),
            (nameof(RankingRow.RankShift), true) => list.OrderByDescending(r => r.RankShift ?? int.MinValue),
            (nameof(RankingRow.Score), false) or (nameof(RankingRow.Rank), true) => list.OrderBy(r => r.Score ?? double.MaxValue),
            _ => list.OrderBy(r => r.Rank ?? int.MaxValue),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        return (ordered.ThenBy(r => r.Name, comparer).Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize).ToList(), list.Count);
    }

    /// <summary>A Comune's card; null when the user may not see that Comune (another Province, another Comune).</summary>
    public async Task<ComuneCard?> ComuneCardAsync(int comuneId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var comune = await db.Comuni.AsNoTracking().Include(c => c.Province).FirstOrDefaultAsync(c => c.Id == comuneId, ct);
        if (comune is null) return null;
        if (!user.IsPlatformAdmin && comune.ProvinceId != user.ProvinceId) return null;
        if (OnlyOwnComune(user) && user.ComuneId != comuneId) return null;
        var snapshot = await SnapshotAsync(null, null, ct);
        if (snapshot is null) return null;
        var indicatorIds = snapshot.Framework.Indicators.Select(i => i.Id).ToList();
        var history = (await db.AgendaMeasurements.AsNoTracking().Where(m => m.ComuneId == comuneId && indicatorIds.Contains(m.IndicatorId))
                .Select(m => new { m.IndicatorId, m.MeasuredOn, m.Value, m.Id }).ToListAsync(ct))
            .GroupBy(m => m.IndicatorId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.MeasuredOn).ThenBy(m => m.Id).Select(m => (m.MeasuredOn, m.Value)).ToList());
        snapshot.ByComune.TryGetValue(comuneId, out var score);
        var indicators = snapshot.Framework.Indicators.OrderBy(i => i.SortOrder).Select(i =>
        {
            var has = snapshot.Values.TryGetValue((i.Id, comuneId), out var v);
            double? normalised = score is not null && score.Normalised.TryGetValue(i.Id, out var n) ? n : null;
            return new IndicatorValue(i, has ? v.Value : null, normalised, has ? v.Status : null, has ? v.MeasuredOn : null,
                history.GetValueOrDefault(i.Id) ?? []);
        }).ToList();
        foreach (var i in indicators) i.Indicator.Dimension = snapshot.Framework.Dimensions.First(d => d.Id == i.Indicator.DimensionId);
        // The score as it was at every date a value of this Comune changed.
        var trend = new List<(DateOnly, double?, double)>();
        foreach (var date in history.Values.SelectMany(h => h.Select(x => x.Item1)).Distinct().OrderBy(d => d).TakeLast(12))
        {
            var past = await SnapshotAsync(snapshot.Framework.Id, date, ct);
            if (past?.ByComune.TryGetValue(comuneId, out var s) == true) trend.Add((date, s.Score, s.Coverage));
        }
        return new ComuneCard(comune.Id, comune.Name, comune.IstatCode, comune.Population, comune.ProvinceId, comune.Province!.DisplayName,
            snapshot.Framework.Period, score, snapshot.Scores.Count(s => s.ProvinceId == comune.ProvinceId && s.Score is not null),
            snapshot.Dimensions, indicators, trend);
    }

    private static bool OnlyOwnComune(PortalPrincipal user) =>
        user.IsInRole(Roles.ComuneUser) && !user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator, Roles.Manager);

    private async Task<int?> AllowedProvinceAsync(PortalPrincipal user, int? requested, CancellationToken ct)
    {
        if (!user.Satisfies(Policies.DigitalAgenda)) return null;
        if (!user.IsPlatformAdmin) return requested is null || requested == user.ProvinceId ? user.ProvinceId : null;
        if (requested is int id)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.Provinces.AnyAsync(p => p.Id == id, ct) ? id : null;
        }
        return user.ProvinceId;
    }
}
