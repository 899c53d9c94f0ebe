using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Audit;

/// <summary>
/// Records every insert, update and delete of domain data in the same SaveChanges, so that a change and its audit rows
/// commit or fail together.
/// <para>
/// Records whose key the database generates (identity columns) only know their key after the INSERT: their entries
/// are kept aside, completed in <see cref="SavedChanges"/> and written by a second SaveChanges inside a transaction
/// the interceptor opens when the caller has none, committed only after both. Everything else is added to the
/// context before the save and written by the caller's own SaveChanges.
/// </para>
/// <para>
/// Not seen: ExecuteUpdate/ExecuteDelete and raw SQL (they bypass the change tracker), and SaveChanges(false) with
/// store-generated keys, which is refused rather than half-audited.
/// </para>
/// </summary>
public sealed class AuditInterceptor : SaveChangesInterceptor
{
    public const string SystemUser = "sistema";

    // Fields that change on their own (stamps, counters, last login) or repeat another field (normalized names):
    // recording them would bury real changes; an update that touches only these is not recorded at all.
    private static readonly HashSet<string> VolatileFields =
    [
        "SecurityStamp", "ConcurrencyStamp", "NormalizedUserName", "NormalizedEmail", "NormalizedName",
        "AccessFailedCount", nameof(PortalUser.LastLoginUtc),
        // Optimistic concurrency counters of the feature entities (Gare).
        "RowVersion",
    ];

    // One interceptor serves every context: what a SaveChanges collected waits here for its SavedChanges.
    private readonly ConditionalWeakTable<DbContext, Pending> pending = new();
    private readonly ConcurrentDictionary<IEntityType, TypeAudit> types = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSaveAsync(eventData.Context, async: false, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeSaveAsync(eventData.Context, async: true, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        AfterSaveAsync(eventData.Context, result, async: false, default).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        AfterSaveAsync(eventData.Context, result, async: true, cancellationToken);

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    private async ValueTask BeforeSaveAsync(DbContext? context, bool async, CancellationToken ct)
    {
        if (context is not PortalDbContext db) return;
        if (pending.TryGetValue(db, out var running))
        {
            if (running.WritingDeferred) return;
            Discard(db, running);
        }

        // EF detects changes only after the interceptors run: Entries() detects them first (unless the caller turned
        // automatic detection off, and then detects them itself).
        var tracked = db.ChangeTracker.Entries().ToList();
        var changed = tracked
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => (Entry: e, Type: TypeOf(e.Metadata)))
            .Where(x => x.Type.Audited)
            .ToList();
        if (changed.Count == 0) return;

        var actor = await ActorAsync(db, async);
        var owners = new UserProvinces(db, tracked);
        var state = new Pending();
        var at = DateTime.UtcNow;
        var summaries = new Dictionary<(string Entity, AuditAction Action), int>();
        foreach (var (entry, type) in changed)
        {
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Inserimento,
                EntityState.Deleted => AuditAction.Eliminazione,
                _ => AuditAction.Modifica,
            };
            if (type.SummaryOnly)
            {
                summaries[(type.Name, action)] = summaries.GetValueOrDefault((type.Name, action)) + 1;
                continue;
            }

            var audit = new AuditEntry
            {
                AtUtc = at, UserId = actor.UserId, UserName = actor.UserName ?? SystemUser,
                ProvinceId = await ProvinceOfAsync(entry, actor, owners, async, ct), Entity = type.Name, Action = action,
            };
            var late = new List<(IProperty, AuditFieldChange)>();
            var recorded = action switch
            {
                AuditAction.Inserimento => RecordInsert(entry, type, audit, late),
                AuditAction.Eliminazione => RecordDelete(entry, type, audit),
                _ => await RecordUpdateAsync(entry, type, audit, late, async, ct),
            };
            if (!recorded) continue;

            var keyPending = type.Key.Any(p => entry.Property(p).IsTemporary);
            if (keyPending || late.Count > 0)
                state.Deferred.Add(new Deferred(entry, audit, type, late));
            else
            {
                audit.EntityKey = KeyOf(entry, type);
                state.Immediate.Add(audit);
            }
        }
        foreach (var ((entity, action), count) in summaries)
            state.Immediate.Add(new AuditEntry
            {
                AtUtc = at, UserId = actor.UserId, UserName = actor.UserName ?? SystemUser, ProvinceId = actor.ProvinceId,
                Entity = entity, EntityKey = AuditEntry.SummaryKey, Action = action, RecordCount = count,
            });
        if (state.Immediate.Count == 0 && state.Deferred.Count == 0) return;

        if (state.Deferred.Count > 0 && db.Database.CurrentTransaction is null && System.Transactions.Transaction.Current is null)
            state.OwnTransaction = async ? await db.Database.BeginTransactionAsync(ct) : db.Database.BeginTransaction();

        db.AuditEntries.AddRange(state.Immediate);
        state.ImmediateRows = state.Immediate.Sum(a => 1 + a.Changes.Count);
        pending.AddOrUpdate(db, state);
    }

