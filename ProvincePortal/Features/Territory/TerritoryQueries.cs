using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Territory;

/// <summary>A Comune as the lists show it.</summary>
public sealed record ComuneRow(int Id, string IstatCode, string CadastralCode, string Name, string? NameOtherLanguage,
    int ProvinceId, string ProvinceSigla, int? Population, bool IsCapoluogo, DateOnly? SuppressedOn);

/// <summary>What the Comuni list is filtered and sorted by; <see cref="SortBy"/> is a <see cref="ComuneRow"/> property name.</summary>
public sealed record ComuneSearch(int? ProvinceId, string? Name, bool IncludeSuppressed, int Page, int PageSize, string? SortBy = null, bool Descending = false);

public sealed record ProvinceSummary(int Id, string Code, string Sigla, string Name, ProvinceType Type, string RegionName, int Comuni)
{
    public string DisplayName => Province.DisplayNameOf(Type, Name);
}

public sealed record TerritoryCounts(int Regions, int Provinces, int Comuni, int SuppressedComuni, int SuppressedProvinces);

/// <summary>Reads of the territory (public data: every signed-in user may read Regions, Provinces and Comuni).</summary>
public sealed class TerritoryQueries(IDbContextFactory<PortalDbContext> factory)
{
    public async Task<Province?> GetProvinceAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Provinces.AsNoTracking().Include(p => p.Region).FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    public async Task<Province?> FindProvinceBySiglaAsync(string sigla, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var s = sigla.Trim().ToUpperInvariant();
        return await db.Provinces.AsNoTracking().Where(p => p.Sigla == s && p.SuppressedOn == null).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<Province>> ListProvincesAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Provinces.AsNoTracking().Where(p => p.SuppressedOn == null).OrderBy(p => p.Name).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Comune>> ListComuniAsync(int provinceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Comuni.AsNoTracking().Where(c => c.ProvinceId == provinceId && c.SuppressedOn == null).OrderBy(c => c.Name).ToListAsync(ct);
    }

    public async Task<Comune?> GetComuneAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Comuni.AsNoTracking().Include(c => c.Province).FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    public async Task<bool> AnyComuneAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Comuni.AnyAsync(ct);
    }

    /// <summary>One page of Comuni, filtered on the server.</summary>
    public async Task<(IReadOnlyList<ComuneRow> Items, int Total)> SearchComuniAsync(ComuneSearch search, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Comuni.AsNoTracking();
        if (search.ProvinceId is int p) query = query.Where(c => c.ProvinceId == p);
        if (!search.IncludeSuppressed) query = query.Where(c => c.SuppressedOn == null);
        if (!string.IsNullOrWhiteSpace(search.Name))
        {
            // lower() on both sides: SQLite's LIKE ignores case, PostgreSQL's does not.
            var term = search.Name.Trim().ToLower();
            query = query.Where(c => c.Name.ToLower().Contains(term) || (c.NameOtherLanguage != null && c.NameOtherLanguage.ToLower().Contains(term)));
        }
        var total = await query.CountAsync(ct);
        query = (search.SortBy, search.Descending) switch
        {
            (nameof(ComuneRow.IstatCode), false) => query.OrderBy(c => c.IstatCode),
            (nameof(ComuneRow.IstatCode), true) => query.OrderByDescending(c => c.IstatCode),
            (nameof(ComuneRow.CadastralCode), false) => query.OrderBy(c => c.CadastralCode),
            (nameof(ComuneRow.CadastralCode), true) => query.OrderByDescending(c => c.CadastralCode),
            (nameof(ComuneRow.ProvinceSigla), false) => query.OrderBy(c => c.Province!.Sigla).ThenBy(c => c.Name),
            (nameof(ComuneRow.ProvinceSigla), true) => query.OrderByDescending(c => c.Province!.Sigla).ThenBy(c => c.Name),
            (nameof(ComuneRow.Population), false) => query.OrderBy(c => c.Population).ThenBy(c => c.Name),
            (nameof(ComuneRow.Population), true) => query.OrderByDescending(c => c.Population).ThenBy(c => c.Name),
            (nameof(ComuneRow.SuppressedOn), false) => query.OrderBy(c => c.SuppressedOn).ThenBy(c => c.Name),
            (nameof(ComuneRow.SuppressedOn), true) => query.OrderByDescending(c => c.SuppressedOn).ThenBy(c => c.Name),
            (_, true) => query.OrderByDescending(c => c.Name).ThenBy(c => c.Id),
            _ => query.OrderBy(c => c.Name).ThenBy(c => c.Id),
        };
        var pageSize = Math.Clamp(search.PageSize, 1, 200);
        var items = await query.Skip(Math.Max(0, search.Page) * pageSize).Take(pageSize)
            .Select(c => new ComuneRow(c.Id, c.IstatCode, c.CadastralCode, c.Name, c.NameOtherLanguage, c.ProvinceId, c.Province!.Sigla,
                c.Population, c.IsCapoluogo, c.SuppressedOn))
            .ToListAsync(ct);
        return (items, total);
    }

    public async Task<TerritoryCounts> CountsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return new TerritoryCounts(
            await db.Regions.CountAsync(ct),
            await db.Provinces.CountAsync(p => p.SuppressedOn == null, ct),
            await db.Comuni.CountAsync(c => c.SuppressedOn == null, ct),
            await db.Comuni.CountAsync(c => c.SuppressedOn != null, ct),
            await db.Provinces.CountAsync(p => p.SuppressedOn != null, ct));
    }

    /// <summary>The imported editions, newest import first.</summary>
    public async Task<IReadOnlyList<TerritoryEdition>> ListEditionsAsync(int max = 50, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.TerritoryEditions.AsNoTracking().OrderByDescending(e => e.Id).Take(max).ToListAsync(ct);
    }

    /// <summary>Active Provinces with their number of active Comuni, for the territory page.</summary>
    public async Task<IReadOnlyList<ProvinceSummary>> ListProvinceSummariesAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Provinces.AsNoTracking().Where(p => p.SuppressedOn == null)
            .Select(p => new ProvinceSummary(p.Id, p.Code, p.Sigla, p.Name, p.Type, p.Region!.Name, p.Comuni.Count(c => c.SuppressedOn == null)))
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Name, StringComparer.Create(Localization.Formats.Italian, true)).ToList();
    }
}
