using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Demo;

/// <summary>
/// The mark of a `demo genera` run: which key ranges of which tables it wrote (generated rows take consecutive keys
/// after the existing ones), so that `--sostituisci` deletes exactly those rows and nothing an operator entered.
/// </summary>
[NotAudited]
public class DemoGeneration
{
    public int Id { get; set; }
    public string Scale { get; set; } = "";
    public long Seed { get; set; }
    public DateTime GeneratedAtUtc { get; set; }
    /// <summary>"Table.KeyColumn:first-last;…" for every table written.</summary>
    public string Ranges { get; set; } = "";
    public string Summary { get; set; } = "";
}

public sealed class DemoGenerationConfiguration : IEntityTypeConfiguration<DemoGeneration>
{
    public void Configure(EntityTypeBuilder<DemoGeneration> b)
    {
        b.ToTable("DemoGenerations");
        b.Property(x => x.Scale).HasMaxLength(20);
    }
}
