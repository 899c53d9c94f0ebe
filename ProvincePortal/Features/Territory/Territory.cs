using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Territory;

[AuditSummaryOnly]
public class Region
{
    public int Id { get; set; }
    /// <summary>ISTAT region code, zero-padded ("05").</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public List<Province> Provinces { get; set; } = [];
}

/// <summary>The kind of province-level unit (ISTAT "Tipologia di Unità territoriale sovracomunale").</summary>
public enum ProvinceType
{
    Provincia = 1,
    ProvinciaAutonoma = 2,
    CittaMetropolitana = 3,
    LiberoConsorzio = 4,
    UnitaNonAmministrativa = 5,
}

/// <summary>A province-level unit. Each one is a tenant of the platform.</summary>
[AuditSummaryOnly]
public class Province
{
    public int Id { get; set; }
    /// <summary>ISTAT UTS code ("026", "201" for Città metropolitana di Torino).</summary>
    public string Code { get; set; } = "";
    /// <summary>Vehicle plate abbreviation, used as the short name everywhere ("TV").</summary>
    public string Sigla { get; set; } = "";
    public string Name { get; set; } = "";
    public ProvinceType Type { get; set; }
    public int RegionId { get; set; }
    public Region? Region { get; set; }
    /// <summary>Edition date from which the unit no longer appears in the ISTAT list.</summary>
    public DateOnly? SuppressedOn { get; set; }
    /// <summary>Code of the ente in IndicePA ("p_re"), set by the IndicePA import; as IndicePA writes it (case varies).</summary>
    public string? IpaCode { get; set; }
    public List<Comune> Comuni { get; set; } = [];

    public string DisplayName => DisplayNameOf(Type, Name);

    public static string DisplayNameOf(ProvinceType type, string name) => type switch
    {
        ProvinceType.CittaMetropolitana => $"Città metropolitana di {name}",
        ProvinceType.LiberoConsorzio => $"Libero consorzio comunale di {name}",
        ProvinceType.ProvinciaAutonoma => $"Provincia autonoma di {name}",
        ProvinceType.UnitaNonAmministrativa => $"Unità territoriale di {name}",
        _ => $"Provincia di {name}",
    };
}

[AuditSummaryOnly]
public class Comune
{
    public int Id { get; set; }
    /// <summary>ISTAT code, six characters ("026021"). Can change when a Comune moves Province: the key is the cadastral code.</summary>
    public string IstatCode { get; set; } = "";
    /// <summary>Codice catastale (Belfiore), stable across recodings ("C957").</summary>
    public string CadastralCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NameOtherLanguage { get; set; }
    public int ProvinceId { get; set; }
    public Province? Province { get; set; }
    public int? Population { get; set; }
    public bool IsCapoluogo { get; set; }
    /// <summary>Date of the first edition from which the Comune is absent (merged or suppressed). Never deleted.</summary>
    public DateOnly? SuppressedOn { get; set; }
    /// <summary>Date of the last edition that listed it.</summary>
    public DateOnly? LastSeenEdition { get; set; }
    /// <summary>Code of the Comune in IndicePA ("c_c957"), set by the IndicePA import.</summary>
    public string? IpaCode { get; set; }

    public bool IsActive => SuppressedOn is null;
}

/// <summary>One imported edition of the ISTAT list, with what it changed.</summary>
[AuditSummaryOnly]
public class TerritoryEdition
{
    public int Id { get; set; }
    public DateOnly EditionDate { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTime ImportedAtUtc { get; set; }
    public string ImportedBy { get; set; } = "";
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Suppressed { get; set; }
    public int Unchanged { get; set; }
    /// <summary>Rows of the file refused one by one (their Comuni were left as they were).</summary>
    public int Rejected { get; set; }
    /// <summary>Data rows in the file.</summary>
    public int Rows { get; set; }
}
