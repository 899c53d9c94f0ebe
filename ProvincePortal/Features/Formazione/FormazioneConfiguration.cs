using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Formazione;

public sealed class MoodleInstanceConfiguration : IEntityTypeConfiguration<MoodleInstance>
{
    public void Configure(EntityTypeBuilder<MoodleInstance> b)
    {
        b.Property(x => x.Key).HasMaxLength(40);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.BaseUrl).HasMaxLength(500);
        b.HasMany(x => x.Provinces).WithOne().HasForeignKey(x => x.MoodleInstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MoodleInstanceProvinceConfiguration : IEntityTypeConfiguration<MoodleInstanceProvince>
{
    public void Configure(EntityTypeBuilder<MoodleInstanceProvince> b)
    {
        b.HasKey(x => new { x.MoodleInstanceId, x.ProvinceId });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CorsoFormazioneConfiguration : IEntityTypeConfiguration<CorsoFormazione>
{
    public void Configure(EntityTypeBuilder<CorsoFormazione> b)
    {
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Audience).HasMaxLength(500);
        b.Property(x => x.Hours).HasPrecision(6, 1);
        b.Property(x => x.LastSyncError).HasMaxLength(1000);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.MoodleInstance).WithMany().HasForeignKey(x => x.MoodleInstanceId).OnDelete(DeleteBehavior.Restrict);
        // One entry per Moodle course and owner: the same course may be described by the platform and by a Province.
        b.HasIndex(x => new { x.MoodleInstanceId, x.MoodleCourseId, x.ProvinceId }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.Servizio });
    }
}

public sealed class EsitoFormazioneConfiguration : IEntityTypeConfiguration<EsitoFormazione>
{
    public void Configure(EntityTypeBuilder<EsitoFormazione> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Grade).HasPrecision(10, 2);
        b.Property(x => x.GradeMax).HasPrecision(10, 2);
        b.HasOne(x => x.Corso).WithMany().HasForeignKey(x => x.CorsoFormazioneId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CorsoFormazioneId, x.UserId }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.CorsoFormazioneId });
    }
}
