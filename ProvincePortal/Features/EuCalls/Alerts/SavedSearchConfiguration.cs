using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls.Alerts;

public sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> b)
    {
        b.ToTable("SavedSearches");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(200);
        b.Property(x => x.Programmes).HasMaxLength(2000);
        b.Property(x => x.Beneficiaries).HasMaxLength(1000);
        b.Property(x => x.Themes).HasMaxLength(1000);
        b.HasIndex(x => new { x.UserId, x.Name });
        b.HasIndex(x => new { x.Paused, x.Frequency });
        b.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CallAlertConfiguration : IEntityTypeConfiguration<CallAlert>
{
    public void Configure(EntityTypeBuilder<CallAlert> b)
    {
        b.ToTable("CallAlerts");
        b.Property(x => x.ChangeKey).HasMaxLength(100);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.HasIndex(x => new { x.SavedSearchId, x.CallId, x.ChangeKey }).IsUnique();
        // The digest job asks "due, not yet in a digest" per search.
        b.HasIndex(x => new { x.SavedSearchId, x.DigestDue, x.DigestId });
        b.HasIndex(x => x.CallId);
        b.HasOne(x => x.SavedSearch).WithMany().HasForeignKey(x => x.SavedSearchId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Call).WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Digest).WithMany().HasForeignKey(x => x.DigestId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class AlertDigestConfiguration : IEntityTypeConfiguration<AlertDigest>
{
    public void Configure(EntityTypeBuilder<AlertDigest> b)
    {
        b.ToTable("AlertDigests");
        b.Property(x => x.Period).HasMaxLength(20);
        b.HasIndex(x => new { x.SavedSearchId, x.Period }).IsUnique();
        b.HasOne<SavedSearch>().WithMany().HasForeignKey(x => x.SavedSearchId).OnDelete(DeleteBehavior.Cascade);
    }
}
