using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Identity;

/// <summary>What an Entra ID token says about a person, read from the external sign-in's claims.</summary>
public sealed record EntraIdentity(string ObjectId, string? Email, string? Name, IReadOnlyList<string> KnownRoles)
{
    // The OIDC handler maps inbound claims by default ("oid" becomes the long URI); accept both spellings.
    private const string ObjectIdUri = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>Null when the token carries no object id: without it the account cannot be recognised next time.</summary>
    public static EntraIdentity? From(ClaimsPrincipal principal)
    {
        var objectId = First(principal, ObjectIdUri, "oid");
        if (objectId is null) return null;
        // preferred_username is the UPN: usually the e-mail, but only worth using when it looks like one.
        var email = First(principal, ClaimTypes.Email, "email");
        if (email is null && First(principal, "preferred_username", ClaimTypes.Upn) is { } upn && upn.Contains('@')) email = upn;
        var name = First(principal, "name", ClaimTypes.Name);
        var roles = principal.Claims
            .Where(c => c.Type is "roles" or "role" or ClaimTypes.Role)
            .Select(c => c.Value);
        return new EntraIdentity(objectId, email?.Trim(), name?.Trim(), MapRoles(roles));
    }

    /// <summary>
    /// The app roles of the Entra registration carry our role names as values ("OperatoreSUA"); anything else in
    /// the token (roles of other applications, typos) is ignored. Matching ignores case, the result uses our spelling.
    /// </summary>
    public static IReadOnlyList<string> MapRoles(IEnumerable<string> tokenRoles) =>
        tokenRoles
            .Select(r => Roles.All.FirstOrDefault(known => string.Equals(known, r.Trim(), StringComparison.OrdinalIgnoreCase)))
            .OfType<string>()
            .Distinct()
            .ToList();

