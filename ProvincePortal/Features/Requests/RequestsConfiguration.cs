using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Requests;

public sealed class SlaClassConfiguration : IEntityTypeConfiguration<SlaClass>
{
    public void Configure(EntityTypeBuilder<SlaClass> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => new { x.ProvinceId, x.Name }).IsUnique();
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CatalogServiceConfiguration : IEntityTypeConfiguration<CatalogService>
{
    public void Configure(EntityTypeBuilder<CatalogService> b)
    {
        b.ToTable("CatalogServices");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Category).HasMaxLength(100);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProvinceId, x.IsPublished, x.Category, x.Name });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.SlaClass).WithMany().HasForeignKey(x => x.SlaClassId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Fields).WithOne().HasForeignKey(f => f.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ServiceFormFieldConfiguration : IEntityTypeConfiguration<ServiceFormField>
{
    public void Configure(EntityTypeBuilder<ServiceFormField> b)
    {
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.Options).HasMaxLength(4000);
        b.Property(x => x.HelpText).HasMaxLength(500);
        b.Ignore(x => x.OptionList);
        b.HasIndex(x => new { x.ServiceId, x.Order });
    }
}

public sealed class ServiceRequestConfiguration : IEntityTypeConfiguration<ServiceRequest>
{
    public void Configure(EntityTypeBuilder<ServiceRequest> b)
    {
        b.ToTable("ServiceRequests");
        b.Property(x => x.Subject).HasMaxLength(RequestService.MaxSubjectLength);
        b.Property(x => x.RequesterUserId).HasMaxLength(450);
        b.Property(x => x.RequesterName).HasMaxLength(256);
        b.Property(x => x.AssignedUserId).HasMaxLength(450);
        b.Property(x => x.AssignedUserName).HasMaxLength(256);
        b.Property(x => x.WaitingReason).HasMaxLength(RequestService.MaxTextLength);
        b.Property(x => x.Solution).HasMaxLength(RequestService.MaxTextLength);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        // The list counts and pages by last activity within a Province, for each filter of the grid: one index per filter
        // with the order's columns after it (Id included: PostgreSQL needs it to give the order; SQLite has it as rowid),
        // then the other filters' columns, so that a combination (state + service…) is checked in the index, without
        // reading a row per match.
        b.HasIndex(x => new { x.ProvinceId, x.LastActivityAtUtc, x.Id });
        b.HasIndex(x => new { x.ProvinceId, x.ComuneId, x.LastActivityAtUtc, x.Id, x.ServiceId, x.Status, x.SlaState })
            .HasDatabaseName("IX_ServiceRequests_List_Comune");
        b.HasIndex(x => new { x.ProvinceId, x.Status, x.LastActivityAtUtc, x.Id, x.ServiceId, x.ComuneId, x.SlaState })
            .HasDatabaseName("IX_ServiceRequests_List_Status");
        b.HasIndex(x => new { x.ProvinceId, x.SlaState, x.LastActivityAtUtc, x.Id, x.ServiceId, x.ComuneId, x.Status })
            .HasDatabaseName("IX_ServiceRequests_List_SlaState");
        b.HasIndex(x => new { x.ProvinceId, x.ServiceId, x.LastActivityAtUtc, x.Id, x.ComuneId, x.Status, x.SlaState })
            .HasDatabaseName("IX_ServiceRequests_List_Service");
        // The Comuni and services dropdowns and the foreign key to the catalogue.
        b.HasIndex(x => x.ServiceId);
        // The dashboard: one pass over the requests filed in a period reads this index alone (no table rows).
        b.HasIndex(x => new
        {
            x.ProvinceId, x.CreatedAtUtc, x.ComuneId, x.ServiceId, x.Status, x.TakeChargeMarginMinutes, x.ResolveMarginMinutes,
            x.TakeChargeWorkingMinutes, x.ResolveWorkingMinutes,
        }).HasDatabaseName("IX_ServiceRequests_Dashboard");
        // The SLA job looks for clocks whose warning or due time has come.
        b.HasIndex(x => new { x.Status, x.TakeChargeWarnUtc });
        b.HasIndex(x => new { x.Status, x.ResolveWarnUtc });
        b.HasIndex(x => new { x.Status, x.SolvedAtUtc });
        b.HasIndex(x => new { x.Status, x.NextReminderUtc });
        // "Le richieste del mio gruppo" pages by last activity within the groups of the operator.
        b.HasIndex(x => new { x.ProvinceId, x.AssignedGroupId, x.LastActivityAtUtc, x.Id });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OperatorGroup>().WithMany().HasForeignKey(x => x.AssignedGroupId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Values).WithOne().HasForeignKey(v => v.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RequestFieldValueConfiguration : IEntityTypeConfiguration<RequestFieldValue>
{
    public void Configure(EntityTypeBuilder<RequestFieldValue> b)
    {
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.Value).HasMaxLength(RequestService.MaxTextLength);
        b.HasIndex(x => new { x.RequestId, x.Order });
        b.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> b)
    {
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.AuthorName).HasMaxLength(256);
        b.Property(x => x.Text).HasMaxLength(RequestService.MaxTextLength);
        b.HasIndex(x => new { x.RequestId, x.AtUtc, x.Id });
        b.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OperatorGroupConfiguration : IEntityTypeConfiguration<OperatorGroup>
{
    public void Configure(EntityTypeBuilder<OperatorGroup> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        // Groups that existed before the flag are active; the sentinel makes EF send an explicit false on insert.
        b.Property(x => x.IsActive).HasDefaultValue(true).HasSentinel(true);
        b.HasIndex(x => new { x.ProvinceId, x.Name }).IsUnique();
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OperatorGroupMemberConfiguration : IEntityTypeConfiguration<OperatorGroupMember>
{
    public void Configure(EntityTypeBuilder<OperatorGroupMember> b)
    {
        b.HasKey(x => new { x.GroupId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RequestReminderConfiguration : IEntityTypeConfiguration<RequestReminder>
{
    public void Configure(EntityTypeBuilder<RequestReminder> b)
    {
        b.HasIndex(x => new { x.RequestId, x.WaitingSinceUtc, x.Number }).IsUnique();
        b.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SlaAlertConfiguration : IEntityTypeConfiguration<SlaAlert>
{
    public void Configure(EntityTypeBuilder<SlaAlert> b)
    {
        b.HasIndex(x => new { x.RequestId, x.Clock, x.Kind, x.DueUtc }).IsUnique();
        // The dashboard counts the warnings and breaches of a period.
        b.HasIndex(x => new { x.ProvinceId, x.AtUtc, x.Clock, x.Kind });
        b.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    public void Configure(EntityTypeBuilder<BusinessCalendar> b)
    {
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" })
            b.Property<string>(day).HasMaxLength(100);
        b.Property(x => x.PatronName).HasMaxLength(100);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        b.Ignore(x => x.Week);
        b.HasIndex(x => x.ProvinceId).IsUnique();
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PatronDayConfiguration : IEntityTypeConfiguration<PatronDay>
{
    public void Configure(EntityTypeBuilder<PatronDay> b)
    {
        b.HasIndex(x => new { x.ProvinceId, x.Year }).IsUnique();
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Cascade);
    }
}
