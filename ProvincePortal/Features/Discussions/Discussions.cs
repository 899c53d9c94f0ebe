using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Documents;

namespace ProvincePortal.Features.Discussions;

/// <summary>
/// A conversation inside a document workspace. Not tenant-owned for the same reason as <see cref="Workspace"/> (the
/// national workspace has no Province): who reads it is decided by <see cref="DocumentAccess.CanRead"/> on its workspace.
/// </summary>
[DisplayName("Discussione")]
public class DiscussionThread
{
    public int Id { get; set; }
    [Display(Name = "Spazio di lavoro")] public int WorkspaceId { get; set; }
    public Workspace? Workspace { get; set; }
    [Display(Name = "Titolo")] public string Title { get; set; } = "";
    [Display(Name = "Autore")] public string AuthorId { get; set; } = "";
    [Display(Name = "Nome dell'autore")] public string AuthorName { get; set; } = "";
    [Display(Name = "Creata il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Ultima attività")] public DateTime LastActivityAtUtc { get; set; }
    [Display(Name = "Messaggi")] public int PostCount { get; set; }
    [Display(Name = "Eliminata il")] public DateTime? DeletedAtUtc { get; set; }
    [Display(Name = "Eliminata da")] public string? DeletedBy { get; set; }
}

/// <summary>A message of a thread; a reply names its top-level post (one level of replies only).</summary>
[DisplayName("Messaggio di una discussione")]
public class DiscussionPost
{
    public int Id { get; set; }
    [Display(Name = "Discussione")] public int ThreadId { get; set; }
    public DiscussionThread? Thread { get; set; }
    [Display(Name = "In risposta al messaggio")] public int? ParentPostId { get; set; }
    [Display(Name = "Autore")] public string AuthorId { get; set; } = "";
    [Display(Name = "Nome dell'autore")] public string AuthorName { get; set; } = "";
    /// <summary>Plain text with a few marks (**grassetto**, *corsivo*, `codice`, elenchi "- ", link), see <see cref="DiscussionMarkup"/>.</summary>
    [Display(Name = "Testo")] public string Body { get; set; } = "";
    [Display(Name = "Scritto il")] public DateTime CreatedAtUtc { get; set; }
    [Display(Name = "Modificato il")] public DateTime? EditedAtUtc { get; set; }
    [Display(Name = "Eliminato il")] public DateTime? DeletedAtUtc { get; set; }
    [Display(Name = "Eliminato da")] public string? DeletedBy { get; set; }
    public List<DiscussionAttachment> Attachments { get; set; } = [];
}

/// <summary>A link from a post to a document of the library (never a copy: the document keeps its own permissions).</summary>
[DisplayName("Documento allegato a un messaggio")]
public class DiscussionAttachment
{
    [Display(Name = "Messaggio")] public int PostId { get; set; }
    [Display(Name = "Documento")] public int DocumentId { get; set; }
}

/// <summary>Who receives a notification for each new post of a thread.</summary>
/// <remarks>Not audited: a personal preference, changed with one click, that concerns nobody else.</remarks>
[NotAudited]
public class DiscussionFollower
{
    public int ThreadId { get; set; }
    public string UserId { get; set; } = "";
    public DateTime SinceUtc { get; set; }
}
