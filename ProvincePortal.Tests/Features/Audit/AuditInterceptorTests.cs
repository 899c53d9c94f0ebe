using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;
using ProvincePortal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProvincePortal.Tests.Features.Audit;

/// <summary>The interceptor on the real app and database: each test works on its own demo user, the class shares the data.</summary>
public class AuditInterceptorTests(PortalFactory factory, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    private async Task<PortalUser> UserAsync(string email)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    private async Task<List<AuditEntry>> EntriesAsync(string entity, string key)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.AuditEntries.AsNoTracking().Include(e => e.Changes)
            .Where(e => e.Entity == entity && e.EntityKey == key).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task UpdateThroughUserManager_RecordsWhoWhenAndOldToNew()
    {
        var target = await UserAsync("cdc@demo.it");
        var before = DateTime.UtcNow.AddSeconds(-1);

        await factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync("cdc@demo.it");
            user!.FullName = "Carla Competenze";
            var result = await users.UpdateAsync(user);
            Assert.True(result.Succeeded);
            return 0;
        });

        var entry = (await EntriesAsync("PortalUser", target.Id)).Last();
        var admin = await UserAsync("provincia@demo.it");
        Assert.Equal(AuditAction.Modifica, entry.Action);
        Assert.Equal("provincia@demo.it", entry.UserName);
        Assert.Equal(admin.Id, entry.UserId);
        Assert.Equal(target.ProvinceId, entry.ProvinceId);
        Assert.InRange(entry.AtUtc, before, DateTime.UtcNow.AddSeconds(1));
        // ConcurrencyStamp and SecurityStamp change on every update and are not recorded.
        var change = Assert.Single(entry.Changes);
        Assert.Equal("FullName", change.Field);
        Assert.Equal("Carlo Competenza", change.OldValue);
        Assert.Equal("Carla Competenze", change.NewValue);
    }

    [Fact]
    public async Task UpdateThroughPortalDbFactory_RecordsTheUserOfTheScope()
    {
        var target = await UserAsync("sua.bs@demo.it");

        await factory.AsUserAsync("admin@demo.it", async sp =>
        {
            await using var db = await sp.GetRequiredService<PortalDbFactory>().CreateAsync();
            var user = await db.Users.SingleAsync(u => u.Id == target.Id);
            user.PhoneNumber = "+39 0422 123456";
            user.LockoutEnd = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
            return await db.SaveChangesAsync();
        });

        var entry = (await EntriesAsync("PortalUser", target.Id)).Last();
        Assert.Equal("admin@demo.it", entry.UserName);
        Assert.Equal(AuditAction.Modifica, entry.Action);
        var phone = Assert.Single(entry.Changes, c => c.Field == "PhoneNumber");
        Assert.Null(phone.OldValue);
        Assert.Equal("+39 0422 123456", phone.NewValue);
        // Stored invariantly (ISO 8601), formatted only by the UI.
        Assert.Equal("2026-12-01T08:30:00+00:00", Assert.Single(entry.Changes, c => c.Field == "LockoutEnd").NewValue);
    }

    [Fact]
    public async Task SaveChanges_ReturnsTheCallersCount_NotTheAuditRows()
    {
        var target = await UserAsync("dirigente@demo.it");
        await using var db = await factory.CreateSystemDbAsync();
        var user = await db.Users.SingleAsync(u => u.Id == target.Id);
        user.FullName = "Daniela Dirigente Generale";
        Assert.Equal(1, await db.SaveChangesAsync());

        var entry = (await EntriesAsync("PortalUser", target.Id)).Last();
        Assert.Equal(AuditInterceptor.SystemUser, entry.UserName);
        Assert.Null(entry.UserId);
    }

    [Fact]
    public async Task UpdateThatChangesNothing_IsNotRecorded()
    {
        var target = await UserAsync("sua@demo.it");
        var count = (await EntriesAsync("PortalUser", target.Id)).Count;

        await factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(target.Id);
            Assert.True((await users.UpdateAsync(user!)).Succeeded);
            // Changes only the security and concurrency stamps.
            Assert.True((await users.UpdateSecurityStampAsync(user!)).Succeeded);
            return 0;
        });
        // Update() of an entity the context did not load: the interceptor compares with the database.
        var detached = await UserAsync("sua@demo.it");
        await using (var db = await factory.CreateSystemDbAsync())
        {
            db.Users.Update(detached);
            await db.SaveChangesAsync();
        }

        Assert.Equal(count, (await EntriesAsync("PortalUser", target.Id)).Count);
    }

    [Fact]
    public async Task UpdateOfAnEntityTheContextDidNotLoad_RecordsOldValuesFromTheDatabase()
    {
        var target = await UserAsync("europa@demo.it");
        var detached = await UserAsync("europa@demo.it");
        detached.FullName = "Elena Europa Progettista";
        await using (var db = await factory.CreateSystemDbAsync())
        {
            db.Users.Update(detached);
            await db.SaveChangesAsync();
        }

        var change = Assert.Single((await EntriesAsync("PortalUser", target.Id)).Last().Changes);
        Assert.Equal("FullName", change.Field);
        Assert.Equal(target.FullName, change.OldValue);
        Assert.Equal("Elena Europa Progettista", change.NewValue);
    }

    [Fact]
    public async Task InsertAndDeleteWithStoreGeneratedKey_AreRecordedWithTheRealKey()
    {
        var target = await UserAsync("europa@demo.it");
        int claimId = await factory.AsUserAsync("admin@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(target.Id);
            Assert.True((await users.AddClaimAsync(user!, new System.Security.Claims.Claim("pp:delega", "fondi-pnrr"))).Succeeded);
            await using var db = await factory.CreateSystemDbAsync();
            return (await db.UserClaims.SingleAsync(c => c.UserId == target.Id && c.ClaimType == "pp:delega")).Id;
        });
        var key = claimId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var inserted = Assert.Single(await EntriesAsync("IdentityUserClaim", key));
        Assert.Equal(AuditAction.Inserimento, inserted.Action);
        Assert.Equal("admin@demo.it", inserted.UserName);
        Assert.Equal("fondi-pnrr", Assert.Single(inserted.Changes, c => c.Field == "ClaimValue").NewValue);
        Assert.Equal(target.Id, Assert.Single(inserted.Changes, c => c.Field == "UserId").NewValue);
        Assert.DoesNotContain(inserted.Changes, c => c.Field == "Id");

        await factory.AsUserAsync("admin@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(target.Id);
            Assert.True((await users.RemoveClaimAsync(user!, new System.Security.Claims.Claim("pp:delega", "fondi-pnrr"))).Succeeded);
            return 0;
        });

        var deleted = (await EntriesAsync("IdentityUserClaim", key)).Last();
        Assert.Equal(AuditAction.Eliminazione, deleted.Action);
        var value = Assert.Single(deleted.Changes, c => c.Field == "ClaimValue");
        Assert.Equal("fondi-pnrr", value.OldValue);
        Assert.Null(value.NewValue);
    }

    [Fact]
    public async Task CreateAndDeleteUser_AreRecorded_WithRolesAndMaskedPassword()
    {
        var id = await factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var province = (await UserAsync("provincia@demo.it")).ProvinceId;
            var user = new PortalUser { UserName = "nuovo@demo.it", Email = "nuovo@demo.it", FullName = "Nadia Nuova", ProvinceId = province };
            Assert.True((await users.CreateAsync(user, "Nuova-Password-1!")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Manager)).Succeeded);
            Assert.True((await users.DeleteAsync(user)).Succeeded);
            return user.Id;
        });

        var entries = await EntriesAsync("PortalUser", id);
        Assert.Equal([AuditAction.Inserimento, AuditAction.Eliminazione], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("provincia@demo.it", e.UserName));
        Assert.Equal("Nadia Nuova", Assert.Single(entries[0].Changes, c => c.Field == "FullName").NewValue);
        Assert.Equal(AuditEntry.Masked, Assert.Single(entries[0].Changes, c => c.Field == "PasswordHash").NewValue);
        Assert.Equal("nuovo@demo.it", Assert.Single(entries[1].Changes, c => c.Field == "Email").OldValue);
        Assert.DoesNotContain(entries.SelectMany(e => e.Changes), c => c.Field is "SecurityStamp" or "ConcurrencyStamp" or "NormalizedEmail");

        await using var db = await factory.CreateSystemDbAsync();
        var role = await db.Roles.SingleAsync(r => r.Name == Roles.Manager);
        var roleEntry = await db.AuditEntries.Include(e => e.Changes).SingleAsync(e => e.Entity == "IdentityUserRole" && e.EntityKey == id + "|" + role.Id && e.Action == AuditAction.Inserimento);
        Assert.Equal(role.Id, Assert.Single(roleEntry.Changes, c => c.Field == "RoleId").NewValue);
        // A user's role belongs to the user's Province, so that its administrator sees it.
        Assert.Equal((await UserAsync("provincia@demo.it")).ProvinceId, roleEntry.ProvinceId);
    }

    [Fact]
    public async Task PasswordHash_IsNeverStoredInClear()
    {
        await factory.AsUserAsync("dirigente@demo.it", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync("dirigente@demo.it");
            Assert.True((await users.ChangePasswordAsync(user!, DemoSeeder.Password, "Un-Altra-Password-2!")).Succeeded);
            Assert.True((await users.ChangePasswordAsync(user!, "Un-Altra-Password-2!", DemoSeeder.Password)).Succeeded);
            return 0;
        });

        var target = await UserAsync("dirigente@demo.it");
        var changes = (await EntriesAsync("PortalUser", target.Id)).Where(e => e.UserName == "dirigente@demo.it").SelectMany(e => e.Changes).ToList();
        Assert.Equal(2, changes.Count(c => c.Field == "PasswordHash" && c.OldValue == AuditEntry.Masked && c.NewValue == AuditEntry.Masked));

        await using var db = await factory.CreateSystemDbAsync();
        var hashes = await db.Users.Select(u => u.PasswordHash).Where(h => h != null).ToListAsync();
        Assert.NotEmpty(hashes);
        Assert.Equal(0, await db.AuditFieldChanges.CountAsync(c => hashes.Contains(c.OldValue) || hashes.Contains(c.NewValue)));
        Assert.All(await db.AuditFieldChanges.Where(c => c.Field == "PasswordHash").ToListAsync(), c =>
        {
            Assert.True(c.OldValue is null or AuditEntry.Masked);
            Assert.True(c.NewValue is null or AuditEntry.Masked);
        });
    }

    [Fact]
    public async Task FailingSaveChanges_LeavesNoAuditRow()
    {
        var existing = await UserAsync("provincia@demo.it");
        var duplicate = new PortalUser
        {
            UserName = existing.UserName, NormalizedUserName = existing.NormalizedUserName,
            Email = "doppione@demo.it", NormalizedEmail = "DOPPIONE@DEMO.IT", FullName = "Doppione",
        };
        await using (var db = await factory.CreateSystemDbAsync())
        {
            db.Users.Add(duplicate);
            // A record with a store-generated key in the same save: its entry would be written after the insert.
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = existing.Id, ClaimType = "pp:prova", ClaimValue = "non-salvato" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = await factory.CreateSystemDbAsync();
        Assert.False(await check.Users.AnyAsync(u => u.Id == duplicate.Id));
        Assert.False(await check.AuditEntries.AnyAsync(e => e.EntityKey == duplicate.Id));
        Assert.False(await check.AuditFieldChanges.AnyAsync(c => c.NewValue == "non-salvato" || c.NewValue == "doppione@demo.it"));
    }

    [Fact]
    public async Task FailingRetryAfterAFailedSave_DoesNotDuplicateEntries()
    {
        var target = await UserAsync("sua@demo.it");
        var other = await UserAsync("provincia@demo.it");
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Id == target.Id);
            user.FullName = "Silvia Stazione Appaltante SUA";
            user.NormalizedUserName = other.NormalizedUserName;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            user.NormalizedUserName = target.NormalizedUserName;
            await db.SaveChangesAsync();
        }

        var entry = (await EntriesAsync("PortalUser", target.Id)).Last();
        Assert.Equal("Silvia Stazione Appaltante SUA", Assert.Single(entry.Changes).NewValue);
        await using var check = await factory.CreateSystemDbAsync();
        Assert.Equal(1, await check.AuditFieldChanges.CountAsync(c => c.NewValue == "Silvia Stazione Appaltante SUA"));
    }

    [Fact]
    public async Task AuditRowsThatCannotBeWritten_RollBackTheChange()
    {
        var target = await UserAsync("europa@demo.it");
        await using var db = await factory.CreateSystemDbAsync();
        var postgres = db.Database.ProviderName!.Contains("Npgsql");
        // The database refuses the audit row of a claim: the claim, already inserted in the same transaction, must go too.
        await db.Database.ExecuteSqlRawAsync(postgres
            ? """
              CREATE FUNCTION pp_test_reject_audit() RETURNS trigger AS $$
              BEGIN IF NEW."Entity" = 'IdentityUserClaim' THEN RAISE EXCEPTION 'registro rifiutato'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER pp_test_reject_audit BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION pp_test_reject_audit();
              """
            : """
              CREATE TRIGGER pp_test_reject_audit BEFORE INSERT ON AuditEntries
              WHEN NEW.Entity = 'IdentityUserClaim' BEGIN SELECT RAISE(ABORT, 'registro rifiutato'); END;
              """);
        try
        {
            await using var work = await factory.CreateSystemDbAsync();
            work.UserClaims.Add(new IdentityUserClaim<string> { UserId = target.Id, ClaimType = "pp:prova", ClaimValue = "senza-registro" });
            await Assert.ThrowsAnyAsync<Exception>(() => work.SaveChangesAsync());
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(postgres
                ? "DROP TRIGGER pp_test_reject_audit ON \"AuditEntries\"; DROP FUNCTION pp_test_reject_audit();"
                : "DROP TRIGGER pp_test_reject_audit;");
        }

        Assert.False(await db.UserClaims.AnyAsync(c => c.ClaimValue == "senza-registro"));
    }

    [Fact]
    public async Task ExplicitTransactionRolledBack_TakesTheAuditRowsWithIt()
    {
        var target = await UserAsync("comune@demo.it");
        await using (var db = await factory.CreateSystemDbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Users.SingleAsync(u => u.Id == target.Id)).FullName = "Mai salvato";
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = target.Id, ClaimType = "pp:prova", ClaimValue = "mai-salvato" });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = await factory.CreateSystemDbAsync();
        Assert.False(await check.AuditFieldChanges.AnyAsync(c => c.NewValue == "Mai salvato" || c.NewValue == "mai-salvato"));
    }

    [Fact]
    public async Task IstatSeed_IsRecordedAsSummaryEntries_WithoutFieldRows()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var comuni = await db.Comuni.CountAsync();
        var summaries = await db.AuditEntries.Include(e => e.Changes)
            .Where(e => e.Entity == nameof(Comune) && e.Action == AuditAction.Inserimento).ToListAsync();
        Assert.NotEmpty(summaries);
        Assert.All(summaries, e =>
        {
            Assert.Equal(AuditEntry.SummaryKey, e.EntityKey);
            Assert.Empty(e.Changes);
        });
        Assert.Equal(comuni, summaries.Sum(e => e.RecordCount));
    }

    [Fact]
    public async Task BulkInsertOfReferenceData_WritesOneSummaryEntry_AndStaysFast()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var changesBefore = await db.AuditFieldChanges.CountAsync();
        var marker = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 8_000; i++)
            db.TerritoryEditions.Add(new TerritoryEdition
            {
                EditionDate = new DateOnly(2026, 1, 1), FileName = marker, Sha256 = i.ToString("x64"),
                ImportedAtUtc = DateTime.UtcNow, ImportedBy = "test", Created = i,
            });
        var watch = Stopwatch.StartNew();
        Assert.Equal(8_000, await db.SaveChangesAsync());
        watch.Stop();
        output.WriteLine($"8.000 record in {watch.ElapsedMilliseconds} ms");

        await using var check = await factory.CreateSystemDbAsync();
        var entry = await check.AuditEntries.Where(e => e.Entity == nameof(TerritoryEdition)).OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(8_000, entry.RecordCount);
        Assert.Equal(AuditAction.Inserimento, entry.Action);
        Assert.Equal(changesBefore, await check.AuditFieldChanges.CountAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Salvataggio troppo lento: {watch.Elapsed}");
        await check.TerritoryEditions.Where(t => t.FileName == marker).ExecuteDeleteAsync();
    }
}
