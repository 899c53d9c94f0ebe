using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Agenda;

/// <summary>What a report is asked for: a Province by sigla or <see cref="AgendaReportService.National"/>, a framework period.</summary>
public sealed record AgendaReportRequest(string Provincia, string? Period = null, bool ComunePages = false);

/// <summary>One Comune's line of the report: its names beside its scores (ranks within the report's area).</summary>
public sealed record AgendaReportComune(int ComuneId, string Name, string IstatCode, string ProvinceSigla, int? Population, ComuneScore Score, int? Rank);

/// <summary>A Province of the national report with its roll-up; <paramref name="Rank"/> by mean score.</summary>
public sealed record AgendaReportProvince(string Sigla, string Name, string Region, RollUp RollUp, int? Rank);

/// <summary>
/// Everything a PDF or Excel report of the Agenda digitale shows, built once from <see cref="AgendaScoreService"/>'s
/// snapshot: both outputs render this and nothing else, so they cannot disagree.
/// </summary>
public sealed class AgendaReport
{
    public required string AreaName { get; init; }
    /// <summary>The Province's sigla; null for the national report.</summary>
    public string? Sigla { get; init; }
    public bool National => Sigla is null;
    public required string Organisation { get; init; }
    public required string Period { get; init; }
    public required string FrameworkTitle { get; init; }
    public required string FrameworkSourceNote { get; init; }
    public DateOnly? DataDate { get; init; }
    public required DateTime GeneratedAtUtc { get; init; }
    public required IReadOnlyList<ScoringDimension> Dimensions { get; init; }
    /// <summary>The framework's indicators in their order, each with its dimension's code.</summary>
    public required IReadOnlyList<(AgendaIndicator Indicator, string DimensionCode)> Indicators { get; init; }
    public required RollUp RollUp { get; init; }
    /// <summary>The area first, then what it is compared with: its Region and Italy, or (national) every Region.</summary>
    public required IReadOnlyList<AgendaArea> Comparison { get; init; }
    /// <summary>Comuni with a score in the classes 0–10, …, 90–100.</summary>
    public required IReadOnlyList<int> Histogram { get; init; }
    /// <summary>Every Comune of the area, best first (Comuni without a score last, by name).</summary>
    public required IReadOnlyList<AgendaReportComune> Comuni { get; init; }
    /// <summary>National report only: the Provinces, best mean first.</summary>
    public required IReadOnlyList<AgendaReportProvince> Provinces { get; init; }
    public required IReadOnlyDictionary<(int IndicatorId, int ComuneId), LatestValue> Values { get; init; }
    public bool ComunePages { get; init; }

    public string Title => "Agenda digitale: report " + (National ? "nazionale" : AreaName);

    public string FileName(string extension) =>
        $"agenda-digitale-{(National ? "italia" : Sigla!.ToLowerInvariant())}-{Period}-{GeneratedAtUtc:yyyyMMdd}.{extension}";
}

/// <summary>A Province the user may not see, or one that does not exist: the same answer for both ("not found").</summary>
public sealed class AgendaReportNotFoundException(string message) : Exception(message);

/// <summary>The user may not have this report at all (a Comune's user, the national report without the role).</summary>
public sealed class AgendaReportForbiddenException(string message) : Exception(message);

/// <summary>A request that names something wrong (an unknown period).</summary>
public sealed class AgendaReportException(string message) : Exception(message);

/// <summary>
/// Builds <see cref="AgendaReport"/> with the rules of the /agenda page: a Province's users get their own Province, a
/// platform administrator any Province and the national report (the only role that can switch Province on the page);
/// a Comune's user sees only its own row on the page, so the Province's report (every Comune's ranking) is not theirs.
/// </summary>
public sealed class AgendaReportService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, AgendaScoreService scores, TimeProvider clock)
{
    public const string National = "TUTTE";

