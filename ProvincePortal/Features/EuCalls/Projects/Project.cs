using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Data;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.EuCalls.Projects;

/// <summary>From the idea to the end of the project; <see cref="ProjectStatusRules"/> says which moves are allowed.</summary>
public enum ProjectStatus
{
    Idea = 1,
    InPreparazione = 2,
    Presentato = 3,
    Finanziato = 4,
    NonFinanziato = 5,
    InCorso = 6,
    Concluso = 7,
}

public enum ProjectPartnerRole
{
    Partner = 1,
    PartnerAssociato = 2,
    EnteAffiliato = 3,
}

/// <summary>
/// Scheda progetto: an idea or a project of the Province or of its Comuni on an EU (or national) call. The call is a
/// record of the registry (<see cref="CallId"/>) or, for calls not in it, a free reference.
/// </summary>
[DisplayName("Scheda progetto")]
public class Project : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Acronimo")] public string? Acronym { get; set; }
    [Display(Name = "Bando")] public int? CallId { get; set; }
    [Display(Name = "Bando (riferimento libero)")] public string? CallReference { get; set; }
    [Display(Name = "Programma")] public string? Programme { get; set; }
    [Display(Name = "Capofila")] public string LeadOrganisation { get; set; } = "";
    [Display(Name = "Budget totale")] public long TotalBudgetCents { get; set; }
    [Display(Name = "Quota UE")] public long EuShareCents { get; set; }
    [Display(Name = "CUP")] public string? Cup { get; set; }
    [Display(Name = "Stato")] public ProjectStatus Status { get; set; } = ProjectStatus.Idea;
    [Display(Name = "Data di inizio")] public DateOnly? StartDate { get; set; }
    [Display(Name = "Data di fine")] public DateOnly? EndDate { get; set; }
    [Display(Name = "Descrizione")] public string? Description { get; set; }
    public int RowVersion { get; set; }
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Modificata il")] public DateTime UpdatedAtUtc { get; set; }
    public List<ProjectPartner> Partners { get; set; } = [];
    public List<ProjectComune> Comuni { get; set; } = [];
    public List<ProjectMilestone> Milestones { get; set; } = [];
}

[DisplayName("Partner di progetto")]
public class ProjectPartner : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Progetto")] public int ProjectId { get; set; }
    [Display(Name = "Ente")] public string Organisation { get; set; } = "";
    [Display(Name = "Paese")] public string Country { get; set; } = "IT";
    [Display(Name = "Ruolo")] public ProjectPartnerRole Role { get; set; } = ProjectPartnerRole.Partner;
}

/// <summary>A Comune of the Province's territory involved in the project.</summary>
[DisplayName("Comune coinvolto")]
public class ProjectComune : ITenantOwned
{
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Progetto")] public int ProjectId { get; set; }
    [Display(Name = "Comune")] public int ComuneId { get; set; }
}

[DisplayName("Tappa di progetto")]
public class ProjectMilestone : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Progetto")] public int ProjectId { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Data")] public DateOnly Date { get; set; }
    [Display(Name = "Completata")] public bool Done { get; set; }
}

public sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("EuProjects");
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.Acronym).HasMaxLength(50);
        b.Property(x => x.CallReference).HasMaxLength(300);
        b.Property(x => x.Programme).HasMaxLength(100);
        b.Property(x => x.LeadOrganisation).HasMaxLength(300);
        b.Property(x => x.Cup).HasMaxLength(15);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProvinceId, x.Status });
        b.HasIndex(x => x.CallId);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Partners).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Comuni).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ProjectPartnerConfiguration : IEntityTypeConfiguration<ProjectPartner>
{
    public void Configure(EntityTypeBuilder<ProjectPartner> b)
    {
        b.ToTable("EuProjectPartners");
        b.Property(x => x.Organisation).HasMaxLength(300);
        b.Property(x => x.Country).HasMaxLength(2);
    }
}

