using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Discussions;

public sealed class DiscussionThreadConfiguration : IEntityTypeConfiguration<DiscussionThread>
{
    public void Configure(EntityTypeBuilder<DiscussionThread> b)
    {
        b.Property(x => x.Title).HasMaxLength(DiscussionService.MaxTitleLength);
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.AuthorName).HasMaxLength(256);
        b.Property(x => x.DeletedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.WorkspaceId, x.DeletedAtUtc, x.LastActivityAtUtc });
        b.HasOne(x => x.Workspace).WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DiscussionPostConfiguration : IEntityTypeConfiguration<DiscussionPost>
{
    public void Configure(EntityTypeBuilder<DiscussionPost> b)
    {
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.AuthorName).HasMaxLength(256);
        b.Property(x => x.Body).HasMaxLength(DiscussionService.MaxBodyLength);
        b.Property(x => x.DeletedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.ThreadId, x.ParentPostId, x.CreatedAtUtc });
        b.HasOne(x => x.Thread).WithMany().HasForeignKey(x => x.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DiscussionPost>().WithMany().HasForeignKey(x => x.ParentPostId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DiscussionAttachmentConfiguration : IEntityTypeConfiguration<DiscussionAttachment>
{
    public void Configure(EntityTypeBuilder<DiscussionAttachment> b)
    {
        b.HasKey(x => new { x.PostId, x.DocumentId });
        b.HasIndex(x => x.DocumentId);
        // A purged document takes its links with it; the post stays.
        b.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DiscussionFollowerConfiguration : IEntityTypeConfiguration<DiscussionFollower>
{
    public void Configure(EntityTypeBuilder<DiscussionFollower> b)
    {
        b.HasKey(x => new { x.ThreadId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => x.UserId);
        b.HasOne<DiscussionThread>().WithMany().HasForeignKey(x => x.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
