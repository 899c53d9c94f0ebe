using MimeKit;

namespace ProvincePortal.Features.EuCalls.Bulletins;

/// <summary>Who receives a bulletin: an address, a name to greet and the Comune it stands for (null for extra addresses).</summary>
public sealed record ComuneContact(string Email, string Name, string? Comune);

/// <summary>
/// The contacts of the Comuni of a Province, for bulletins. Implemented by the CRM of the Comuni
/// (<see cref="Crm.CrmContactDirectory"/>): its flagged contacts plus the Comune users.
/// </summary>
public interface IComuneContactDirectory
{
    /// <summary>The Province's Comuni contacts plus <paramref name="extraAddresses"/>, each address once (case ignored).</summary>
    Task<IReadOnlyList<ComuneContact>> ContactsAsync(int provinceId, IReadOnlyCollection<string> extraAddresses, CancellationToken ct);
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
