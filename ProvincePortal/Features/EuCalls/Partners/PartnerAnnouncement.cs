using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.EuCalls.Partners;

public enum AnnouncementKind
{
    /// <summary>"We look for partners".</summary>
    Richiesta = 1,
    /// <summary>"We offer to join a partnership".</summary>
    Offerta = 2,
}

public enum PartnerRole
{
    Capofila = 1,
    Partner = 2,
    PartnerAssociato = 3,
    Qualsiasi = 4,
}

/// <summary>
/// A partner-search announcement. Visible to every Province of the platform (that is its purpose), so it is not
/// tenant-filtered; <see cref="AuthorProvinceId"/> decides who may change it.
/// </summary>
[DisplayName("Ricerca partner")]
public class PartnerAnnouncement
{
    public int Id { get; set; }
    [Display(Name = "Provincia autrice")] public int AuthorProvinceId { get; set; }
    [Display(Name = "Tipo")] public AnnouncementKind Kind { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Ente")] public string Organisation { get; set; } = "";
    /// <summary>ISO 3166 alpha-2 ("IT", "DE").</summary>
    [Display(Name = "Paese")] public string Country { get; set; } = "IT";
    [Display(Name = "Programma")] public string Programme { get; set; } = "";
    /// <summary>Optional link to the calls registry (a call of the registry, shared or of the author's Province).</summary>
    [Display(Name = "Bando")] public int? CallId { get; set; }
    [Display(Name = "Ruolo cercato")] public PartnerRole RoleSought { get; set; } = PartnerRole.Partner;
    [Display(Name = "Scadenza")] public DateOnly Deadline { get; set; }
    [Display(Name = "E-mail di contatto")] public string ContactEmail { get; set; } = "";
    [Display(Name = "Telefono di contatto")] public string? ContactPhone { get; set; }
    [Display(Name = "Descrizione")] public string? Description { get; set; }
    /// <summary>Closed by its author; an announcement past its deadline counts as closed without being changed.</summary>
    [Display(Name = "Chiuso")] public bool Closed { get; set; }
    [Display(Name = "Autore")] public string AuthorName { get; set; } = "";
    [Display(Name = "Creato il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Modificato il")] public DateTime UpdatedAtUtc { get; set; }
    public List<PartnerAnnouncementTheme> Themes { get; set; } = [];

    public bool IsOpenOn(DateOnly today) => !Closed && Deadline >= today;
}

[DisplayName("Tema di una ricerca partner")]
public class PartnerAnnouncementTheme
{
    public int AnnouncementId { get; set; }
    [Display(Name = "Tema")] public string Theme { get; set; } = "";
}

public sealed class PartnerAnnouncementConfiguration : IEntityTypeConfiguration<PartnerAnnouncement>
{
    public void Configure(EntityTypeBuilder<PartnerAnnouncement> b)
    {
        b.ToTable("PartnerAnnouncements");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Organisation).HasMaxLength(300);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Programme).HasMaxLength(100);
        b.Property(x => x.ContactEmail).HasMaxLength(256);
        b.Property(x => x.ContactPhone).HasMaxLength(40);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.AuthorName).HasMaxLength(256);
        b.HasIndex(x => new { x.Closed, x.Deadline });
        b.HasIndex(x => new { x.Programme, x.Kind });
        b.HasIndex(x => x.AuthorProvinceId);
        b.HasIndex(x => x.CallId);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.AuthorProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Themes).WithOne().HasForeignKey(t => t.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PartnerAnnouncementThemeConfiguration : IEntityTypeConfiguration<PartnerAnnouncementTheme>
{
    public void Configure(EntityTypeBuilder<PartnerAnnouncementTheme> b)
    {
        b.ToTable("PartnerAnnouncementThemes");
        b.HasKey(x => new { x.AnnouncementId, x.Theme });
        b.Property(x => x.Theme).HasMaxLength(100);
        b.HasIndex(x => x.Theme);
    }
}
