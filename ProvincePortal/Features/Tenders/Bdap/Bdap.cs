using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Tenders.Bdap;

/// <summary>
/// A public investment project as the open data describe it (BDAP-MOP, OpenCUP, OpenBDAP "Ricerca per CUP"), one per
/// CUP and Province. It is linked to the register at read time (a procedure with its CUP, or a lot with one of its
/// awards' CIGs), so a project imported before its procedure was entered links as soon as the procedure is.
/// Every field is optional: a CUP first met in a payments file has only payments until a project file arrives.
/// </summary>
[DisplayName("Progetto BDAP/OpenCUP")]
public class BdapProject : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "CUP")] public string Cup { get; set; } = "";
    [Display(Name = "Titolo")] public string? Titolo { get; set; }
    [Display(Name = "Soggetto titolare")] public string? SoggettoTitolare { get; set; }
    [Display(Name = "Codice fiscale del soggetto titolare")] public string? CfSoggettoTitolare { get; set; }
    /// <summary>State of the CUP (ATTIVO, CHIUSO, REVOCATO…), as OpenCUP and OpenBDAP give it.</summary>
    [Display(Name = "Stato del progetto")] public string? Stato { get; set; }
    /// <summary>Phase of the work reached according to MOP ("Fase Raggiunta"); "-" in the files becomes null.</summary>
    [Display(Name = "Fase raggiunta")] public string? FaseRaggiunta { get; set; }
    [Display(Name = "Natura dell'intervento")] public string? Natura { get; set; }
    [Display(Name = "Anno di decisione")] public int? AnnoDecisione { get; set; }
    [Display(Name = "Costo previsto")] public long? CostoCents { get; set; }
    [Display(Name = "Finanziamento")] public long? FinanziamentoCents { get; set; }
    [Display(Name = "Finanziamento pubblico previsto")] public long? FinanziamentoPubblicoCents { get; set; }
    /// <summary>Start of validity (OpenBDAP) or generation of the CUP (OpenCUP).</summary>
    [Display(Name = "Data di inizio")] public DateOnly? DataInizio { get; set; }
    /// <summary>End of validity (OpenBDAP) or closing/revocation of the CUP (OpenCUP).</summary>
    [Display(Name = "Data di fine")] public DateOnly? DataFine { get; set; }
    /// <summary>"COMUNE (SIGLA)" joined by "; ", from OpenCUP_Localizzazione (1..n places per CUP).</summary>
    [Display(Name = "Localizzazione")] public string? Localizzazione { get; set; }
    /// <summary>The file type and name that last changed the project's own data.</summary>
    [Display(Name = "Fonte")] public string? Fonte { get; set; }
    [Display(Name = "Importato il")] public DateTime? ImportatoIlUtc { get; set; }
    public List<BdapAward> Awards { get; set; } = [];
    public List<BdapPayment> Payments { get; set; } = [];
}

/// <summary>
/// An award of a project: one per CUP and CIG. MOP's "gar" files repeat the row for each winner; the amounts are the
/// lot's and are kept once, the winners as a list.
/// </summary>
[DisplayName("Aggiudicazione BDAP")]
public class BdapAward : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Progetto")] public int ProjectId { get; set; }
    [Display(Name = "CIG")] public string Cig { get; set; } = "";
    [Display(Name = "Oggetto")] public string? Oggetto { get; set; }
    [Display(Name = "Data di pubblicazione")] public DateOnly? DataPubblicazione { get; set; }
    [Display(Name = "Scelta del contraente")] public string? SceltaContraente { get; set; }
    [Display(Name = "Importo a base d'asta")] public long? ImportoBaseCents { get; set; }
    [Display(Name = "Importo di aggiudicazione")] public long? ImportoAggiudicazioneCents { get; set; }
    /// <summary>"DENOMINAZIONE (CF)" joined by "; " in file order; empty when the file names no winner.</summary>
    [Display(Name = "Aggiudicatari")] public string? Aggiudicatari { get; set; }
    [Display(Name = "Fonte")] public string? Fonte { get; set; }
    [Display(Name = "Importato il")] public DateTime? ImportatoIlUtc { get; set; }

    public IReadOnlyList<string> Winners => BdapText.Split(Aggiudicatari);
}

/// <summary>Payments of a project in one year (MOP "sal"); several rows of a file for the same CUP and year are summed.</summary>
[DisplayName("Pagamenti BDAP")]
public class BdapPayment : ITenantOwned
{
    public int Id { get; set; }
    [Display(Name = "Provincia")] public int ProvinceId { get; set; }
    [Display(Name = "Progetto")] public int ProjectId { get; set; }
    [Display(Name = "Anno")] public int Anno { get; set; }
    [Display(Name = "Importo pagato")] public long ImportoCents { get; set; }
    [Display(Name = "Fonte")] public string? Fonte { get; set; }
    [Display(Name = "Importato il")] public DateTime? ImportatoIlUtc { get; set; }
}

public static class BdapText
{
    public const string ListSeparator = "; ";

    public static IReadOnlyList<string> Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries);
}
