using ProvincePortal.Data;
using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.EuCalls;

public enum CallOrigin
{
    /// <summary>Imported from the EU Funding &amp; Tenders Portal: one row for the whole platform (ProvinceId null).</summary>
    PortaleUe = 1,
    /// <summary>A national call (PNRR, ministries) entered by one Province.</summary>
    Nazionale = 2,
    /// <summary>A regional programme call (FESR, FSE+, PSR) entered by one Province.</summary>
    Regionale = 3,
    /// <summary>Any other EU call entered by hand (Interreg, indirect management).</summary>
    AltroUe = 4,
}

/// <summary>Never stored: always computed from the dates (<see cref="CallRules.StatusOf"/>), the portal's code is not trusted.</summary>
public enum CallStatus
{
    InArrivo = 1,
    Aperto = 2,
    Chiuso = 3,
}

public enum CallRelevance
{
    NonValutato = 0,
    Bassa = 1,
    Media = 2,
    Alta = 3,
}

/// <summary>
/// A call (bando). Shared EU calls imported from the portal have no Province and are seen by all; a Province's
/// own national/regional calls carry its ProvinceId and are seen only by it (tenant filter, <see cref="IPlatformOrTenantOwned"/>).
/// Imports touch thousands of rows: the audit trail records a summary, the field history is <see cref="CallChange"/>.
/// </summary>
[AuditSummaryOnly]
public class Call : IPlatformOrTenantOwned
{
    public int Id { get; set; }
    public int? ProvinceId { get; set; }
    public CallOrigin Origin { get; set; }
    /// <summary>Dedupe key of portal calls: identifier for type 1, reference for types 2/8. Null for own calls.</summary>
    public string? PortalKey { get; set; }
    /// <summary>Topic identifier ("HORIZON-CL5-2024-D2-01-03") or the Province's own protocol/code of the call.</summary>
    public string Identifier { get; set; } = "";
    public string Title { get; set; } = "";
    public string Programme { get; set; } = "";
    /// <summary>The portal's frameworkProgramme id ("43108390"), kept to relabel programmes later.</summary>
    public string? ProgrammeCode { get; set; }
    public string? CallIdentifier { get; set; }
    public string? CallTitle { get; set; }
    public string? TypeOfAction { get; set; }
    /// <summary>Portal result type: 1 grant topic, 2 call for proposals, 8 cascade funding.</summary>
    public int? PortalType { get; set; }
    public string? Beneficiaries { get; set; }
    /// <summary>Keywords and tags, separated by " | ".</summary>
    public string Keywords { get; set; } = "";
    public string? Description { get; set; }
    public long? BudgetCents { get; set; }
    public long? MinContributionCents { get; set; }
    public long? MaxContributionCents { get; set; }
    public int? ExpectedGrants { get; set; }
    /// <summary>Co-financing rate in percent (e.g. 70 for 70%).</summary>
    public decimal? CoFinancingRate { get; set; }
    public DateTime? OpeningUtc { get; set; }
    public string? DeadlineModel { get; set; }
    /// <summary>The portal's status code as received (31094501/2/3): shown for reference only.</summary>
    public string? PortalStatus { get; set; }
    public string? Url { get; set; }
    /// <summary>publicationDocuments of the portal as JSON [{name,url,type}].</summary>
    public string? PortalDocumentsJson { get; set; }
    /// <summary>Denormalised for filters and sorting: the first and last deadline.</summary>
    public DateTime? FirstDeadlineUtc { get; set; }
    public DateTime? LastDeadlineUtc { get; set; }
    /// <summary>Lower case, without accents: title, identifiers, programme, keywords. Searched with LIKE.</summary>
    public string SearchText { get; set; } = "";
    public string? PortalChecksum { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? LastImportedAtUtc { get; set; }
    public List<CallDeadline> Deadlines { get; set; } = [];
    public List<CallChange> Changes { get; set; } = [];
}

/// <summary>
/// One deadline (cut-off, stage) of a call. The row keeps its identity when the date moves, so its <see cref="Uid"/>
/// names the same calendar event and a subscribed calendar moves the event instead of adding one.
/// </summary>
[AuditSummaryOnly]
public class CallDeadline : IPlatformOrTenantOwned
{
    public int Id { get; set; }
    public int CallId { get; set; }
    public Call? Call { get; set; }
    /// <summary>Copied from the call so that the tenant filter applies to deadlines queried alone (scadenzario).</summary>
    public int? ProvinceId { get; set; }
    /// <summary>1-based position among the call's deadlines (first cut-off, second stage…).</summary>
    public int Ordinal { get; set; }
    public DateTime DeadlineUtc { get; set; }
    public string? Label { get; set; }
    /// <summary>iCalendar UID, stable for the life of the row.</summary>
    public string Uid { get; set; } = "";
    /// <summary>iCalendar SEQUENCE: increased each time the date moves.</summary>
    public int Revision { get; set; }
}

/// <summary>What one Province thinks of a call: relevance, notes, and whether it publishes the call in its public feeds.</summary>
public class CallProvinceNote : ITenantOwned
{
    public int Id { get; set; }
    public int CallId { get; set; }
    public Call? Call { get; set; }
    public int ProvinceId { get; set; }
    public CallRelevance Relevance { get; set; }
    public string? Notes { get; set; }
    /// <summary>Shown in the Province's public RSS/Atom/JSON feeds for the Comuni's websites.</summary>
    public bool Published { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>History of a call's fields as imports and users changed them (deadline moved, status, budget…).</summary>
[AuditSummaryOnly]
public class CallChange : IPlatformOrTenantOwned
{
    public long Id { get; set; }
    public int CallId { get; set; }
    public int? ProvinceId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    /// <summary>"Import F&amp;T: file.json", "Recupero automatico dal portale", or the user's name.</summary>
    public string Source { get; set; } = "";
}

/// <summary>
/// The secret of a user's iCalendar subscription URL (/bandi/ical/{token}.ics). Only the SHA-256 of the token is stored;
/// revoking sets <see cref="RevokedAtUtc"/> and the URL answers 404 from then on.
/// </summary>
public class CalendarFeedToken : ITenantOwned
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public int ProvinceId { get; set; }
    [AuditMasked]
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
}