    private async ValueTask<int> AfterSaveAsync(DbContext? context, int result, bool async, CancellationToken ct)
    {
        if (context is not PortalDbContext db || !pending.TryGetValue(db, out var state) || state.WritingDeferred) return result;

        // The caller counts its own records, not the audit rows that went with them.
        var saved = result - state.ImmediateRows;
        if (state.Deferred.Count == 0)
        {
            pending.Remove(db);
            return saved;
        }

        try
        {
            if (db.ChangeTracker.Entries().Any(e => e.State != EntityState.Unchanged && TypeOf(e.Metadata).Audited))
                throw new InvalidOperationException(
                    "Registro attività: SaveChanges(acceptAllChangesOnSuccess: false) con chiavi generate dal database non è supportato; usare SaveChanges() in una transazione.");
            foreach (var d in state.Deferred)
            {
                d.Audit.EntityKey = KeyOf(d.Entry, d.Type);
                foreach (var (property, change) in d.LateValues)
                    change.NewValue = FieldValue(d.Type, property, d.Entry.Property(property).CurrentValue);
            }
            state.WritingDeferred = true;
            db.AuditEntries.AddRange(state.Deferred.Select(d => d.Audit));
            if (async) await db.SaveChangesAsync(ct); else db.SaveChanges();
            if (state.OwnTransaction is not null)
            {
                if (async) await state.OwnTransaction.CommitAsync(ct); else state.OwnTransaction.Commit();
            }
        }
        catch
        {
            foreach (var d in state.Deferred) Detach(db, d.Audit);
            if (state.OwnTransaction is not null)
            {
                if (async) await state.OwnTransaction.RollbackAsync(CancellationToken.None); else state.OwnTransaction.Rollback();
            }
            throw;
        }
        finally
        {
            pending.Remove(db);
            if (state.OwnTransaction is not null)
            {
                if (async) await state.OwnTransaction.DisposeAsync(); else state.OwnTransaction.Dispose();
            }
        }
        return saved;
    }

    /// <summary>A failed or cancelled save: nothing of it may be recorded, nor saved again by a retry.</summary>
    private void Abandon(DbContext? context)
    {
        if (context is not PortalDbContext db || !pending.TryGetValue(db, out var state) || state.WritingDeferred) return;
        Discard(db, state);
    }

    private void Discard(PortalDbContext db, Pending state)
    {
        pending.Remove(db);
        foreach (var audit in state.Immediate) Detach(db, audit);
        if (state.OwnTransaction is not null)
        {
            state.OwnTransaction.Rollback();
            state.OwnTransaction.Dispose();
        }
    }

    private static void Detach(DbContext db, AuditEntry audit)
    {
        foreach (var change in audit.Changes.ToList()) db.Entry(change).State = EntityState.Detached;
        db.Entry(audit).State = EntityState.Detached;
    }

