using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Agenda;

/// <summary>Whether a higher raw value is better (+) or worse (−).</summary>
public enum IndicatorDirection { Positive = 1, Negative = 2 }

/// <summary>How a raw value becomes a 0–100 score (domain doc, "Method").</summary>
public enum Normalisation
{
    /// <summary>Distance to a target: 100·x/target, capped at 100 (0/1 indicators: reached 100, in progress 50, none 0).</summary>
    Target = 1,
    /// <summary>Min-max on fixed goalposts (DESI): comparable over time and across Provinces.</summary>
    MinMaxFixed = 2,
    /// <summary>Unbounded counts: ln(1+x), then min-max over the Comuni of the same Province.</summary>
    LogMinMaxProvince = 3,
}

/// <summary>Where the values of an indicator come from.</summary>
public enum IndicatorOrigin { OpenData = 1, Import = 2, SelfAssessment = 3 }

/// <summary>The state of a Comune on one PA digitale 2026 measure (rule in DOMAIN-agenda.md).</summary>
public enum MeasureStatus
{
    NotApplied = 0,
    Renounced = 1,
    InProgress = 2,
    Done = 3,
}

/// <summary>
/// One version of the indicator framework, for a period ("2026"). Measurements and reports refer to a version, so a
/// report of last year is computed again with last year's indicators, weights and normalisation.
/// </summary>
public class AgendaFramework
{
    public int Id { get; set; }
    public string Period { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>Where the indicators were taken from (kept with the version).</summary>
    public string SourceNote { get; set; } = "";
    /// <summary>The version new imports and the screen use; exactly one is current.</summary>
    public bool IsCurrent { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>A closed version is read-only: the reports published on it can always be computed again.</summary>
    public DateTime? ClosedAtUtc { get; set; }
    public List<AgendaDimension> Dimensions { get; set; } = [];
    public List<AgendaIndicator> Indicators { get; set; } = [];
}

public class AgendaDimension
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public AgendaFramework? Framework { get; set; }
    /// <summary>Letter of the dimension ("A").</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public double Weight { get; set; } = 1;
    public int SortOrder { get; set; }
}

public class AgendaIndicator
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public AgendaFramework? Framework { get; set; }
    public int DimensionId { get; set; }
    public AgendaDimension? Dimension { get; set; }
    /// <summary>Stable code across versions ("A7"): the generic import names indicators by it.</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Source { get; set; } = "";
    public IndicatorDirection Direction { get; set; } = IndicatorDirection.Positive;
    public Normalisation Normalisation { get; set; } = Normalisation.Target;
    /// <summary>Target value for <see cref="Normalisation.Target"/> (1 for 0/1 indicators, 0 for "none renounced").</summary>
    public double? TargetValue { get; set; }
    /// <summary>Goalposts for <see cref="Normalisation.MinMaxFixed"/>.</summary>
    public double? GoalpostMin { get; set; }
    public double? GoalpostMax { get; set; }
    public double Weight { get; set; } = 1;
    public IndicatorOrigin Origin { get; set; } = IndicatorOrigin.Import;
    /// <summary>The PA digitale 2026 measure whose applications give the value ("1.4.5"); see <see cref="Pad26Measures"/>.</summary>
    public string? Pad26Measure { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>
/// One value of one indicator for one Comune at a date. Never updated or deleted by an import: a new value is a new row,
/// so trends and "what changed since the last report" stay possible.
/// </summary>
[AuditSummaryOnly]
public class AgendaMeasurement
{
    public long Id { get; set; }
    public int IndicatorId { get; set; }
    public AgendaIndicator? Indicator { get; set; }
    public int ComuneId { get; set; }
    public double Value { get; set; }
    /// <summary>For indicators fed by a PA digitale measure: the state the value was derived from.</summary>
    public MeasureStatus? Status { get; set; }
    /// <summary>Date the value refers to (the data's date, not the import's).</summary>
    public DateOnly MeasuredOn { get; set; }
    public int BatchId { get; set; }
    public AgendaImportBatch? Batch { get; set; }
}

/// <summary>One import (a PA digitale file, a generic CSV): what it read and what it could not match.</summary>
[AuditSummaryOnly]
public class AgendaImportBatch
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public string Kind { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTime ImportedAtUtc { get; set; }
    public string ImportedBy { get; set; } = "";
    /// <summary>Province of whoever imported a generic CSV (null: platform-wide import).</summary>
    public int? ProvinceId { get; set; }
    public int Rows { get; set; }
    public int Added { get; set; }
    public int Unchanged { get; set; }
    /// <summary>cod_comune values of the file that match no Comune, with their row count ("N/D ×5; 099999 ×1").</summary>
    public string UnmatchedCodes { get; set; } = "";
}

/// <summary>
/// The euros of one Comune on one PA digitale measure as one file gave them: assigned (A or E) and paid (E). B2 and B3 add
/// up every measure, and the files come one measure at a time, so each measure's amounts are kept by the batch that read
/// them; the latest batch holding a measure is the one that counts.
/// </summary>
[AuditSummaryOnly]
public class AgendaPad26Amount
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public int ComuneId { get; set; }
    public string Measure { get; set; } = "";
    public long AssignedCents { get; set; }
    public long PaidCents { get; set; }
}

/// <summary>A questionnaire campaign of a Province that asks its Comuni the self-assessed indicators of a framework version.</summary>
[AuditSummaryOnly]
public class AgendaSelfAssessment : Data.ITenantOwned
{
    public int Id { get; set; }
    public int ProvinceId { get; set; }
    public int FrameworkId { get; set; }
    public AgendaFramework? Framework { get; set; }
    public int SurveyCampaignId { get; set; }
    public Questionari.SurveyCampaign? SurveyCampaign { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
