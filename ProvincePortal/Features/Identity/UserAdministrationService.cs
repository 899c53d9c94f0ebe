using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Identity;

/// <summary>
/// Users, roles and their Province/Comune, for administrators. The rules live here, not in the pages:
/// a platform administrator manages everyone; a provincial administrator manages only the users of his own
/// Province, never platform administrators, and cannot grant that role nor move anyone to another Province.
/// A user outside the caller's reach is reported as not found, exactly like an id that does not exist.
/// </summary>
public sealed class UserAdministrationService(
    PortalDbFactory dbFactory, CurrentUser currentUser, IServiceScopeFactory scopes, ILogger<UserAdministrationService> logger)
{
    public async Task<UserPage> SearchAsync(UserSearch search, CancellationToken ct = default)
    {
        var actor = await RequireAdministratorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var users = Manageable(db, actor);

        if (!string.IsNullOrWhiteSpace(search.Text))
        {
            var text = search.Text.Trim();
            var upper = text.ToUpperInvariant();
            // Upper-casing in SQL covers ASCII on SQLite; the exact-case test keeps accented names findable.
            users = users.Where(u => u.FullName.ToUpper().Contains(upper) || u.FullName.Contains(text) || u.NormalizedEmail!.Contains(upper));
        }
        if (!string.IsNullOrEmpty(search.Role))
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == search.Role)));
        if (search.ProvinceId is int provinceId)
            users = users.Where(u => u.ProvinceId == provinceId);
        if (search.Active is bool active)
            users = users.Where(u => u.IsActive == active);

        var total = await users.CountAsync(ct);
        var projected = users.Select(u => new
        {
            u.Id, u.Email, u.FullName, u.LastLoginUtc, u.IsActive, u.LockoutEnd,
            ProvinceSigla = db.Provinces.Where(p => p.Id == u.ProvinceId).Select(p => p.Sigla).FirstOrDefault(),
            ComuneName = db.Comuni.Where(c => c.Id == u.ComuneId).Select(c => c.Name).FirstOrDefault(),
        });
        projected = (search.Sort, search.Descending) switch
        {
            (UserSort.Email, false) => projected.OrderBy(u => u.Email),
            (UserSort.Email, true) => projected.OrderByDescending(u => u.Email),
            (UserSort.Province, false) => projected.OrderBy(u => u.ProvinceSigla).ThenBy(u => u.FullName),
            (UserSort.Province, true) => projected.OrderByDescending(u => u.ProvinceSigla).ThenBy(u => u.FullName),
            (UserSort.LastLogin, false) => projected.OrderBy(u => u.LastLoginUtc).ThenBy(u => u.FullName),
            (UserSort.LastLogin, true) => projected.OrderByDescending(u => u.LastLoginUtc).ThenBy(u => u.FullName),
            (_, true) => projected.OrderByDescending(u => u.FullName).ThenBy(u => u.Email),
            _ => projected.OrderBy(u => u.FullName).ThenBy(u => u.Email),
        };
        var pageSize = Math.Clamp(search.PageSize, 1, 200);
        var rows = await projected.Skip(Math.Max(0, search.Page) * pageSize).Take(pageSize).ToListAsync(ct);

        var roles = await RolesOfAsync(db, rows.Select(r => r.Id).ToList(), ct);
        // LockoutEnd is compared here: SQLite cannot compare DateTimeOffset in SQL.
        var now = DateTimeOffset.UtcNow;
        return new UserPage(
            rows.Select(r => new UserRow(r.Id, r.Email ?? "", r.FullName, roles.GetValueOrDefault(r.Id, []), r.ProvinceSigla, r.ComuneName,
                Formats.DateTime(r.LastLoginUtc), r.IsActive, r.LockoutEnd > now)).ToList(),
            total);
    }

    /// <summary>Null when the user does not exist or is outside the caller's reach.</summary>
    public async Task<UserDetails?> GetAsync(string id, CancellationToken ct = default)
    {
        var actor = await currentUser.GetAsync();
        if (!actor.Satisfies(Policies.Administration) || string.IsNullOrEmpty(id)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var user = await Manageable(db, actor).Where(u => u.Id == id).Select(u => new
        {
            u.Id, u.Email, u.FullName, u.ProvinceId, u.ComuneId, u.IsActive, u.LockoutEnd, u.LastLoginUtc, u.CreatedAtUtc, u.EntraObjectId,
            Province = db.Provinces.Where(p => p.Id == u.ProvinceId).Select(p => new { p.Name, p.Sigla }).FirstOrDefault(),
            ComuneName = db.Comuni.Where(c => c.Id == u.ComuneId).Select(c => c.Name).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        var roles = await RolesOfAsync(db, [user.Id], ct);
        return new UserDetails(user.Id, user.Email ?? "", user.FullName, roles.GetValueOrDefault(user.Id, []),
            user.ProvinceId, user.Province is null ? null : $"{user.Province.Name} ({user.Province.Sigla})", user.ComuneId, user.ComuneName,
            user.IsActive, user.LockoutEnd > DateTimeOffset.UtcNow, Formats.DateTime(user.LastLoginUtc), Formats.DateTime(user.CreatedAtUtc),
            user.EntraObjectId is not null);
    }

    /// <summary>Roles the caller may hand out, in display order (for the form's role list).</summary>
    public async Task<IReadOnlyList<string>> AssignableRolesAsync()
    {
        var actor = await currentUser.GetAsync();
        return actor.IsPlatformAdmin ? Roles.All
            : actor.IsInRole(Roles.ProvinceAdmin) ? Roles.All.Where(r => r != Roles.PlatformAdmin).ToList()
            : [];
    }

    /// <summary>Creates the account with the given password, or a generated one returned once in the result.</summary>
    public async Task<UserAdminResult> CreateAsync(UserInput input, CancellationToken ct = default)
    {
        var actor = await RequireAdministratorAsync();
        var (errors, clean) = await ValidateAsync(actor, input, target: null, ct);
        if (errors.Count > 0) return UserAdminResult.Fail(errors);

        var generated = string.IsNullOrWhiteSpace(input.InitialPassword) ? GeneratePassword() : null;
        return await WithUserManagerAsync(actor, async (users, db) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var user = new PortalUser
            {
                UserName = clean.Email, Email = clean.Email, EmailConfirmed = true, FullName = clean.FullName,
                ProvinceId = clean.ProvinceId, ComuneId = clean.ComuneId, IsActive = clean.IsActive,
            };
            var created = await users.CreateAsync(user, generated ?? input.InitialPassword!);
            if (!created.Succeeded) return UserAdminResult.Fail(MapIdentityErrors(created));
            var roles = await users.AddToRolesAsync(user, clean.Roles);
            if (!roles.Succeeded) return UserAdminResult.Fail(MapIdentityErrors(roles));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Utente {Email} creato da {Actor} con ruoli {Roles}", clean.Email, actor.UserName, string.Join(",", clean.Roles));
            return UserAdminResult.Ok(user.Id, generated);
        });
    }

    /// <summary>Name, roles, Province/Comune and active flag. The e-mail (the login name) does not change here.</summary>
    public async Task<UserAdminResult> UpdateAsync(string id, UserInput input, CancellationToken ct = default)
    {
        var actor = await RequireAdministratorAsync();
        return await WithUserManagerAsync(actor, async (users, db) =>
        {
            var (user, currentRoles) = await FindManageableAsync(users, actor, id);
            if (user is null) return UserAdminResult.Missing;

            var (errors, clean) = await ValidateAsync(actor, input, new Target(user, currentRoles), ct);
            if (errors.Count > 0) return UserAdminResult.Fail(errors);

            var toAdd = clean.Roles.Except(currentRoles).ToList();
            var toRemove = currentRoles.Except(clean.Roles).ToList();
            // What decides access changed: open sessions must notice at their next revalidation.
            var accessChanged = toAdd.Count > 0 || toRemove.Count > 0 || user.IsActive != clean.IsActive
                || user.ProvinceId != clean.ProvinceId || user.ComuneId != clean.ComuneId;

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            user.FullName = clean.FullName;
            user.ProvinceId = clean.ProvinceId;
            user.ComuneId = clean.ComuneId;
            user.IsActive = clean.IsActive;
            if (toRemove.Count > 0 && await users.RemoveFromRolesAsync(user, toRemove) is { Succeeded: false } removed)
                return UserAdminResult.Fail(MapIdentityErrors(removed));
            if (toAdd.Count > 0 && await users.AddToRolesAsync(user, toAdd) is { Succeeded: false } added)
                return UserAdminResult.Fail(MapIdentityErrors(added));
            var saved = accessChanged ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!saved.Succeeded) return UserAdminResult.Fail(MapIdentityErrors(saved));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Utente {Email} modificato da {Actor}", user.Email, actor.UserName);
            return UserAdminResult.Ok(user.Id);
        });
    }

    /// <summary>Blocks sign-in until an administrator unlocks the account; open sessions end at revalidation.</summary>
    public async Task<UserAdminResult> LockAsync(string id, CancellationToken ct = default)
    {
        var actor = await RequireAdministratorAsync();
        return await WithUserManagerAsync(actor, async (users, _) =>
        {
            var (user, _) = await FindManageableAsync(users, actor, id);
            if (user is null) return UserAdminResult.Missing;
            if (user.Id == actor.UserId) return UserAdminResult.Fail("", "Non è possibile bloccare il proprio account.");
            await users.SetLockoutEnabledAsync(user, true);
            // A far date rather than DateTimeOffset.MaxValue, which PostgreSQL would store as 'infinity'.
            var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(100));
            if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
            if (!result.Succeeded) return UserAdminResult.Fail(MapIdentityErrors(result));
            logger.LogInformation("Utente {Email} bloccato da {Actor}", user.Email, actor.UserName);
            return UserAdminResult.Ok(user.Id);
        });
    }

    /// <summary>Ends a lockout (by an administrator or after failed attempts) and resets the failed-attempt count.</summary>
    public async Task<UserAdminResult> UnlockAsync(string id, CancellationToken ct = default)
    {
        var actor = await RequireAdministratorAsync();
        return await WithUserManagerAsync(actor, async (users, _) =>
        {
            var (user, _) = await FindManageableAsync(users, actor, id);
            if (user is null) return UserAdminResult.Missing;
            await users.SetLockoutEnabledAsync(user, true);
            var result = await users.SetLockoutEndDateAsync(user, null);
            if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(user);
            if (!result.Succeeded) return UserAdminResult.Fail(MapIdentityErrors(result));
            logger.LogInformation("Utente {Email} sbloccato da {Actor}", user.Email, actor.UserName);
            return UserAdminResult.Ok(user.Id);
        });
    }

    /// <summary>Replaces the password with a generated one, returned once in the result.</summary>
    public async Task<UserAdminResult> ResetPasswordAsync(string id, CancellationToken ct = default)
    {
        var actor = await RequireAdministratorAsync();
        return await WithUserManagerAsync(actor, async (users, _) =>
        {
            var (user, _) = await FindManageableAsync(users, actor, id);
            if (user is null) return UserAdminResult.Missing;
            var password = GeneratePassword();
            var token = await users.GeneratePasswordResetTokenAsync(user);
            // ResetPasswordAsync also renews the security stamp: sessions with the old password end.
            var result = await users.ResetPasswordAsync(user, token, password);
            if (!result.Succeeded) return UserAdminResult.Fail(MapIdentityErrors(result));
            logger.LogInformation("Password di {Email} reimpostata da {Actor}", user.Email, actor.UserName);
            return UserAdminResult.Ok(user.Id, password);
        });
    }

    // ---- rules ----

    private sealed record Target(PortalUser User, IList<string> Roles);

    private sealed record CleanInput(string Email, string FullName, List<string> Roles, int? ProvinceId, int? ComuneId, bool IsActive);

    private async Task<(List<UserFieldError> Errors, CleanInput Clean)> ValidateAsync(PortalPrincipal actor, UserInput input, Target? target, CancellationToken ct)
    {
        var errors = new List<UserFieldError>();
        void Error(string field, string message) => errors.Add(new UserFieldError(field, message));

        var email = (target?.User.Email ?? input.Email ?? "").Trim();
        if (target is null)
        {
            if (email.Length == 0) Error(nameof(UserInput.Email), "E-mail: campo obbligatorio.");
            else if (email.Length > 256) Error(nameof(UserInput.Email), "E-mail: al massimo 256 caratteri.");
            else if (!new EmailAddressAttribute().IsValid(email) || email.Contains(' ')) Error(nameof(UserInput.Email), $"E-mail: l'indirizzo '{email}' non è valido.");
        }

        var fullName = (input.FullName ?? "").Trim();
        if (fullName.Length == 0) Error(nameof(UserInput.FullName), "Nome e cognome: campo obbligatorio.");
        else if (fullName.Length > 200) Error(nameof(UserInput.FullName), "Nome e cognome: al massimo 200 caratteri.");

        var roles = (input.Roles ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct().ToList();
        if (roles.Count == 0) Error(nameof(UserInput.Roles), "Ruoli: indicare almeno un ruolo.");
        foreach (var unknown in roles.Where(r => !Roles.IsKnown(r)))
            Error(nameof(UserInput.Roles), $"Ruoli: il ruolo '{unknown}' non esiste.");
        if (!actor.IsPlatformAdmin && roles.Contains(Roles.PlatformAdmin))
            Error(nameof(UserInput.Roles), "Ruoli: solo un amministratore di piattaforma può assegnare il ruolo Amministratore di piattaforma.");

        var provinceId = input.ProvinceId;
        if (!actor.IsPlatformAdmin)
        {
            // A provincial administrator works inside his Province: an empty choice means his own.
            provinceId ??= actor.ProvinceId;
            if (provinceId != actor.ProvinceId)
                Error(nameof(UserInput.ProvinceId), target is null
                    ? "Provincia: può creare utenti solo della sua Provincia."
                    : "Provincia: non può spostare l'utente in un'altra Provincia.");
        }
        if (roles.Any(r => r != Roles.PlatformAdmin) && provinceId is null)
            Error(nameof(UserInput.ProvinceId), "Provincia: obbligatoria per tutti i ruoli tranne Amministratore di piattaforma.");

        await using var db = await dbFactory.CreateForSystemAsync(ct);
        if (provinceId is int pid && !await db.Provinces.AnyAsync(p => p.Id == pid, ct))
            Error(nameof(UserInput.ProvinceId), "Provincia: la Provincia indicata non esiste.");

        var comuneId = input.ComuneId;
        if (roles.Contains(Roles.ComuneUser) && comuneId is null)
            Error(nameof(UserInput.ComuneId), "Comune: obbligatorio per il ruolo Utente Comune.");
        if (comuneId is int cid)
        {
            var comuneProvince = await db.Comuni.Where(c => c.Id == cid).Select(c => (int?)c.ProvinceId).FirstOrDefaultAsync(ct);
            if (comuneProvince is null)
                Error(nameof(UserInput.ComuneId), "Comune: il Comune indicato non esiste.");
            else if (comuneProvince != provinceId)
                Error(nameof(UserInput.ComuneId), "Comune: il Comune selezionato non appartiene alla Provincia indicata.");
            else if (!roles.Contains(Roles.ComuneUser))
                Error(nameof(UserInput.ComuneId), "Comune: si indica solo per il ruolo Utente Comune.");
        }

        if (target is not null && target.User.Id == actor.UserId)
        {
            // Nobody locks himself out of administration by mistake.
            if (!input.IsActive) Error(nameof(UserInput.IsActive), "Attivo: non è possibile disattivare il proprio account.");
            foreach (var own in target.Roles.Where(r => r is (Roles.PlatformAdmin or Roles.ProvinceAdmin) && !roles.Contains(r)))
                Error(nameof(UserInput.Roles), $"Ruoli: non è possibile togliere a se stessi il ruolo {Roles.Label(own)}.");
        }

        return (errors, new CleanInput(email, fullName, roles, provinceId, comuneId, input.IsActive));
    }

    /// <summary>The users the actor may see and manage.</summary>
    private static IQueryable<PortalUser> Manageable(PortalDbContext db, PortalPrincipal actor)
    {
        if (actor.IsPlatformAdmin) return db.Users.AsNoTracking();
        if (!actor.IsInRole(Roles.ProvinceAdmin) || actor.ProvinceId is not int provinceId) return db.Users.Where(_ => false);
        return db.Users.AsNoTracking().Where(u => u.ProvinceId == provinceId
            && !db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.PlatformAdmin)));
    }

    private static async Task<(PortalUser? User, IList<string> Roles)> FindManageableAsync(UserManager<PortalUser> users, PortalPrincipal actor, string id)
    {
        var user = string.IsNullOrEmpty(id) ? null : await users.FindByIdAsync(id);
        if (user is null) return (null, []);
        var roles = await users.GetRolesAsync(user);
        var reachable = actor.IsPlatformAdmin
            || (actor.IsInRole(Roles.ProvinceAdmin) && actor.ProvinceId is not null && user.ProvinceId == actor.ProvinceId && !roles.Contains(Roles.PlatformAdmin));
        return reachable ? (user, roles) : (null, []);
    }

    private async Task<PortalPrincipal> RequireAdministratorAsync()
    {
        var actor = await currentUser.GetAsync();
        if (!actor.Satisfies(Policies.Administration))
            throw new UnauthorizedAccessException("La gestione degli utenti è riservata agli amministratori.");
        return actor;
    }

    private static async Task<Dictionary<string, IReadOnlyList<string>>> RolesOfAsync(PortalDbContext db, List<string> userIds, CancellationToken ct)
    {
        var pairs = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where userIds.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        return pairs.GroupBy(p => p.UserId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)g.Select(p => p.Name!).OrderBy(RoleOrder).ToList());
    }

    private static int RoleOrder(string role)
    {
        for (var i = 0; i < Roles.All.Count; i++)
            if (Roles.All[i] == role) return i;
        return int.MaxValue;
    }

    /// <summary>
    /// Writes go through a UserManager of a fresh scope: the circuit's own scoped context would keep users tracked
    /// (and stale, or half-modified after a refused change) for as long as the page stays open.
    /// </summary>
    private async Task<UserAdminResult> WithUserManagerAsync(PortalPrincipal actor, Func<UserManager<PortalUser>, PortalDbContext, Task<UserAdminResult>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Scope = PortalDbFactory.ScopeOf(actor);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(actor);
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>(), db);
    }

    private static List<UserFieldError> MapIdentityErrors(IdentityResult result) =>
        // The user name is the e-mail: its errors would repeat the e-mail's ones.
        result.Errors.Where(e => e.Code is not ("DuplicateUserName" or "InvalidUserName")
                || !result.Errors.Any(o => o.Code is "DuplicateEmail" or "InvalidEmail"))
        .Select(e => e.Code switch
        {
            _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => new UserFieldError(nameof(UserInput.InitialPassword), "Password iniziale: " + e.Description),
            "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => new UserFieldError(nameof(UserInput.Email), "E-mail: " + e.Description),
            _ => new UserFieldError("", e.Description),
        }).ToList();

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!#%+-=?@";

    /// <summary>16 characters satisfying the password rules, without look-alikes (0/O, 1/l/I) since it is read aloud or copied.</summary>
    public static string GeneratePassword()
    {
        var all = Upper + Lower + Digits + Symbols;
        var chars = new List<char>
        {
            Upper[RandomNumberGenerator.GetInt32(Upper.Length)], Lower[RandomNumberGenerator.GetInt32(Lower.Length)],
            Digits[RandomNumberGenerator.GetInt32(Digits.Length)], Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)],
        };
        while (chars.Count < 16) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return new string(array);
    }
}
