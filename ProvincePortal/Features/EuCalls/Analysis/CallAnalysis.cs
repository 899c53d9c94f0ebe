using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Data;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.EuCalls.Analysis;

public enum AnalysisRecommendation
{
    DaValutare = 0,
    Consigliato = 1,
    NonPertinente = 2,
}

/// <summary>
/// Scheda di analisi: the EU office's structured reading of a call for its Province. One per (call, Province): a shared
/// EU call gets a separate sheet in each Province that analyses it.
/// </summary>
[DisplayName("Scheda di analisi")]
public class CallAnalysis : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Bando")] public int CallId { get; set; }
    [Display(Name = "Obiettivi")] public string? Obiettivi { get; set; }
    [Display(Name = "Azioni e costi ammissibili")] public string? AzioniECosti { get; set; }
    [Display(Name = "Beneficiari")] public string? Beneficiari { get; set; }
    [Display(Name = "Partenariato richiesto")] public string? Partenariato { get; set; }
    [Display(Name = "Cofinanziamento")] public string? Cofinanziamento { get; set; }
    [Display(Name = "Criteri di valutazione")] public string? CriteriValutazione { get; set; }
    [Display(Name = "Pertinenza per i Comuni")] public string? PertinenzaComuni { get; set; }
    [Display(Name = "Raccomandazione")] public AnalysisRecommendation Raccomandazione { get; set; }
    [Display(Name = "Note")] public string? Note { get; set; }
    /// <summary>The Comuni's users read the sheet only when the Province shares it.</summary>
    [Display(Name = "Condivisa con i Comuni")] public bool SharedWithComuni { get; set; }
    [Display(Name = "Autore")] public string AuthorName { get; set; } = "";
    public int RowVersion { get; set; }
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Aggiornata il")] public DateTime UpdatedAtUtc { get; set; }

    public static string Label(AnalysisRecommendation r) => r switch
    {
        AnalysisRecommendation.Consigliato => "Consigliato",
        AnalysisRecommendation.NonPertinente => "Non pertinente",
        _ => "Da valutare",
    };
}

public sealed class CallAnalysisConfiguration : IEntityTypeConfiguration<CallAnalysis>
{
    public const int TextLength = 8000;

    public void Configure(EntityTypeBuilder<CallAnalysis> b)
    {
        b.ToTable("CallAnalyses");
        foreach (var p in new[] { nameof(CallAnalysis.Obiettivi), nameof(CallAnalysis.AzioniECosti), nameof(CallAnalysis.Beneficiari),
                     nameof(CallAnalysis.Partenariato), nameof(CallAnalysis.Cofinanziamento), nameof(CallAnalysis.CriteriValutazione),
                     nameof(CallAnalysis.PertinenzaComuni), nameof(CallAnalysis.Note) })
            b.Property<string?>(p).HasMaxLength(TextLength);
        b.Property(x => x.AuthorName).HasMaxLength(256);
        b.Property(x => x.RowVersion).IsConcurrencyToken();
        b.HasIndex(x => new { x.CallId, x.ProvinceId }).IsUnique();
        b.HasIndex(x => x.ProvinceId);
        b.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}