public sealed class ProjectComuneConfiguration : IEntityTypeConfiguration<ProjectComune>
{
    public void Configure(EntityTypeBuilder<ProjectComune> b)
    {
        b.ToTable("EuProjectComuni");
        b.HasKey(x => new { x.ProjectId, x.ComuneId });
        b.HasIndex(x => x.ComuneId);
        b.HasOne<Comune>().WithMany().HasForeignKey(x => x.ComuneId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProjectMilestoneConfiguration : IEntityTypeConfiguration<ProjectMilestone>
{
    public void Configure(EntityTypeBuilder<ProjectMilestone> b)
    {
        b.ToTable("EuProjectMilestones");
        b.Property(x => x.Title).HasMaxLength(300);
        b.HasIndex(x => new { x.ProvinceId, x.Date });
    }
}

/// <summary>The allowed moves between statuses, and what a status needs.</summary>
public static class ProjectStatusRules
{
    private static readonly Dictionary<ProjectStatus, ProjectStatus[]> Next = new()
    {
        [ProjectStatus.Idea] = [ProjectStatus.InPreparazione],
        [ProjectStatus.InPreparazione] = [ProjectStatus.Presentato, ProjectStatus.Idea],
        [ProjectStatus.Presentato] = [ProjectStatus.Finanziato, ProjectStatus.NonFinanziato],
        // A rejected proposal is often improved and submitted again to a later call.
        [ProjectStatus.NonFinanziato] = [ProjectStatus.InPreparazione],
        [ProjectStatus.Finanziato] = [ProjectStatus.InCorso],
        [ProjectStatus.InCorso] = [ProjectStatus.Concluso],
        [ProjectStatus.Concluso] = [],
    };

    /// <summary>Statuses in which the EU contribution has been obtained (counted in "Finanziamenti per Comune").</summary>
    public static readonly IReadOnlyList<ProjectStatus> Funded = [ProjectStatus.Finanziato, ProjectStatus.InCorso, ProjectStatus.Concluso];

    /// <summary>The "Progetti in corso" view.</summary>
    public static readonly IReadOnlyList<ProjectStatus> Running = [ProjectStatus.Finanziato, ProjectStatus.InCorso];

    public static IReadOnlyList<ProjectStatus> AllowedFrom(ProjectStatus s) => Next.TryGetValue(s, out var n) ? n : [];

    public static bool CanMove(ProjectStatus from, ProjectStatus to) => AllowedFrom(from).Contains(to);

    /// <summary>What the project lacks to enter <paramref name="target"/> (empty when it may).</summary>
    public static List<string> Missing(Project p, ProjectStatus target)
    {
        var m = new List<string>();
        if (target >= ProjectStatus.Presentato)
        {
            if (p.CallId is null && string.IsNullOrWhiteSpace(p.CallReference)) m.Add("il bando");
            if (p.TotalBudgetCents <= 0) m.Add("il budget totale");
        }
        if (target is ProjectStatus.Finanziato or ProjectStatus.InCorso or ProjectStatus.Concluso && p.EuShareCents <= 0) m.Add("la quota UE");
        if (target is ProjectStatus.InCorso && p.StartDate is null) m.Add("la data di inizio");
        if (target is ProjectStatus.Concluso && p.EndDate is null) m.Add("la data di fine");
        return m;
    }

    public static string Label(ProjectStatus s) => s switch
    {
        ProjectStatus.Idea => "Idea",
        ProjectStatus.InPreparazione => "In preparazione",
        ProjectStatus.Presentato => "Presentato",
        ProjectStatus.Finanziato => "Finanziato",
        ProjectStatus.NonFinanziato => "Non finanziato",
        ProjectStatus.InCorso => "In corso",
        _ => "Concluso",
    };

    public static string RoleLabel(ProjectPartnerRole r) => r switch
    {
        ProjectPartnerRole.Partner => "Partner",
        ProjectPartnerRole.PartnerAssociato => "Partner associato",
        _ => "Ente affiliato",
    };
}