    private static string? First(ClaimsPrincipal principal, params string[] types) =>
        types.Select(principal.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>The account an Entra ID sign-in leads to, or why there is none (the reason goes to the log only).</summary>
public sealed record EntraAccountResult(PortalUser? User, string? Refusal)
{
    public static EntraAccountResult Refused(string reason) => new(null, reason);
}

/// <summary>
/// Turns a Microsoft Entra ID sign-in into a platform account: the account already linked to the object id, else
/// the account with the same e-mail (then linked), else a new account when the token grants at least one of our
/// roles and the Province is configured (AzureAd:ProvinceSigla). Roles follow the token's app roles at each sign-in.
/// </summary>
public sealed class EntraAccountService(
    UserManager<PortalUser> users,
    PortalDbContext identityDb,
    IDbContextFactory<PortalDbContext> factory,
    IConfiguration configuration,
    ILogger<EntraAccountService> logger)
{
    public const string LoginProvider = IdentityModule.EntraScheme;
    public const string ProvinceSiglaKey = "AzureAd:ProvinceSigla";

    public async Task<EntraAccountResult> ResolveAsync(ClaimsPrincipal external, CancellationToken ct = default)
    {
        var identity = EntraIdentity.From(external);
        if (identity is null) return EntraAccountResult.Refused("il token non contiene l'object id (oid)");

        // Identity's stores share this context: one transaction so that a user is never left half-created or half-linked.
        await using var transaction = await identityDb.Database.BeginTransactionAsync(ct);
        var found = await FindOrCreateAsync(identity, ct);
        if (found.User is not { } user) return found;

        if (!user.IsActive) return EntraAccountResult.Refused($"l'account {user.Email} è disattivato");
        if (await users.IsLockedOutAsync(user)) return EntraAccountResult.Refused($"l'account {user.Email} è bloccato");

        var synced = await SyncRolesAsync(user, identity.KnownRoles);
        if (synced is not null) return EntraAccountResult.Refused(synced);

        user.EntraObjectId = identity.ObjectId;
        user.LastLoginUtc = DateTime.UtcNow;
        if (string.IsNullOrWhiteSpace(user.FullName) && identity.Name is not null) user.FullName = identity.Name;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return EntraAccountResult.Refused(Describe("aggiornamento dell'account", updated));

        await transaction.CommitAsync(ct);
        return new EntraAccountResult(user, null);
    }

    private async Task<EntraAccountResult> FindOrCreateAsync(EntraIdentity identity, CancellationToken ct)
    {
        if (await users.FindByLoginAsync(LoginProvider, identity.ObjectId) is { } linked)
            return new EntraAccountResult(linked, null);

        if (identity.Email is not null && await users.FindByEmailAsync(identity.Email) is { } byEmail)
        {
            // An account already tied to another Entra object id must not be taken over by a namesake.
            var logins = await users.GetLoginsAsync(byEmail);
            if (logins.Any(l => l.LoginProvider == LoginProvider) || (byEmail.EntraObjectId is { } oid && oid != identity.ObjectId))
                return EntraAccountResult.Refused($"l'account {byEmail.Email} è già collegato a un altro utente Entra ID");
            var added = await users.AddLoginAsync(byEmail, new UserLoginInfo(LoginProvider, identity.ObjectId, "Microsoft Entra ID"));
            if (!added.Succeeded) return EntraAccountResult.Refused(Describe("collegamento dell'account", added));
            logger.LogInformation("Account {Email} collegato a Microsoft Entra ID", byEmail.Email);
            return new EntraAccountResult(byEmail, null);
        }

        if (identity.KnownRoles.Count == 0)
            return EntraAccountResult.Refused($"utente Entra ID sconosciuto ({identity.Email ?? identity.ObjectId}) senza ruoli della piattaforma");
        if (identity.Email is null)
            return EntraAccountResult.Refused("il token non contiene un indirizzo e-mail (email o preferred_username)");
        var provinceId = await ConfiguredProvinceIdAsync(ct);
        if (provinceId is null)
            return EntraAccountResult.Refused($"{ProvinceSiglaKey} non indica una Provincia presente nel territorio");

        var user = new PortalUser
        {
            UserName = identity.Email, Email = identity.Email, EmailConfirmed = true,
            FullName = identity.Name ?? identity.Email, ProvinceId = provinceId, EntraObjectId = identity.ObjectId,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return EntraAccountResult.Refused(Describe("creazione dell'account", created));
        var login = await users.AddLoginAsync(user, new UserLoginInfo(LoginProvider, identity.ObjectId, "Microsoft Entra ID"));
        if (!login.Succeeded) return EntraAccountResult.Refused(Describe("collegamento dell'account", login));
        logger.LogInformation("Account {Email} creato da Microsoft Entra ID con i ruoli {Roles}", user.Email, string.Join(", ", identity.KnownRoles));
        return new EntraAccountResult(user, null);
    }

    /// <summary>The token is the source of truth for roles, unless it carries none of ours: then nothing changes.</summary>
    private async Task<string?> SyncRolesAsync(PortalUser user, IReadOnlyList<string> tokenRoles)
    {
        if (tokenRoles.Count == 0) return null;
        var current = await users.GetRolesAsync(user);
        var remove = current.Except(tokenRoles).ToList();
        var add = tokenRoles.Except(current).ToList();
        if (remove.Count == 0 && add.Count == 0) return null;

        if (remove.Count > 0 && await users.RemoveFromRolesAsync(user, remove) is { Succeeded: false } removed)
            return Describe("rimozione dei ruoli", removed);
        if (add.Count > 0 && await users.AddToRolesAsync(user, add) is { Succeeded: false } added)
            return Describe("assegnazione dei ruoli", added);
        // Open circuits with the old roles are closed at their next revalidation.
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Ruoli di {Email} aggiornati da Microsoft Entra ID: {Roles}", user.Email, string.Join(", ", tokenRoles));
        return null;
    }

    private async Task<int?> ConfiguredProvinceIdAsync(CancellationToken ct)
    {
        var sigla = configuration[ProvinceSiglaKey]?.Trim();
        if (string.IsNullOrEmpty(sigla)) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        return await db.Provinces
            .Where(p => p.Sigla == sigla.ToUpperInvariant() && p.SuppressedOn == null)
            .Select(p => (int?)p.Id)
            .FirstOrDefaultAsync(ct);
    }

    private static string Describe(string step, IdentityResult result) =>
        $"{step}: {string.Join(" ", result.Errors.Select(e => e.Description))}";
}