    public async Task<AgendaReport> BuildAsync(AgendaReportRequest request, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.DigitalAgenda))
            throw new AgendaReportForbiddenException("Il report dell'Agenda digitale non è disponibile per questo utente.");
        if (user.IsInRole(Roles.ComuneUser) && !user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator, Roles.Manager))
            throw new AgendaReportForbiddenException("Il report con la graduatoria dei Comuni è riservato alla Provincia.");

        var sigla = request.Provincia.Trim().ToUpperInvariant();
        var national = sigla == National;
        if (national && !user.IsPlatformAdmin)
            throw new AgendaReportForbiddenException("Il report nazionale (TUTTE) è riservato agli amministratori della piattaforma.");

        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var frameworks = await db.AgendaFrameworks.AsNoTracking().Select(f => new { f.Id, f.Period, f.IsCurrent }).ToListAsync(ct);
        var framework = string.IsNullOrWhiteSpace(request.Period)
            ? frameworks.FirstOrDefault(f => f.IsCurrent)
            : frameworks.FirstOrDefault(f => f.Period == request.Period.Trim());
        if (framework is null)
            throw new AgendaReportException(string.IsNullOrWhiteSpace(request.Period)
                ? "Il quadro degli indicatori non è ancora stato creato."
                : $"periodo «{request.Period}» inesistente; periodi disponibili: {string.Join(", ", frameworks.Select(f => f.Period).Order())}.");

        var provinces = await db.Provinces.AsNoTracking()
            .Select(p => new { p.Id, p.Sigla, p.Type, p.Name, p.RegionId, Region = p.Region!.Name, p.SuppressedOn }).ToListAsync(ct);
        var byId = provinces.ToDictionary(p => p.Id);
        var province = national ? null : provinces.Where(p => p.Sigla == sigla).OrderBy(p => p.SuppressedOn != null).FirstOrDefault();
        if (!national && (province is null || (!user.IsPlatformAdmin && province.Id != user.ProvinceId)))
            throw new AgendaReportNotFoundException($"provincia «{request.Provincia}» non trovata.");

        var snapshot = await scores.SnapshotAsync(framework.Id, null, ct)
                       ?? throw new AgendaReportException("Il quadro degli indicatori non è ancora stato creato.");
        var comparer = StringComparer.Create(Formats.Italian, true);
        var own = national ? snapshot.Scores : snapshot.Scores.Where(s => s.ProvinceId == province!.Id).ToList();
        var ordered = own.OrderBy(s => s.Score is null).ThenByDescending(s => s.Score ?? 0)
            .ThenBy(s => snapshot.ComuneNames[s.ComuneId].Name, comparer).ToList();
        var nationalRanks = national ? CompetitionRanks(ordered.Where(s => s.Score is not null).Select(s => s.Score!.Value).ToList()) : [];
        var comuni = ordered.Select((s, i) => new AgendaReportComune(s.ComuneId, snapshot.ComuneNames[s.ComuneId].Name, snapshot.ComuneNames[s.ComuneId].IstatCode,
            byId.TryGetValue(s.ProvinceId, out var p) ? p.Sigla : "", s.Population, s, national ? (s.Score is null ? null : nationalRanks[i]) : s.Rank)).ToList();

        RollUp Roll(IReadOnlyList<ComuneScore> group) => AgendaScoring.Roll(group, snapshot.Indicators, snapshot.Dimensions);
        var rollUp = Roll(own);
        var areaName = national ? "Italia" : Territory.Province.DisplayNameOf(province!.Type, province.Name);
        var comparison = new List<AgendaArea> { new(areaName, rollUp) };
        var byRegion = snapshot.Scores.GroupBy(s => s.RegionId).ToDictionary(g => g.Key, g => g.ToList());
        var regionNames = provinces.GroupBy(p => p.RegionId).ToDictionary(g => g.Key, g => g.First().Region);
        if (national)
            comparison.AddRange(byRegion.Select(r => new AgendaArea(regionNames.GetValueOrDefault(r.Key, ""), Roll(r.Value))).OrderBy(a => a.Name, comparer));
        else
        {
            comparison.Add(new AgendaArea(province!.Region, Roll(byRegion.GetValueOrDefault(province.RegionId) ?? [])));
            comparison.Add(new AgendaArea("Italia", Roll(snapshot.Scores)));
        }

        var provinceRows = new List<AgendaReportProvince>();
        if (national)
        {
            var rolled = snapshot.Scores.GroupBy(s => s.ProvinceId).Where(g => byId.ContainsKey(g.Key))
                .Select(g => (Province: byId[g.Key], RollUp: Roll(g.ToList())))
                .OrderBy(x => x.RollUp.Mean is null).ThenByDescending(x => x.RollUp.Mean ?? 0).ThenBy(x => x.Province.Name, comparer).ToList();
            var ranks = CompetitionRanks(rolled.Where(x => x.RollUp.Mean is not null).Select(x => x.RollUp.Mean!.Value).ToList());
            provinceRows.AddRange(rolled.Select((x, i) => new AgendaReportProvince(x.Province.Sigla, Territory.Province.DisplayNameOf(x.Province.Type, x.Province.Name),
                x.Province.Region, x.RollUp, x.RollUp.Mean is null ? null : ranks[i])));
        }

        var histogram = new int[10];
        foreach (var s in own.Where(s => s.Score is not null)) histogram[Math.Min(9, (int)(s.Score!.Value / 10))]++;
        var dimensionCodes = snapshot.Dimensions.ToDictionary(d => d.Id, d => d.Code);
        return new AgendaReport
        {
            AreaName = areaName, Sigla = national ? null : province!.Sigla,
            Organisation = national ? "ProvincePortal · Agenda digitale" : areaName,
            Period = snapshot.Framework.Period, FrameworkTitle = snapshot.Framework.Title, FrameworkSourceNote = snapshot.Framework.SourceNote,
            DataDate = snapshot.DataDate, GeneratedAtUtc = clock.GetUtcNow().UtcDateTime,
            Dimensions = snapshot.Dimensions,
            Indicators = snapshot.Framework.Indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Code)
                .Select(i => (i, dimensionCodes.GetValueOrDefault(i.DimensionId, ""))).ToList(),
            RollUp = rollUp, Comparison = comparison, Histogram = histogram, Comuni = comuni, Provinces = provinceRows,
            Values = snapshot.Values, ComunePages = request.ComunePages && !national,
        };
    }

    public async Task<string?> SiglaOfAsync(int provinceId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        return await db.Provinces.Where(p => p.Id == provinceId).Select(p => p.Sigla).FirstOrDefaultAsync(ct);
    }

    /// <summary>Competition ranks ("1224") of values already sorted best first.</summary>
    private static int[] CompetitionRanks(IReadOnlyList<double> sortedDescending)
    {
        var ranks = new int[sortedDescending.Count];
        for (var i = 0; i < ranks.Length; i++)
            ranks[i] = i > 0 && Math.Abs(sortedDescending[i] - sortedDescending[i - 1]) < 1e-9 ? ranks[i - 1] : i + 1;
        return ranks;
    }
}
