using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.RecipientUserId).HasMaxLength(450);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(2000);
        b.Property(x => x.LinkUrl).HasMaxLength(500);
        // The bell asks "unread of this user" and the page lists "this user's, newest first".
        b.HasIndex(x => new { x.RecipientUserId, x.ReadAtUtc });
        b.HasIndex(x => new { x.RecipientUserId, x.CreatedAtUtc });
        b.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("OutboxEmails");
        b.Property(x => x.To).HasMaxLength(256);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasIndex(x => new { x.SentAtUtc, x.AbandonedAtUtc, x.NextAttemptAtUtc });
    }
}
