using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls;

/// <summary>The scadenzario as iCalendar (RFC 5545): one VEVENT per deadline, UID stable, SEQUENCE = revisions of the date.</summary>
public sealed class CalendarFeed(ScadenzarioService scadenzario, IDbContextFactory<PortalDbContext> factory, TimeProvider clock)
{
    /// <summary>From three months back to five years ahead: what Outlook and Thunderbird need, bounded.</summary>
    public async Task<string> ForProvinceAsync(int provinceId, string? baseUrl, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var province = await db.Provinces.AsNoTracking().Where(p => p.Id == provinceId).Select(p => p.Name).FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var items = await scadenzario.ListAsync(TenantScope.ForProvince(provinceId), now.AddDays(-90), now.AddYears(5), onlyFollowed: true, ct);
        return Write($"Scadenze bandi · {province}", items, baseUrl, now);
    }

    public static string Write(string name, IEnumerable<Scadenza> items, string? baseUrl, DateTime nowUtc)
    {
        var calendar = new Calendar { ProductId = "-//ProvincePortal//Scadenzario bandi//IT" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Europe/Rome");
        foreach (var s in items)
        {
            var e = new CalendarEvent
            {
                Uid = s.Uid,
                Sequence = s.Revision,
                Summary = s.Title,
                Description = s.Detail,
                DtStart = new CalDateTime(DateTime.SpecifyKind(s.AtUtc, DateTimeKind.Utc)),
                DtStamp = new CalDateTime(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)),
            };
            if (baseUrl is not null) e.Url = new Uri(new Uri(baseUrl), s.Link);
            e.Categories.Add(s.Kind);
            calendar.Events.Add(e);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}

/// <summary>
/// Secret subscription URLs (/bandi/ical/{token}.ics). A user has at most one active token: creating a new one revokes the
/// old. Only the SHA-256 of the token is stored, so a database reader cannot rebuild a working URL.
/// </summary>
public sealed class CalendarTokenService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<bool> HasActiveAsync(CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (user.UserId is null) return false;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        return await db.CalendarFeedTokens.AnyAsync(t => t.UserId == user.UserId && t.RevokedAtUtc == null, ct);
    }

    /// <summary>Returns the new token, shown once to the user.</summary>
    public async Task<string> RegenerateAsync(CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (user.UserId is null || user.ProvinceId is not int province)
            throw new CallValidationException(["Il calendario personale richiede un utente di una Provincia."]);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.ForProvince(province, user.UserId, user.UserName);
        await foreach (var old in db.CalendarFeedTokens.Where(t => t.UserId == user.UserId && t.RevokedAtUtc == null).AsAsyncEnumerable().WithCancellation(ct))
            old.RevokedAtUtc = now;
        db.CalendarFeedTokens.Add(new CalendarFeedToken { UserId = user.UserId, ProvinceId = province, TokenHash = Hash(token), CreatedAtUtc = now });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task RevokeAsync(CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (user.UserId is null) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.CalendarFeedTokens.Where(t => t.UserId == user.UserId && t.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, now), ct);
    }

    /// <summary>The Province of an active token whose user still exists, is not locked out and still belongs to it; otherwise null.</summary>
    public async Task<int?> ResolveAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = Hash(token);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var now = DateTimeOffset.UtcNow;
        var found = await db.CalendarFeedTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAtUtc == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.ProvinceId, UserProvince = u.ProvinceId, u.LockoutEnd })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.UserProvince != found.ProvinceId || found.LockoutEnd > now) return null;
        return found.ProvinceId;
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
