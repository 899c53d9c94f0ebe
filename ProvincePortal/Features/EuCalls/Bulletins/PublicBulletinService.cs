using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls.Bulletins;

/// <summary>The PDF of a published bulletin for anyone (the Comuni's websites link it from the feeds); drafts and unpublished ones answer 404.</summary>
public sealed class PublicBulletinService(IDbContextFactory<PortalDbContext> factory)
{
    public static string PdfPath(string sigla, int year, int number) => $"pubblico/{sigla.ToUpperInvariant()}/bollettini/{year}-{number}.pdf";

    public async Task<(byte[] Pdf, string FileName)?> PdfAsync(string sigla, int year, int number, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var province = await db.Provinces.AsNoTracking().IgnoreQueryFilters()
            .Where(p => p.Sigla == sigla.ToUpper()).Select(p => new { p.Id, Name = Territory.Province.DisplayNameOf(p.Type, p.Name) }).FirstOrDefaultAsync(ct);
        if (province is null) return null;
        db.Scope = TenantScope.ForProvince(province.Id);
        var b = await db.Bulletins.AsNoTracking().Include(x => x.Items)
            .FirstOrDefaultAsync(x => x.ProvinceId == province.Id && x.Year == year && x.Number == number && x.SentAtUtc != null && x.Published, ct);
        return b is null ? null : (BulletinText.Pdf(province.Name, b), BulletinText.PdfFileName(b));
    }
}
