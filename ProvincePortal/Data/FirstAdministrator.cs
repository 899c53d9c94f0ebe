using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Data;

/// <summary>
/// A new production installation has no default password: the first platform administrator comes from
/// configuration (Setup:AdminEmail + Setup:AdminPassword) or from a one-time setup link written to the log.
/// </summary>
public sealed class FirstAdministrator(UserManager<PortalUser> users, DataOptions data, IConfiguration configuration, ILogger<FirstAdministrator> logger)
{
    private string TokenFile => Path.Combine(data.DataDirectory, "setup-token.txt");

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        if ((await users.GetUsersInRoleAsync(Roles.PlatformAdmin)).Count > 0)
        {
            if (File.Exists(TokenFile)) File.Delete(TokenFile);
            return;
        }

        var email = configuration["Setup:AdminEmail"];
        var password = configuration["Setup:AdminPassword"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrWhiteSpace(password))
        {
            var result = await CreateAsync(email, "Amministratore di piattaforma", password);
            if (!result.Succeeded)
                throw new InvalidOperationException("Setup:AdminPassword non rispetta le regole delle password: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            logger.LogInformation("Primo amministratore creato dalla configurazione: {Email}", email);
            return;
        }

        var token = File.Exists(TokenFile) ? (await File.ReadAllTextAsync(TokenFile, ct)).Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            await File.WriteAllTextAsync(TokenFile, token, ct);
        }
        logger.LogWarning("Nessun amministratore di piattaforma: completare la configurazione aprendo /configurazione-iniziale/{Token}", token);
    }

    public async Task<bool> IsValidTokenAsync(string token, CancellationToken ct = default) =>
        File.Exists(TokenFile)
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(TokenFile, ct)).Trim()),
            System.Text.Encoding.UTF8.GetBytes(token))
        && (await users.GetUsersInRoleAsync(Roles.PlatformAdmin)).Count == 0;

    /// <summary>Used by the setup page: creates the administrator and burns the token.</summary>
    public async Task<IdentityResult> CompleteAsync(string token, string email, string fullName, string password, CancellationToken ct = default)
    {
        if (!await IsValidTokenAsync(token, ct))
            return IdentityResult.Failed(new IdentityError { Description = "Il collegamento di configurazione non è valido o è già stato usato." });
        var result = await CreateAsync(email, fullName, password);
        if (result.Succeeded) File.Delete(TokenFile);
        return result;
    }

    private async Task<IdentityResult> CreateAsync(string email, string fullName, string password)
    {
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = fullName };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) await users.AddToRoleAsync(user, Roles.PlatformAdmin);
        return result;
    }
}
