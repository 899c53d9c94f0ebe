using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Tenders.Bdap;

public sealed class BdapProjectConfiguration : IEntityTypeConfiguration<BdapProject>
{
    public void Configure(EntityTypeBuilder<BdapProject> b)
    {
        b.ToTable("BdapProjects");
        b.Property(x => x.Cup).HasMaxLength(15);
        b.Property(x => x.Titolo).HasMaxLength(2000);
        b.Property(x => x.SoggettoTitolare).HasMaxLength(500);
        b.Property(x => x.CfSoggettoTitolare).HasMaxLength(16);
        b.Property(x => x.Stato).HasMaxLength(100);
        b.Property(x => x.FaseRaggiunta).HasMaxLength(200);
        b.Property(x => x.Natura).HasMaxLength(200);
        b.Property(x => x.Localizzazione).HasMaxLength(4000);
        b.Property(x => x.Fonte).HasMaxLength(300);
        // One project per CUP in a Province; the link to the register is a lookup by CUP within the Province.
        b.HasIndex(x => new { x.ProvinceId, x.Cup }).IsUnique();
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Awards).WithOne().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Payments).WithOne().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BdapAwardConfiguration : IEntityTypeConfiguration<BdapAward>
{
    public void Configure(EntityTypeBuilder<BdapAward> b)
    {
        b.ToTable("BdapAwards");
        b.Property(x => x.Cig).HasMaxLength(10);
        b.Property(x => x.Oggetto).HasMaxLength(2000);
        b.Property(x => x.SceltaContraente).HasMaxLength(200);
        b.Property(x => x.Aggiudicatari).HasMaxLength(4000);
        b.Property(x => x.Fonte).HasMaxLength(300);
        b.Ignore(x => x.Winners);
        b.HasIndex(x => new { x.ProjectId, x.Cig }).IsUnique();
        // Lots find their awards by CIG (procedure panel, dashboard).
        b.HasIndex(x => new { x.ProvinceId, x.Cig });
    }
}

public sealed class BdapPaymentConfiguration : IEntityTypeConfiguration<BdapPayment>
{
    public void Configure(EntityTypeBuilder<BdapPayment> b)
    {
        b.ToTable("BdapPayments");
        b.Property(x => x.Fonte).HasMaxLength(300);
        b.HasIndex(x => new { x.ProjectId, x.Anno }).IsUnique();
    }
}
