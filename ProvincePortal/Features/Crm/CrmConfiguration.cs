using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProvincePortal.Features.Crm;

public sealed class ConvenzioneConfiguration : IEntityTypeConfiguration<Convenzione>
{
    public void Configure(EntityTypeBuilder<Convenzione> b)
    {
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.ProtocolNumber).HasMaxLength(60);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProvinceId, x.ComuneId, x.StartDate });
        // The expiry alerts and the dashboard look for active agreements by end date.
        b.HasIndex(x => new { x.ProvinceId, x.Status, x.EndDate });
        b.HasOne(x => x.Comune).WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Services).WithOne().HasForeignKey(x => x.ConvenzioneId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Quotas).WithOne(q => q.Convenzione).HasForeignKey(x => x.ConvenzioneId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ConvenzioneServizioConfiguration : IEntityTypeConfiguration<ConvenzioneServizio>
{
    public void Configure(EntityTypeBuilder<ConvenzioneServizio> b)
    {
        b.HasKey(x => new { x.ConvenzioneId, x.CatalogServiceId });
        b.HasOne(x => x.CatalogService).WithMany().HasForeignKey(x => x.CatalogServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class QuotaAnnualeConfiguration : IEntityTypeConfiguration<QuotaAnnuale>
{
    public void Configure(EntityTypeBuilder<QuotaAnnuale> b)
    {
        // Two operators recording payments at once must not both fit into the same residual.
        b.Property(x => x.PaidCents).IsConcurrencyToken();
        b.HasIndex(x => new { x.ConvenzioneId, x.Year }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.DueDate });
        b.HasIndex(x => new { x.ProvinceId, x.ComuneId });
        b.HasMany(x => x.Payments).WithOne().HasForeignKey(x => x.QuotaId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PagamentoConfiguration : IEntityTypeConfiguration<Pagamento>
{
    public void Configure(EntityTypeBuilder<Pagamento> b)
    {
        b.Property(x => x.Reference).HasMaxLength(140);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.HasIndex(x => x.QuotaId);
    }
}

public sealed class ContattoComuneConfiguration : IEntityTypeConfiguration<ContattoComune>
{
    public void Configure(EntityTypeBuilder<ContattoComune> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Pec).HasMaxLength(254);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.Website).HasMaxLength(500);
        b.HasIndex(x => new { x.ProvinceId, x.ComuneId });
        b.HasOne<Territory.Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Requests.CatalogService>().WithMany().HasForeignKey(x => x.CatalogServiceId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class InterazioneConfiguration : IEntityTypeConfiguration<Interazione>
{
    public void Configure(EntityTypeBuilder<Interazione> b)
    {
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.ProtocolNumber).HasMaxLength(60);
        b.Property(x => x.AuthorName).HasMaxLength(256);
        b.Property(x => x.AuthorUserId).HasMaxLength(450);
        // The log is read per Comune, newest first, a page at a time.
        b.HasIndex(x => new { x.ComuneId, x.Date, x.Id });
        b.HasOne<Territory.Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CrmAlertConfiguration : IEntityTypeConfiguration<CrmAlert>
{
    public void Configure(EntityTypeBuilder<CrmAlert> b)
    {
        b.Property(x => x.Key).HasMaxLength(80);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.AtUtc });
    }
}