    private static bool RecordInsert(EntityEntry entry, TypeAudit type, AuditEntry audit, List<(IProperty, AuditFieldChange)> late)
    {
        foreach (var (property, mode) in type.Fields)
        {
            if (type.IsSurrogateKey(property)) continue;
            var value = entry.Property(property);
            if (value.IsTemporary)
            {
                var change = new AuditFieldChange { Field = property.Name };
                audit.Changes.Add(change);
                late.Add((property, change));
            }
            else if (value.CurrentValue is not null)
                audit.Changes.Add(new AuditFieldChange { Field = property.Name, NewValue = Format(mode, value.CurrentValue) });
        }
        return true;
    }

    private static bool RecordDelete(EntityEntry entry, TypeAudit type, AuditEntry audit)
    {
        foreach (var (property, mode) in type.Fields)
        {
            if (type.IsSurrogateKey(property)) continue;
            if (entry.Property(property).OriginalValue is { } old)
                audit.Changes.Add(new AuditFieldChange { Field = property.Name, OldValue = Format(mode, old) });
        }
        return true;
    }

    private static async ValueTask<bool> RecordUpdateAsync(EntityEntry entry, TypeAudit type, AuditEntry audit,
        List<(IProperty, AuditFieldChange)> late, bool async, CancellationToken ct)
    {
        PropertyValues originals = entry.OriginalValues;
        // Update() of an entity the context did not load marks every property modified with originals equal to the
        // current values: only the database knows what the record was.
        if (LooksAttachedAsModified(entry, type))
            originals = (async ? await entry.GetDatabaseValuesAsync(ct) : entry.GetDatabaseValues()) ?? originals;

        foreach (var (property, mode) in type.Fields)
        {
            var value = entry.Property(property);
            if (!value.IsModified || property.IsPrimaryKey()) continue;
            var old = originals[property];
            if (value.IsTemporary)
            {
                var change = new AuditFieldChange { Field = property.Name, OldValue = Format(mode, old) };
                audit.Changes.Add(change);
                late.Add((property, change));
                continue;
            }
            if (property.GetValueComparer().Equals(old, value.CurrentValue)) continue;
            // Values the log cannot tell apart (a time read back from the database without its last digit) are no change.
            var (oldText, newText) = (AuditValues.Format(old), AuditValues.Format(value.CurrentValue));
            if (oldText == newText) continue;
            audit.Changes.Add(new AuditFieldChange
            {
                Field = property.Name,
                OldValue = mode == FieldMode.Masked && oldText is not null ? AuditEntry.Masked : oldText,
                NewValue = mode == FieldMode.Masked && newText is not null ? AuditEntry.Masked : newText,
            });
        }
        return audit.Changes.Count > 0;
    }

    private static bool LooksAttachedAsModified(EntityEntry entry, TypeAudit type) =>
        type.Fields.All(f => f.Property.IsPrimaryKey() || entry.Property(f.Property).IsModified)
        && type.Fields.All(f => f.Property.IsPrimaryKey() || f.Property.GetValueComparer().Equals(entry.Property(f.Property).OriginalValue, entry.Property(f.Property).CurrentValue));

    private static string? Format(FieldMode mode, object? value) =>
        value is null ? null : mode == FieldMode.Masked ? AuditEntry.Masked : AuditValues.Format(value);

    private static string? FieldValue(TypeAudit type, IProperty property, object? value) =>
        Format(type.Fields.First(f => f.Property == property).Mode, value);

    private static string KeyOf(EntityEntry entry, TypeAudit type) =>
        string.Join('|', type.Key.Select(p => AuditValues.Format(entry.Property(p).CurrentValue) ?? ""));

    /// <summary>
    /// The record's Province when it has one (tenant data, users; a user's roles, claims and logins belong to the
    /// user's Province), else the Province of whoever acts.
    /// </summary>
    private static async ValueTask<int?> ProvinceOfAsync(EntityEntry entry, TenantScope actor, UserProvinces owners, bool async, CancellationToken ct) => entry.Entity switch
    {
        ITenantOwned owned => owned.ProvinceId,
        PortalUser user => user.ProvinceId ?? actor.ProvinceId,
        IdentityUserRole<string> role => await owners.OfAsync(role.UserId, async, ct) ?? actor.ProvinceId,
        IdentityUserClaim<string> claim => await owners.OfAsync(claim.UserId, async, ct) ?? actor.ProvinceId,
        IdentityUserLogin<string> login => await owners.OfAsync(login.UserId, async, ct) ?? actor.ProvinceId,
        IdentityUserToken<string> token => await owners.OfAsync(token.UserId, async, ct) ?? actor.ProvinceId,
        _ => actor.ProvinceId,
    };

