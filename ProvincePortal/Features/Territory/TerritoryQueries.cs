using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Territory;

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
}
