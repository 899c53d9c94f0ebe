using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProvincePortal.Hosting;

/// <summary>
/// One row per background job, shared by every app node: the node holding an unexpired lease is the only one running
/// the job, and the last start tells the others that this period's round is already done.
/// </summary>
[Features.Audit.NotAudited]
public sealed class JobLease
{
    public required string Name { get; set; }
    /// <summary>Node that took the lease last (kept after release: it is who ran the last round).</summary>
    public string? Holder { get; set; }
    public DateTime LeaseUntilUtc { get; set; }
    public DateTime? LastRunStartedUtc { get; set; }
    public DateTime? LastRunEndedUtc { get; set; }
    /// <summary>Error of the last round, null when it succeeded.</summary>
    public string? LastError { get; set; }
    public long RunCount { get; set; }
}

public sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.Holder).HasMaxLength(200);
        b.Property(l => l.LastError).HasMaxLength(2000);
    }
}
