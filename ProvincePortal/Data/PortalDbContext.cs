using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Discussions;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Data;

/// <summary>
/// The one model of the platform. Each provider has a subclass only so that it can own its migrations
/// (Data/Migrations/Sqlite, Data/Migrations/Postgres); services always ask for <see cref="PortalDbContext"/>.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    private TenantScope scope = TenantScope.Nobody;
    private bool? modelSeesAll;

    /// <summary>
    /// Who the queries of this context are for; set by <see cref="PortalDbFactory"/> before the first query. Once the
    /// context has chosen its model (see <see cref="ModelSeesAll"/>) the scope may change its user, never between one
    /// Province and all of them: the filters of the other kind are not in this context's model.
    /// </summary>
    public TenantScope Scope
    {
        get => scope;
        set
        {
            if (modelSeesAll is bool chosen && chosen != value.SeesAllProvinces)
                throw new InvalidOperationException(
                    $"The tenant scope of a context that has already run queries cannot change from {(chosen ? "all Provinces" : "one Province")} to {(chosen ? "one Province" : "all Provinces")}: create a new context.");
            scope = value;
        }
    }

    /// <summary>
    /// Which of the two models this context uses, fixed when EF first asks for it (<see cref="TenantModelCacheKeyFactory"/>):
    /// a platform-wide scope gets a model without tenant filters, a Province's scope one whose filters compare the
    /// Province column with a parameter and nothing else, so that SQLite and PostgreSQL use the (ProvinceId, …) indexes.
    /// With one model for both, the filter had to read "all Provinces OR ProvinceId = @p", which neither engine can
    /// answer from an index when the plan is made before the parameters are known (issue 9: the Gare list scanned the
    /// whole table at every page).
    /// </summary>
    internal bool ModelSeesAll => modelSeesAll ??= scope.SeesAllProvinces;

    /// <summary>
    /// Who is acting, asked by the audit trail when <see cref="Scope"/> names nobody: Identity's scoped context is
    /// created before the user of the request or circuit is known, so it is resolved when the changes are saved.
    /// </summary>
    public Func<Task<TenantScope>>? ActingScope { get; set; }

    // Read by the tenant query filters: EF parameterises context members, so each query sees the current scope.
    internal int ScopeProvinceId => Scope.ProvinceId ?? -1;

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Comune> Comuni => Set<Comune>();
    public DbSet<TerritoryEdition> TerritoryEditions => Set<TerritoryEdition>();
    public DbSet<Features.Territory.IndicePa.IpaImportRun> IpaImportRuns => Set<Features.Territory.IndicePa.IpaImportRun>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditFieldChange> AuditFieldChanges => Set<AuditFieldChange>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Folder> Folders => Set<Folder>();
    public DbSet<DocumentType> DocumentTypes => Set<DocumentType>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<DocumentVersion> DocumentVersions => Set<DocumentVersion>();
    public DbSet<DocumentText> DocumentTexts => Set<DocumentText>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<Lot> Lots => Set<Lot>();
    public DbSet<EconomicOperator> EconomicOperators => Set<EconomicOperator>();
    public DbSet<Participation> Participations => Set<Participation>();
    public DbSet<ParticipationMember> ParticipationMembers => Set<ParticipationMember>();
    public DbSet<ProcedureDeadline> ProcedureDeadlines => Set<ProcedureDeadline>();
    public DbSet<DeadlineReminder> DeadlineReminders => Set<DeadlineReminder>();
    public DbSet<Features.Tenders.Bdap.BdapProject> BdapProjects => Set<Features.Tenders.Bdap.BdapProject>();
    public DbSet<Features.Tenders.Bdap.BdapAward> BdapAwards => Set<Features.Tenders.Bdap.BdapAward>();
    public DbSet<Features.Tenders.Bdap.BdapPayment> BdapPayments => Set<Features.Tenders.Bdap.BdapPayment>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<Hosting.JobLease> JobLeases => Set<Hosting.JobLease>();
    public DbSet<DiscussionThread> DiscussionThreads => Set<DiscussionThread>();
    public DbSet<DiscussionPost> DiscussionPosts => Set<DiscussionPost>();
    public DbSet<DiscussionAttachment> DiscussionAttachments => Set<DiscussionAttachment>();
    public DbSet<DiscussionFollower> DiscussionFollowers => Set<DiscussionFollower>();
    public DbSet<Call> Calls => Set<Call>();
    public DbSet<CallDeadline> CallDeadlines => Set<CallDeadline>();
    public DbSet<CallProvinceNote> CallProvinceNotes => Set<CallProvinceNote>();
    public DbSet<CallChange> CallChanges => Set<CallChange>();
    public DbSet<CalendarFeedToken> CalendarFeedTokens => Set<CalendarFeedToken>();
    public DbSet<Features.EuCalls.Alerts.SavedSearch> SavedSearches => Set<Features.EuCalls.Alerts.SavedSearch>();
    public DbSet<Features.EuCalls.Alerts.CallAlert> CallAlerts => Set<Features.EuCalls.Alerts.CallAlert>();
    public DbSet<Features.EuCalls.Alerts.AlertDigest> AlertDigests => Set<Features.EuCalls.Alerts.AlertDigest>();
    public DbSet<Features.EuCalls.Analysis.CallAnalysis> CallAnalyses => Set<Features.EuCalls.Analysis.CallAnalysis>();
    public DbSet<Features.EuCalls.Projects.Project> EuProjects => Set<Features.EuCalls.Projects.Project>();
    public DbSet<Features.EuCalls.Projects.ProjectPartner> EuProjectPartners => Set<Features.EuCalls.Projects.ProjectPartner>();
    public DbSet<Features.EuCalls.Projects.ProjectComune> EuProjectComuni => Set<Features.EuCalls.Projects.ProjectComune>();
    public DbSet<Features.EuCalls.Projects.ProjectMilestone> EuProjectMilestones => Set<Features.EuCalls.Projects.ProjectMilestone>();
    public DbSet<Features.EuCalls.Partners.PartnerAnnouncement> PartnerAnnouncements => Set<Features.EuCalls.Partners.PartnerAnnouncement>();
    public DbSet<Features.EuCalls.Partners.PartnerAnnouncementTheme> PartnerAnnouncementThemes => Set<Features.EuCalls.Partners.PartnerAnnouncementTheme>();
    public DbSet<Features.EuCalls.Bulletins.Bulletin> Bulletins => Set<Features.EuCalls.Bulletins.Bulletin>();
    public DbSet<Features.EuCalls.Bulletins.BulletinItem> BulletinItems => Set<Features.EuCalls.Bulletins.BulletinItem>();
    public DbSet<Features.Requests.SlaClass> SlaClasses => Set<Features.Requests.SlaClass>();
    public DbSet<Features.Requests.CatalogService> CatalogServices => Set<Features.Requests.CatalogService>();
    public DbSet<Features.Requests.ServiceFormField> ServiceFormFields => Set<Features.Requests.ServiceFormField>();
    public DbSet<Features.Requests.ServiceRequest> ServiceRequests => Set<Features.Requests.ServiceRequest>();
    public DbSet<Features.Requests.RequestFieldValue> RequestFieldValues => Set<Features.Requests.RequestFieldValue>();
    public DbSet<Features.Requests.RequestEvent> RequestEvents => Set<Features.Requests.RequestEvent>();
    public DbSet<Features.Requests.OperatorGroup> OperatorGroups => Set<Features.Requests.OperatorGroup>();
    public DbSet<Features.Requests.OperatorGroupMember> OperatorGroupMembers => Set<Features.Requests.OperatorGroupMember>();
    public DbSet<Features.Requests.SlaAlert> SlaAlerts => Set<Features.Requests.SlaAlert>();
    public DbSet<Features.Requests.RequestReminder> RequestReminders => Set<Features.Requests.RequestReminder>();
    public DbSet<Features.Requests.BusinessCalendar> BusinessCalendars => Set<Features.Requests.BusinessCalendar>();
    public DbSet<Features.Requests.PatronDay> PatronDays => Set<Features.Requests.PatronDay>();
    public DbSet<Features.Crm.Convenzione> Convenzioni => Set<Features.Crm.Convenzione>();
    public DbSet<Features.Crm.ConvenzioneServizio> ConvenzioniServizi => Set<Features.Crm.ConvenzioneServizio>();
    public DbSet<Features.Crm.QuotaAnnuale> QuoteAnnuali => Set<Features.Crm.QuotaAnnuale>();
    public DbSet<Features.Crm.Pagamento> Pagamenti => Set<Features.Crm.Pagamento>();
    public DbSet<Features.Crm.ContattoComune> ContattiComuni => Set<Features.Crm.ContattoComune>();
    public DbSet<Features.Crm.Interazione> Interazioni => Set<Features.Crm.Interazione>();
    public DbSet<Features.Crm.CrmAlert> CrmAlerts => Set<Features.Crm.CrmAlert>();
    public DbSet<Features.Agenda.AgendaFramework> AgendaFrameworks => Set<Features.Agenda.AgendaFramework>();
    public DbSet<Features.Agenda.AgendaDimension> AgendaDimensions => Set<Features.Agenda.AgendaDimension>();
    public DbSet<Features.Agenda.AgendaIndicator> AgendaIndicators => Set<Features.Agenda.AgendaIndicator>();
    public DbSet<Features.Agenda.AgendaMeasurement> AgendaMeasurements => Set<Features.Agenda.AgendaMeasurement>();
    public DbSet<Features.Agenda.AgendaImportBatch> AgendaImportBatches => Set<Features.Agenda.AgendaImportBatch>();
    public DbSet<Features.Agenda.AgendaPad26Amount> AgendaPad26Amounts => Set<Features.Agenda.AgendaPad26Amount>();
    public DbSet<Features.Agenda.AgendaSelfAssessment> AgendaSelfAssessments => Set<Features.Agenda.AgendaSelfAssessment>();
    public DbSet<Features.Questionari.Questionnaire> Questionnaires => Set<Features.Questionari.Questionnaire>();
    public DbSet<Features.Questionari.Question> SurveyQuestions => Set<Features.Questionari.Question>();
    public DbSet<Features.Questionari.SurveyCampaign> SurveyCampaigns => Set<Features.Questionari.SurveyCampaign>();
    public DbSet<Features.Questionari.SurveyInvitation> SurveyInvitations => Set<Features.Questionari.SurveyInvitation>();
    public DbSet<Features.Questionari.SurveyResponse> SurveyResponses => Set<Features.Questionari.SurveyResponse>();
    public DbSet<Features.Questionari.SurveyAnswer> SurveyAnswers => Set<Features.Questionari.SurveyAnswer>();
    public DbSet<Features.Formazione.MoodleInstance> MoodleInstances => Set<Features.Formazione.MoodleInstance>();
    public DbSet<Features.Formazione.MoodleInstanceProvince> MoodleInstanceProvinces => Set<Features.Formazione.MoodleInstanceProvince>();
    public DbSet<Features.Formazione.CorsoFormazione> CorsiFormazione => Set<Features.Formazione.CorsoFormazione>();
    public DbSet<Features.Formazione.EsitoFormazione> EsitiFormazione => Set<Features.Formazione.EsitoFormazione>();
    public DbSet<Features.Demo.DemoGeneration> DemoGenerations => Set<Features.Demo.DemoGeneration>();

    // Every context of this type, however its options were built (app, tests, design time), keys its model by scope kind.
    // Options that already say so are left as they are: a pooled context's options may not be changed here
    // (PortalContextPools builds them with the replacement).
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (!KeysModelByScope(optionsBuilder.Options)) UseTenantModels(optionsBuilder);
    }

    /// <summary>The two models per scope kind (<see cref="TenantModelCacheKeyFactory"/>) in the options being built.</summary>
    public static DbContextOptionsBuilder UseTenantModels(DbContextOptionsBuilder options) =>
        options.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, TenantModelCacheKeyFactory>();

    private static bool KeysModelByScope(DbContextOptions options) =>
        options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ReplacedServices is { } replaced
        && replaced.Any(r => r.Key.Item1 == typeof(Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory)
                             && r.Value == typeof(TenantModelCacheKeyFactory));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC. SQLite stores no kind and reads back Unspecified; Npgsql refuses anything but Utc for
        // timestamptz. The converter makes both providers behave alike: values come back as Utc, and a value created
        // without a kind is taken as UTC instead of failing only on PostgreSQL.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly, t => !t.IsAbstract && t.Namespace?.StartsWith("ProvincePortal") == true);
        ApplyTenantFilters(builder);
    }

    /// <summary>
    /// Every entity that carries its Province gets one filter: the current scope sees its own Province's rows
    /// and what is shared with all Provinces; platform-wide scopes see everything.
    /// </summary>
    private void ApplyTenantFilters(ModelBuilder builder)
    {
        if (ModelSeesAll) return;
        // typeof(PortalDbContext), not GetType(): reflection on the provider subclass does not see the base's private methods.
        foreach (var type in builder.Model.GetEntityTypes().Where(t => t.BaseType is null).Select(t => t.ClrType).ToList())
        {
            if (typeof(ISharedAcrossProvinces).IsAssignableFrom(type))
                typeof(PortalDbContext).GetMethod(nameof(FilterShareable), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(type).Invoke(this, [builder]);
            else if (typeof(IPlatformOrTenantOwned).IsAssignableFrom(type))
                typeof(PortalDbContext).GetMethod(nameof(FilterPlatformOrOwned), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(type).Invoke(this, [builder]);
            else if (typeof(ITenantOwned).IsAssignableFrom(type))
                typeof(PortalDbContext).GetMethod(nameof(FilterOwned), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(type).Invoke(this, [builder]);
        }
    }

    private void FilterOwned<T>(ModelBuilder builder) where T : class, ITenantOwned =>
        builder.Entity<T>().HasQueryFilter(TenantScope.FilterName, e => e.ProvinceId == ScopeProvinceId);

    // "Own or of no Province" as one comparison, not an OR: most such rows (the EU calls) are of no Province, and with
    // an OR SQLite reads both index ranges and sorts them all instead of walking the list's ORDER BY index.
    private void FilterPlatformOrOwned<T>(ModelBuilder builder) where T : class, IPlatformOrTenantOwned =>
        builder.Entity<T>().HasQueryFilter(TenantScope.FilterName, e => (e.ProvinceId ?? ScopeProvinceId) == ScopeProvinceId);

    private void FilterShareable<T>(ModelBuilder builder) where T : class, ISharedAcrossProvinces =>
        builder.Entity<T>().HasQueryFilter(TenantScope.FilterName, e => e.ProvinceId == ScopeProvinceId || e.SharedWithAllProvinces);
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order decimals: money is stored as long cents by the features; any decimal left
        // (percentages, scores) is stored as double so that it sorts.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

/// <summary>Stores DateTime as UTC and reads it back with Kind Utc; local times are converted, unspecified ones taken as UTC.</summary>
public sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options);
