using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Data;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.EuCalls.Bulletins;

public enum BulletinItemKind
{
    Bando = 1,
    Scadenza = 2,
    Notizia = 3,
}

/// <summary>
/// Bollettino of the Servizio Europa for the Comuni: a draft until it is sent; sending gives it its number of the year,
/// freezes it and puts it in the archive (and, when <see cref="Published"/>, in the Province's public feeds).
/// </summary>
[DisplayName("Bollettino")]
public class Bulletin : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Introduzione")] public string Introduction { get; set; } = "";
    /// <summary>Addresses beyond the Comuni's contacts, one per line (until the CRM of contacts plugs into <see cref="IComuneContactDirectory"/>).</summary>
    [Display(Name = "Destinatari aggiuntivi")] public string? ExtraRecipients { get; set; }
    [Display(Name = "Pubblicato nei feed")] public bool Published { get; set; } = true;
    /// <summary>Given when the bulletin is sent: 1, 2, 3… in each year of sending.</summary>
    [Display(Name = "Numero")] public int? Number { get; set; }
    [Display(Name = "Anno")] public int? Year { get; set; }
    [Display(Name = "Inviato il")] public DateTime? SentAtUtc { get; set; }
    [Display(Name = "Inviato da")] public string? SentBy { get; set; }
    [Display(Name = "Destinatari")] public int RecipientCount { get; set; }
    [Display(Name = "Creato da")] public string CreatedBy { get; set; } = "";
    [Display(Name = "Creato il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Modificato il")] public DateTime UpdatedAtUtc { get; set; }
    /// <summary>Optimistic concurrency: two users pressing "Invia" at once cannot both send.</summary>
    public int RowVersion { get; set; }
    public List<BulletinItem> Items { get; set; } = [];

    public bool IsSent => SentAtUtc is not null;
}

/// <summary>
/// One entry of a bulletin. Calls and deadlines are copied (title, text, link) when added, so a sent bulletin reads the
/// same in its archive and PDF even if the call changes later; <see cref="CallId"/> only remembers where it came from.
/// </summary>
[DisplayName("Voce del bollettino")]
public class BulletinItem : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Bollettino")] public int BulletinId { get; set; }
    [Display(Name = "Tipo")] public BulletinItemKind Kind { get; set; }
    [Display(Name = "Posizione")] public int Ordinal { get; set; }
    [Display(Name = "Bando")] public int? CallId { get; set; }
    [Display(Name = "Scadenza")] public DateTime? DeadlineUtc { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Testo")] public string? Text { get; set; }
    [Display(Name = "Link")] public string? Link { get; set; }
}

public sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.ToTable("Bulletins");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Introduction).HasMaxLength(8000);
        b.Property(x => x.ExtraRecipients).HasMaxLength(8000);
        b.Property(x => x.SentBy).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(200);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        // NULLs (drafts) repeat on both providers: the number is unique only among sent bulletins of a Province.
        b.HasIndex(x => new { x.ProvinceId, x.Year, x.Number }).IsUnique();
        b.HasIndex(x => new { x.ProvinceId, x.SentAtUtc });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.BulletinId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BulletinItemConfiguration : IEntityTypeConfiguration<BulletinItem>
{
    public void Configure(EntityTypeBuilder<BulletinItem> b)
    {
        b.ToTable("BulletinItems");
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Text).HasMaxLength(8000);
        b.Property(x => x.Link).HasMaxLength(1000);
        b.HasIndex(x => new { x.BulletinId, x.Ordinal });
        b.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.SetNull);
    }
}