    /// <summary>Provinces of the users whose roles or claims change: from the tracked users, else one query each.</summary>
    private sealed class UserProvinces(PortalDbContext db, List<EntityEntry> tracked)
    {
        private Dictionary<string, int?>? known;

        public async ValueTask<int?> OfAsync(string userId, bool async, CancellationToken ct)
        {
            known ??= tracked.Where(e => e.Entity is PortalUser).Select(e => (PortalUser)e.Entity).ToDictionary(u => u.Id, u => u.ProvinceId);
            if (known.TryGetValue(userId, out var province)) return province;
            var query = db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ProvinceId);
            province = async ? await query.FirstOrDefaultAsync(ct) : query.FirstOrDefault();
            known[userId] = province;
            return province;
        }
    }

    private static async ValueTask<TenantScope> ActorAsync(PortalDbContext db, bool async)
    {
        if (db.Scope.UserId is not null || db.Scope.UserName is not null || db.ActingScope is null) return db.Scope;
        var resolving = db.ActingScope();
        return async ? await resolving : resolving.GetAwaiter().GetResult();
    }

    private TypeAudit TypeOf(IEntityType entityType) => types.GetOrAdd(entityType, TypeAudit.Of);

    private enum FieldMode { Recorded, Masked }

    private sealed record TypeAudit(string Name, bool Audited, bool SummaryOnly, IReadOnlyList<IProperty> Key, IReadOnlyList<(IProperty Property, FieldMode Mode)> Fields)
    {
        /// <summary>A single-column key is already the entry's key; the columns of a composite key are worth reading as fields.</summary>
        public bool IsSurrogateKey(IProperty property) => Key.Count == 1 && Key[0] == property;

        public static TypeAudit Of(IEntityType t)
        {
            var clr = t.ClrType;
            var name = t.HasSharedClrType ? t.ShortName() : clr.Name.Split('`')[0];
            var key = t.FindPrimaryKey()?.Properties.ToList();
            var audited = key is not null && !t.IsOwned() && clr != typeof(DataProtectionKey) && clr.GetCustomAttribute<NotAuditedAttribute>() is null;
            var fields = t.GetProperties()
                .Where(p => !VolatileFields.Contains(p.Name) && !(p.IsConcurrencyToken && p.ValueGenerated == ValueGenerated.OnAddOrUpdate))
                .Select(p => (p, IsSecret(clr, p) ? FieldMode.Masked : FieldMode.Recorded))
                .ToList();
            return new TypeAudit(name, audited, clr.GetCustomAttribute<AuditSummaryOnlyAttribute>() is not null, key ?? [], fields);
        }

        private static bool IsSecret(Type clr, IProperty p) =>
            p.Name == nameof(IdentityUser.PasswordHash)
            || (p.Name == nameof(IdentityUserToken<string>.Value) && clr.IsAssignableTo(typeof(IdentityUserToken<string>)))
            || p.PropertyInfo?.GetCustomAttribute<AuditMaskedAttribute>() is not null;
    }

    private sealed class Pending
    {
        /// <summary>Set during the second SaveChanges that writes the deferred entries: that one is not audited again.</summary>
        public bool WritingDeferred;
        public readonly List<AuditEntry> Immediate = [];
        public int ImmediateRows;
        public readonly List<Deferred> Deferred = [];
        public IDbContextTransaction? OwnTransaction;
    }

    private sealed record Deferred(EntityEntry Entry, AuditEntry Audit, TypeAudit Type, List<(IProperty Property, AuditFieldChange Change)> LateValues);
}
