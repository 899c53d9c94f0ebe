namespace ProvincePortal.Features.Audit;

/// <summary>
/// Reference data loaded in bulk (the ISTAT territory: thousands of rows per import). The audit trail records one
/// entry per SaveChanges, entity type and action with the number of records ("Inserimento di 7.903 record") instead
/// of one entry and a dozen field rows per record: an import stays fast and the log stays readable, and what an
/// import changed in detail is already kept by the import itself (TerritoryEdition).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AuditSummaryOnlyAttribute : Attribute;

/// <summary>Technical data that is not a change made by anyone (keys, caches, counters): never recorded.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>A secret: the audit trail records that it changed, never its value (written "***").</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class AuditMaskedAttribute : Attribute;
