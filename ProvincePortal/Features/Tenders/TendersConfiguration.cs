using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Tenders;

public sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.ToTable("Procedures");
        b.Property(x => x.Oggetto).HasMaxLength(1000);
        b.Property(x => x.CommittenteCodiceFiscale).HasMaxLength(16);
        b.Property(x => x.SceltaContraente).HasMaxLength(10);
        b.Property(x => x.SceltaContraenteL190).HasMaxLength(150);
        b.Property(x => x.Criterio).HasMaxLength(20);
        b.Property(x => x.StatoAppalto).HasMaxLength(20);
        b.Property(x => x.Esito).HasMaxLength(20);
        b.Property(x => x.Cpv).HasMaxLength(10);
        b.Property(x => x.Cup).HasMaxLength(15);
        b.Property(x => x.NumeroGaraAnac).HasMaxLength(20);
        b.Property(x => x.Rup).HasMaxLength(200);
        b.Property(x => x.RupCodiceFiscale).HasMaxLength(16);
        b.Property(x => x.MotivoCambioFase).HasMaxLength(1000);
        b.Property(x => x.Note).HasMaxLength(4000);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        // Covers the dashboard's one grouped pass (bench/GareDashboard): read in this order, the groups need no sort.
        b.HasIndex(x => new { x.ProvinceId, x.Phase, x.SceltaContraente, x.ComuneId, x.Anno, x.ImportoBaseCents, x.DataPubblicazione, x.DataAggiudicazione })
            .HasDatabaseName("IX_Procedures_Dashboard");
        b.HasIndex(x => new { x.ProvinceId, x.DataAggiudicazione });
        // The register's default order (year, publication date, id, all descending) read backwards from this index: a
        // page of the list reads its 25 rows and their lots only, not every procedure of the Province (and the year filter).
        b.HasIndex(x => new { x.ProvinceId, x.Anno, x.DataPubblicazione, x.Id }).HasDatabaseName("IX_Procedures_List");
        b.HasIndex(x => x.ComuneId);
        b.HasIndex(x => new { x.ProvinceId, x.NumeroGaraAnac });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Lots).WithOne(l => l.Procedure).HasForeignKey(l => l.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Deadlines).WithOne().HasForeignKey(d => d.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LotConfiguration : IEntityTypeConfiguration<Lot>
{
    public void Configure(EntityTypeBuilder<Lot> b)
    {
        b.ToTable("Lots");
        b.Property(x => x.Cig).HasMaxLength(10);
        b.Property(x => x.Oggetto).HasMaxLength(1000);
        b.Property(x => x.StatoLotto).HasMaxLength(20);
        b.Property(x => x.RibassoPercent).HasPrecision(9, 5);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        // A CIG identifies one lot in the whole country: unique across every Province (NULLs, not yet assigned, repeat).
        b.HasIndex(x => x.Cig).IsUnique();
        b.HasIndex(x => new { x.ProcedureId, x.Numero }).IsUnique();
        // The dashboard's average discount over a whole Province reads this index alone.
        b.HasIndex(x => new { x.ProvinceId, x.RibassoPercent });
        b.HasMany(x => x.Participations).WithOne(p => p.Lot).HasForeignKey(p => p.LotId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EconomicOperatorConfiguration : IEntityTypeConfiguration<EconomicOperator>
{
    public void Configure(EntityTypeBuilder<EconomicOperator> b)
    {
        b.ToTable("EconomicOperators");
        b.Property(x => x.Denominazione).HasMaxLength(250);
        b.Property(x => x.CodiceFiscale).HasMaxLength(16);
        b.Property(x => x.IdentificativoFiscaleEstero).HasMaxLength(50);
        b.HasIndex(x => new { x.ProvinceId, x.CodiceFiscale }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.IdentificativoFiscaleEstero }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.Denominazione });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ParticipationConfiguration : IEntityTypeConfiguration<Participation>
{
    public void Configure(EntityTypeBuilder<Participation> b)
    {
        b.ToTable("Participations");
        b.Property(x => x.NomeRaggruppamento).HasMaxLength(250);
        b.Ignore(x => x.IsGroup);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.ParticipationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ParticipationMemberConfiguration : IEntityTypeConfiguration<ParticipationMember>
{
    public void Configure(EntityTypeBuilder<ParticipationMember> b)
    {
        b.ToTable("ParticipationMembers");
        b.Property(x => x.Ruolo).HasMaxLength(20);
        b.HasOne(x => x.Operator).WithMany().HasForeignKey(x => x.OperatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.OperatorId);
    }
}

public sealed class ProcedureDeadlineConfiguration : IEntityTypeConfiguration<ProcedureDeadline>
{
    public void Configure(EntityTypeBuilder<ProcedureDeadline> b)
    {
        b.ToTable("ProcedureDeadlines");
        b.Property(x => x.Titolo).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.ProvinceId, x.DueAtUtc });
    }
}

public sealed class DeadlineReminderConfiguration : IEntityTypeConfiguration<DeadlineReminder>
{
    public void Configure(EntityTypeBuilder<DeadlineReminder> b)
    {
        b.ToTable("DeadlineReminders");
        b.HasIndex(x => new { x.DeadlineId, x.DaysBefore, x.DueAtUtc }).IsUnique();
        b.HasOne<ProcedureDeadline>().WithMany().HasForeignKey(x => x.DeadlineId).OnDelete(DeleteBehavior.Cascade);
    }
}
