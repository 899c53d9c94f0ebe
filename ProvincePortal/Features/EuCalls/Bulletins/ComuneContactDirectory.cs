using Microsoft.EntityFrameworkCore;
using MimeKit;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls.Bulletins;

/// <summary>Who receives a bulletin: an address, a name to greet and the Comune it stands for (null for extra addresses).</summary>
public sealed record ComuneContact(string Email, string Name, string? Comune);

/// <summary>
/// The contacts of the Comuni of a Province, for bulletins. The first implementation reads the Comune users; the CRM of
/// contacts (a later issue) replaces it here without touching the bulletins.
/// </summary>
public interface IComuneContactDirectory
{
    /// <summary>The Province's Comuni contacts plus <paramref name="extraAddresses"/>, each address once (case ignored).</summary>
    Task<IReadOnlyList<ComuneContact>> ContactsAsync(int provinceId, IReadOnlyCollection<string> extraAddresses, CancellationToken ct);
}

/// <summary>Active users of the Province's Comuni with an e-mail address, plus the addresses kept on the bulletin.</summary>
public sealed class ComuneUsersContactDirectory(IDbContextFactory<PortalDbContext> factory) : IComuneContactDirectory
{
    public async Task<IReadOnlyList<ComuneContact>> ContactsAsync(int provinceId, IReadOnlyCollection<string> extraAddresses, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.ForProvince(provinceId);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.ProvinceId == provinceId && u.ComuneId != null && u.IsActive && u.Email != null && u.Email != "")
            .Join(db.Comuni, u => u.ComuneId, c => c.Id, (u, c) => new { u.Email, u.FullName, Comune = c.Name })
            .OrderBy(x => x.Comune).ThenBy(x => x.Email).Take(5000)
            .ToListAsync(ct);
        var contacts = users.Select(u => new ComuneContact(u.Email!, u.FullName, u.Comune))
            .Concat(extraAddresses.Select(a => new ComuneContact(a, a, null)));
        return contacts.DistinctBy(c => c.Email.Trim().ToLowerInvariant()).ToList();
    }
}

public static class BulletinAddresses
{
    /// <summary>One address per line (commas and semicolons also separate); an error names the line and the address.</summary>
    public static (List<string> Addresses, List<string> Errors) Parse(string? text)
    {
        var addresses = new List<string>();
        var errors = new List<string>();
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var part in lines[i].Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (MailboxAddress.TryParse(part, out var mailbox) && mailbox.Address.Contains('@') && !mailbox.Address.StartsWith('@') && !mailbox.Address.EndsWith('@'))
                    addresses.Add(mailbox.Address);
                else
                    errors.Add($"Destinatari aggiuntivi, riga {i + 1}: «{part}» non è un indirizzo e-mail valido.");
            }
        }
        return (addresses.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), errors);
    }
}
