using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Notifications;

/// <summary>An in-app message for one user (the bell in the app bar). Only its recipient ever reads it.</summary>
/// <remarks>Not audited: a copy of what happened elsewhere (a post, a deadline), which is audited where it happened.</remarks>
[NotAudited]
public class Notification
{
    public long Id { get; set; }
    public string RecipientUserId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>Relative link inside the portal ("/discussioni/12#messaggio-40").</summary>
    public string? LinkUrl { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }
}

/// <summary>
/// An e-mail waiting to be sent. Written in the same transaction as what caused it, sent later by
/// <see cref="EmailOutboxWorker"/>: the user's action never waits for SMTP, and nothing is lost while SMTP is down.
/// </summary>
[NotAudited]
public class OutboxEmail
{
    public long Id { get; set; }
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextAttemptAtUtc { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    /// <summary>Set when the server refused the message for good (unknown recipient): kept for the administrator, never retried.</summary>
    public DateTime? AbandonedAtUtc { get; set; }
    /// <summary>Claimed by one worker until then, so that two app servers never send the same message twice.</summary>
    public DateTime? LockedUntilUtc { get; set; }
}
