using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.EuCalls;

public sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> b)
    {
        b.ToTable("Calls");
        b.Property(x => x.PortalKey).HasMaxLength(200);
        b.Property(x => x.Identifier).HasMaxLength(200);
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Programme).HasMaxLength(200);
        b.Property(x => x.ProgrammeCode).HasMaxLength(50);
        b.Property(x => x.CallIdentifier).HasMaxLength(200);
        b.Property(x => x.CallTitle).HasMaxLength(1000);
        b.Property(x => x.TypeOfAction).HasMaxLength(300);
        b.Property(x => x.Beneficiaries).HasMaxLength(2000);
        b.Property(x => x.Keywords).HasMaxLength(4000);
        b.Property(x => x.DeadlineModel).HasMaxLength(50);
        b.Property(x => x.PortalStatus).HasMaxLength(20);
        b.Property(x => x.Url).HasMaxLength(1000);
        b.Property(x => x.PortalChecksum).HasMaxLength(100);
        b.Property(x => x.CoFinancingRate).HasPrecision(5, 2);
        // NULLs (own calls) repeat in a unique index on both providers: only portal calls are deduplicated here.
        b.HasIndex(x => x.PortalKey).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.LastDeadlineUtc });
        // A programme's calls in the registry's order, covering its status filters: counting "Horizon Europe, open" no
        // longer reads the rows (p95 136 ms at 50,000 calls before, bench/BandiSearch).
        b.HasIndex(x => new { x.Programme, x.LastDeadlineUtc, x.OpeningUtc, x.ProvinceId }).HasDatabaseName("IX_Calls_Programme_List");
        // Covers the registry's list filters and its default order, so that counting and paging 50,000 calls never
        // read the wide rows (descriptions, documents): bench/BandiSearch.
        b.HasIndex(x => new { x.LastDeadlineUtc, x.ProvinceId, x.OpeningUtc, x.Programme }).HasDatabaseName("IX_Calls_List");
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Deadlines).WithOne(d => d.Call).HasForeignKey(d => d.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Changes).WithOne().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CallDeadlineConfiguration : IEntityTypeConfiguration<CallDeadline>
{
    public void Configure(EntityTypeBuilder<CallDeadline> b)
    {
        b.ToTable("CallDeadlines");
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.Uid).HasMaxLength(100);
        b.HasIndex(x => x.Uid).IsUnique();
        b.HasIndex(x => new { x.CallId, x.Ordinal });
        b.HasIndex(x => new { x.ProvinceId, x.DeadlineUtc });
    }
}

public sealed class CallProvinceNoteConfiguration : IEntityTypeConfiguration<CallProvinceNote>
{
    public void Configure(EntityTypeBuilder<CallProvinceNote> b)
    {
        b.ToTable("CallProvinceNotes");
        b.Property(x => x.Notes).HasMaxLength(8000);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
        b.HasIndex(x => new { x.CallId, x.ProvinceId }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.Published });
        b.HasOne(x => x.Call).WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CallChangeConfiguration : IEntityTypeConfiguration<CallChange>
{
    public void Configure(EntityTypeBuilder<CallChange> b)
    {
        b.ToTable("CallChanges");
        b.Property(x => x.Field).HasMaxLength(100);
        b.Property(x => x.OldValue).HasMaxLength(2000);
        b.Property(x => x.NewValue).HasMaxLength(2000);
        b.Property(x => x.Source).HasMaxLength(300);
        b.HasIndex(x => new { x.CallId, x.AtUtc });
    }
}

public sealed class CalendarFeedTokenConfiguration : IEntityTypeConfiguration<CalendarFeedToken>
{
    public void Configure(EntityTypeBuilder<CalendarFeedToken> b)
    {
        b.ToTable("CalendarFeedTokens");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}
