using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Agenda;

public sealed class AgendaFrameworkConfiguration : IEntityTypeConfiguration<AgendaFramework>
{
    public void Configure(EntityTypeBuilder<AgendaFramework> b)
    {
        b.ToTable("AgendaFrameworks");
        b.Property(x => x.Period).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.SourceNote).HasMaxLength(2000);
        b.HasIndex(x => x.Period).IsUnique();
        b.HasMany(x => x.Dimensions).WithOne(d => d.Framework).HasForeignKey(d => d.FrameworkId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Indicators).WithOne(i => i.Framework).HasForeignKey(i => i.FrameworkId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AgendaDimensionConfiguration : IEntityTypeConfiguration<AgendaDimension>
{
    public void Configure(EntityTypeBuilder<AgendaDimension> b)
    {
        b.ToTable("AgendaDimensions");
        b.Property(x => x.Code).HasMaxLength(10);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => new { x.FrameworkId, x.Code }).IsUnique();
    }
}

public sealed class AgendaIndicatorConfiguration : IEntityTypeConfiguration<AgendaIndicator>
{
    public void Configure(EntityTypeBuilder<AgendaIndicator> b)
    {
        b.ToTable("AgendaIndicators");
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(500);
        b.Property(x => x.Unit).HasMaxLength(200);
        b.Property(x => x.Source).HasMaxLength(1000);
        b.Property(x => x.Pad26Measure).HasMaxLength(40);
        b.HasIndex(x => new { x.FrameworkId, x.Code }).IsUnique();
        // Restrict: a dimension that still holds indicators cannot be removed by accident.
        b.HasOne(x => x.Dimension).WithMany().HasForeignKey(x => x.DimensionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AgendaMeasurementConfiguration : IEntityTypeConfiguration<AgendaMeasurement>
{
    public void Configure(EntityTypeBuilder<AgendaMeasurement> b)
    {
        b.ToTable("AgendaMeasurements");
        b.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Batch).WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        // The latest value of every (Comune, indicator) is read by date: this index is the whole scoring query.
        b.HasIndex(x => new { x.IndicatorId, x.ComuneId, x.MeasuredOn });
        b.HasIndex(x => new { x.ComuneId, x.IndicatorId });
    }
}

public sealed class AgendaImportBatchConfiguration : IEntityTypeConfiguration<AgendaImportBatch>
{
    public void Configure(EntityTypeBuilder<AgendaImportBatch> b)
    {
        b.ToTable("AgendaImportBatches");
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.FileName).HasMaxLength(300);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ImportedBy).HasMaxLength(200);
        b.Property(x => x.UnmatchedCodes).HasMaxLength(8000);
        b.HasOne<AgendaFramework>().WithMany().HasForeignKey(x => x.FrameworkId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AgendaPad26AmountConfiguration : IEntityTypeConfiguration<AgendaPad26Amount>
{
    public void Configure(EntityTypeBuilder<AgendaPad26Amount> b)
    {
        b.ToTable("AgendaPad26Amounts");
        b.Property(x => x.Measure).HasMaxLength(40);
        b.HasOne<AgendaImportBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Measure, x.BatchId });
    }
}

public sealed class AgendaSelfAssessmentConfiguration : IEntityTypeConfiguration<AgendaSelfAssessment>
{
    public void Configure(EntityTypeBuilder<AgendaSelfAssessment> b)
    {
        b.ToTable("AgendaSelfAssessments");
        b.HasIndex(x => x.SurveyCampaignId).IsUnique();
        b.HasOne(x => x.SurveyCampaign).WithMany().HasForeignKey(x => x.SurveyCampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Framework).WithMany().HasForeignKey(x => x.FrameworkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}
