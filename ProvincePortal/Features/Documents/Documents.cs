namespace ProvincePortal.Features.Documents;

public enum WorkspaceKind
{
    ServizioSua = 1,
    ServizioEuropa = 2,
    CentroDiCompetenza = 3,
    /// <summary>Shared by one Comune and its Province.</summary>
    Comune = 4,
    /// <summary>"Modelli condivisi": one for the whole platform, no Province.</summary>
    Nazionale = 5,
    /// <summary>Created by an administrator, with chosen members.</summary>
    Personalizzato = 6,
}

/// <summary>
/// A document space. Not <see cref="Data.ITenantOwned"/>: the national workspace has no Province, so visibility is
/// decided by <see cref="DocumentAccess"/> in every query instead of the tenant filter.
/// </summary>
public class Workspace
{
    public int Id { get; set; }
    /// <summary>Stable unique key ("nazionale", "P12:SUA", "C345", "X:guid") so that lazy creation never duplicates.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public WorkspaceKind Kind { get; set; }
    public int? ProvinceId { get; set; }
    public int? ComuneId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public List<WorkspaceMember> Members { get; set; } = [];
}

public class WorkspaceMember
{
    public int WorkspaceId { get; set; }
    public string UserId { get; set; } = "";
}

public class Folder
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; }
    public Workspace? Workspace { get; set; }
    public int? ParentId { get; set; }
    public Folder? Parent { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>The editable list of document types.</summary>
public class DocumentType
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class Document
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; }
    public Workspace? Workspace { get; set; }
    /// <summary>Copied from the workspace (null for the national one) for reports and indexes by tenant.</summary>
    public int? ProvinceId { get; set; }
    public int? FolderId { get; set; }
    public Folder? Folder { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? DocumentType { get; set; }
    /// <summary>Comma-separated, lower case.</summary>
    public string Tags { get; set; } = "";
    /// <summary>For templates: the period in which the model applies.</summary>
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    /// <summary>Optional link to a record of another module ("gare", "42").</summary>
    public string? LinkedModule { get; set; }
    public string? LinkedRecordId { get; set; }
    public int CurrentVersionNumber { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? DeletedAtUtc { get; set; }
    public string? DeletedBy { get; set; }
    public List<DocumentVersion> Versions { get; set; } = [];
}

public enum ExtractionStatus
{
    /// <summary>The type has no text to extract (images, archives).</summary>
    NonApplicabile = 0,
    Indicizzato = 1,
    /// <summary>Extraction failed: the version is stored but not searchable by content.</summary>
    NonIndicizzato = 2,
    /// <summary>Stored, waiting for the background indexer (<see cref="DocumentIndexer"/>) to read its text.</summary>
    InAttesa = 3,
}

public class DocumentVersion
{
    public int Id { get; set; }
    public int DocumentId { get; set; }
    public Document? Document { get; set; }
    public int Number { get; set; }
    public string? AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string? Comment { get; set; }
    public long SizeBytes { get; set; }
    public string Sha256 { get; set; } = "";
    public string OriginalFileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public ExtractionStatus ExtractionStatus { get; set; }
}

/// <summary>
/// The searchable text of a document's current version (SQLite indexes it with FTS5, PostgreSQL with tsvector).
/// <see cref="Body"/> is the description followed by the extracted text (<see cref="DocumentService.ComposeBody"/>), so
/// that a document whose file could not be read is still found by its description.
/// </summary>
/// <remarks>Derived from the stored file, never edited by anyone: not audited (the document and its versions are).</remarks>
[Audit.NotAudited]
public class DocumentText
{
    public int DocumentId { get; set; }
    public string Title { get; set; } = "";
    public string Tags { get; set; } = "";
    public string Body { get; set; } = "";
}
