using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProvincePortal.Features.Territory;

public sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.Property(x => x.Code).HasMaxLength(2);
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Code).IsUnique();
    }
}

public sealed class ProvinceConfiguration : IEntityTypeConfiguration<Province>
{
    public void Configure(EntityTypeBuilder<Province> b)
    {
        b.Property(x => x.Code).HasMaxLength(3);
        b.Property(x => x.Sigla).HasMaxLength(2);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.IpaCode).HasMaxLength(40);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => x.Sigla);
        b.Ignore(x => x.DisplayName);
        b.HasOne(x => x.Region).WithMany(r => r.Provinces).HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ComuneConfiguration : IEntityTypeConfiguration<Comune>
{
    public void Configure(EntityTypeBuilder<Comune> b)
    {
        b.Property(x => x.IstatCode).HasMaxLength(6);
        b.Property(x => x.CadastralCode).HasMaxLength(4);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameOtherLanguage).HasMaxLength(200);
        b.Property(x => x.IpaCode).HasMaxLength(40);
        b.HasIndex(x => x.CadastralCode).IsUnique();
        b.HasIndex(x => x.IstatCode);
        b.HasIndex(x => new { x.ProvinceId, x.Name });
        b.Ignore(x => x.IsActive);
        b.HasOne(x => x.Province).WithMany(p => p.Comuni).HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class TerritoryEditionConfiguration : IEntityTypeConfiguration<TerritoryEdition>
{
    public void Configure(EntityTypeBuilder<TerritoryEdition> b)
    {
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ImportedBy).HasMaxLength(256);
        b.HasIndex(x => x.EditionDate);
    }
}

public sealed class IpaImportRunConfiguration : IEntityTypeConfiguration<IndicePa.IpaImportRun>
{
    public void Configure(EntityTypeBuilder<IndicePa.IpaImportRun> b)
    {
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ImportedBy).HasMaxLength(256);
        b.HasIndex(x => x.ImportedAtUtc);
    }
}
