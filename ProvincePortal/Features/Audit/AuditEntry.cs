using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Audit;

public enum AuditAction { Inserimento = 1, Modifica = 2, Eliminazione = 3 }

/// <summary>One insert, update or delete of a domain record, written in the same transaction as the change.</summary>
[NotAudited]
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>Province of the record when it has one, else of the user; null for platform-wide data.</summary>
    public int? ProvinceId { get; set; }
    /// <summary>CLR name of the entity ("Comune").</summary>
    public string Entity { get; set; } = "";
    /// <summary>Primary key of the record, as text ("42", or "a|b" for composite keys).</summary>
    public string EntityKey { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>
    /// Set only on summary entries of bulk reference data (<see cref="AuditSummaryOnlyAttribute"/>): how many records
    /// the SaveChanges inserted, updated or deleted. Their <see cref="EntityKey"/> is <see cref="SummaryKey"/>.
    /// </summary>
    public int? RecordCount { get; set; }
    public List<AuditFieldChange> Changes { get; set; } = [];

    public const string SummaryKey = "*";
    /// <summary>Written as the value of masked fields (password hashes, tokens).</summary>
    public const string Masked = "***";
}

/// <summary>One field of an audited record: values as invariant text (dates ISO 8601, decimals with '.').</summary>
[NotAudited]
public class AuditFieldChange
{
    public long Id { get; set; }
    public long AuditEntryId { get; set; }
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Entity).HasMaxLength(128);
        b.Property(x => x.EntityKey).HasMaxLength(256);
        b.HasIndex(x => new { x.Entity, x.EntityKey });
        b.HasIndex(x => x.AtUtc);
        b.HasIndex(x => x.ProvinceId);
        b.HasMany(x => x.Changes).WithOne().HasForeignKey(x => x.AuditEntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AuditFieldChangeConfiguration : IEntityTypeConfiguration<AuditFieldChange>
{
    public void Configure(EntityTypeBuilder<AuditFieldChange> b)
    {
        b.Property(x => x.Field).HasMaxLength(128);
    }
}
