using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls.Bulletins;

namespace ProvincePortal.Features.Crm;

/// <summary>
/// The bulletins' recipients from the CRM: each contact flagged to receive communications (its e-mail, else its PEC), plus
/// the active users of the Comuni as before, so a Comune with no contacts in the CRM is still reached; then the extra addresses.
/// </summary>
public sealed class CrmContactDirectory(IDbContextFactory<PortalDbContext> factory) : IComuneContactDirectory
{
    public async Task<IReadOnlyList<ComuneContact>> ContactsAsync(int provinceId, IReadOnlyCollection<string> extraAddresses, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.ForProvince(provinceId);
        var contacts = await db.Set<ContattoComune>().AsNoTracking()
            .Where(x => x.ProvinceId == provinceId && x.ReceivesCommunications && ((x.Email != null && x.Email != "") || (x.Pec != null && x.Pec != "")))
            .Join(db.Comuni, x => x.ComuneId, c => c.Id, (x, c) => new { x.Email, x.Pec, x.Name, Comune = c.Name })
            .OrderBy(x => x.Comune).ThenBy(x => x.Name).Take(5000)
            .ToListAsync(ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.ProvinceId == provinceId && u.ComuneId != null && u.IsActive && u.Email != null && u.Email != "")
            .Join(db.Comuni, u => u.ComuneId, c => c.Id, (u, c) => new { u.Email, u.FullName, Comune = c.Name })
            .OrderBy(x => x.Comune).ThenBy(x => x.Email).Take(5000)
            .ToListAsync(ct);
        // An ordinary mailbox first: many PEC boxes refuse mail that does not come from a PEC.
        return contacts.Select(x => new ComuneContact(string.IsNullOrWhiteSpace(x.Email) ? x.Pec! : x.Email!, x.Name, x.Comune))
            .Concat(users.Select(u => new ComuneContact(u.Email!, u.FullName, u.Comune)))
            .Concat(extraAddresses.Select(a => new ComuneContact(a, a, null)))
            .DistinctBy(c => c.Email.Trim().ToLowerInvariant())
            .ToList();
    }
}
