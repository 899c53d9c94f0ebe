using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;

namespace ProvincePortal.Features.Discussions;

public sealed record ThreadRow(int Id, int WorkspaceId, string WorkspaceName, string Title, string AuthorName, DateTime CreatedAtUtc, DateTime LastActivityAtUtc, int PostCount);
public sealed record ThreadDetails(int Id, int WorkspaceId, string WorkspaceName, string Title, string AuthorName, DateTime CreatedAtUtc,
    DateTime LastActivityAtUtc, int PostCount, bool Following, bool CanModerate);
/// <summary><see cref="Title"/> is null when the viewer may not read the linked document: its title is not shown either.</summary>
public sealed record AttachmentView(int DocumentId, string? Title);
public sealed record PostView(int Id, int? ParentPostId, string AuthorName, string? AuthorUserName, bool Mine, string Body,
    DateTime CreatedAtUtc, DateTime? EditedAtUtc, bool Deleted, IReadOnlyList<AttachmentView> Attachments, IReadOnlyList<PostView> Replies);
public sealed record DocumentChoice(int Id, string Title, string WorkspaceName);
public sealed record MentionCandidate(string UserName, string FullName);
/// <summary>The new post, and the @mentions that named nobody who can read the workspace (nobody was notified for them).</summary>
public sealed record PostResult(int PostId, IReadOnlyList<string> UnknownMentions);

public sealed class DiscussionNotFoundException() : Exception("Discussione non trovata.");
public sealed class DiscussionValidationException(string message) : Exception(message);

/// <summary>
/// Discussions in the document workspaces. Whoever reads a workspace reads and writes its discussions (also the national
/// one: the community of practice of every Province); authors edit their posts; administrators delete (soft, audited).
/// Followers and @mentioned users are notified in the portal and by e-mail through <see cref="NotificationService"/>.
/// </summary>
public sealed partial class DiscussionService(PortalDbFactory dbFactory, CurrentUser currentUser, NotificationService notifications)
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 10000;
    public const int MaxAttachments = 10;

    // ---------- Reading ----------

    /// <summary>Threads of one workspace, most recently active first; <paramref name="search"/> looks in titles and post bodies.</summary>
    public async Task<(IReadOnlyList<ThreadRow> Items, int Total)> ListThreadsAsync(int workspaceId, string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        await ReadableWorkspaceAsync(db, user, workspaceId, ct);
        return await PageAsync(db, Visible(db, user).Where(t => t.WorkspaceId == workspaceId), search, page, pageSize, ct);
    }

    /// <summary>Threads of every workspace the user reads (the search page of all discussions).</summary>
    public async Task<(IReadOnlyList<ThreadRow> Items, int Total)> SearchAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        return await PageAsync(db, Visible(db, user), search, page, pageSize, ct);
    }

    public async Task<WorkspaceInfo?> GetWorkspaceAsync(int workspaceId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var w = await db.Workspaces.AsNoTracking().Where(DocumentAccess.CanRead(user)).FirstOrDefaultAsync(x => x.Id == workspaceId, ct);
        return w is null ? null : new WorkspaceInfo(w.Id, w.Name, w.Kind, w.ProvinceId, w.ComuneId, true);
    }

    /// <summary>Null when the thread does not exist, was deleted or is in a workspace the user may not read.</summary>
    public async Task<ThreadDetails?> GetThreadAsync(int threadId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var t = await Visible(db, user).AsNoTracking().Include(x => x.Workspace).FirstOrDefaultAsync(x => x.Id == threadId, ct);
        if (t is null) return null;
        var following = await db.DiscussionFollowers.AnyAsync(f => f.ThreadId == threadId && f.UserId == user.UserId, ct);
        return new ThreadDetails(t.Id, t.WorkspaceId, t.Workspace!.Name, t.Title, t.AuthorName, t.CreatedAtUtc, t.LastActivityAtUtc, t.PostCount,
            following, CanModerate(user, t.Workspace));
    }

    /// <summary>One page of top-level posts (oldest first), each with all its replies.</summary>
    public async Task<(IReadOnlyList<PostView> Items, int Total)> ListPostsAsync(int threadId, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        await ReadableThreadAsync(db, user, threadId, ct);
        var top = db.DiscussionPosts.AsNoTracking().Where(p => p.ThreadId == threadId && p.ParentPostId == null);
        var total = await top.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 100);
        var roots = await top.OrderBy(p => p.CreatedAtUtc).ThenBy(p => p.Id).Skip(Math.Max(0, page) * size).Take(size).ToListAsync(ct);
        var rootIds = roots.Select(p => p.Id).ToList();
        var replies = await db.DiscussionPosts.AsNoTracking().Where(p => p.ParentPostId != null && rootIds.Contains(p.ParentPostId.Value))
            .OrderBy(p => p.CreatedAtUtc).ThenBy(p => p.Id).Take(2000).ToListAsync(ct);
        var all = roots.Concat(replies).ToList();
        var postIds = all.Select(p => p.Id).ToList();
        var authorIds = all.Select(p => p.AuthorId).Distinct().ToList();
        var userNames = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        var links = await db.DiscussionAttachments.AsNoTracking().Where(a => postIds.Contains(a.PostId)).ToListAsync(ct);
        var linkedIds = links.Select(a => a.DocumentId).Distinct().ToList();
        var readableTitles = await ReadableDocuments(db, user).Where(d => linkedIds.Contains(d.Id)).Select(d => new { d.Id, d.Title })
            .ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        var byPost = links.ToLookup(a => a.PostId);

        PostView View(DiscussionPost p, IReadOnlyList<PostView> children) => new(
            p.Id, p.ParentPostId, p.AuthorName, userNames.GetValueOrDefault(p.AuthorId), p.AuthorId == user.UserId,
            p.DeletedAtUtc is null ? p.Body : "", p.CreatedAtUtc, p.EditedAtUtc, p.DeletedAtUtc is not null,
            p.DeletedAtUtc is not null ? [] : byPost[p.Id].Select(a => new AttachmentView(a.DocumentId, readableTitles.GetValueOrDefault(a.DocumentId))).ToList(),
            children);
        var repliesByParent = replies.ToLookup(r => r.ParentPostId!.Value);
        return (roots.Select(r => View(r, repliesByParent[r.Id].Select(c => View(c, [])).ToList())).ToList(), total);
    }

    /// <summary>Documents the user may read whose title contains <paramref name="text"/>, to attach to a post.</summary>
    public async Task<IReadOnlyList<DocumentChoice>> SearchDocumentsAsync(string? text, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (string.IsNullOrWhiteSpace(text)) return [];
        var term = text.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateAsync(ct);
        return await ReadableDocuments(db, user).Where(d => d.Title.ToLower().Contains(term))
            .OrderBy(d => d.Title).Take(20).Select(d => new DocumentChoice(d.Id, d.Title, d.Workspace!.Name)).ToListAsync(ct);
    }

    /// <summary>Users who can read the workspace, by user name or full name: the ones a mention reaches.</summary>
    public async Task<IReadOnlyList<MentionCandidate>> SearchMentionableAsync(int workspaceId, string? text, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (string.IsNullOrWhiteSpace(text)) return [];
        var term = text.Trim().TrimStart('@').ToLowerInvariant();
        await using var db = await dbFactory.CreateAsync(ct);
        var workspace = await ReadableWorkspaceAsync(db, user, workspaceId, ct);
        var candidates = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.UserName != null && (u.UserName.ToLower().Contains(term) || u.FullName.ToLower().Contains(term)))
            .OrderBy(u => u.FullName).Select(u => u.Id).Take(50).ToListAsync(ct);
        var readers = await ReadersAsync(db, workspace, candidates, ct);
        return readers.OrderBy(r => r.FullName).Take(10).Select(r => new MentionCandidate(r.UserName, r.FullName)).ToList();
    }

    // ---------- Writing ----------

    public async Task<int> CreateThreadAsync(int workspaceId, string title, string body, IReadOnlyCollection<int>? documentIds = null, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var cleanTitle = (title ?? "").Trim();
        if (cleanTitle.Length == 0) throw new DiscussionValidationException("Il titolo della discussione è obbligatorio.");
        if (cleanTitle.Length > MaxTitleLength) throw new DiscussionValidationException($"Il titolo della discussione supera i {MaxTitleLength} caratteri.");
        var cleanBody = CheckBody(body);
        await using var db = await dbFactory.CreateAsync(ct);
        var workspace = await ReadableWorkspaceAsync(db, user, workspaceId, ct);
        var attachments = await CheckAttachmentsAsync(db, user, documentIds, ct);
        var now = DateTime.UtcNow;
        var thread = new DiscussionThread
        {
            WorkspaceId = workspace.Id, Title = cleanTitle, AuthorId = user.UserId!, AuthorName = DisplayName(user),
            CreatedAtUtc = now, LastActivityAtUtc = now, PostCount = 1,
        };
        var post = NewPost(user, cleanBody, null, attachments, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.DiscussionThreads.Add(thread);
        await db.SaveChangesAsync(ct);
        post.ThreadId = thread.Id;
        db.DiscussionPosts.Add(post);
        db.DiscussionFollowers.Add(new DiscussionFollower { ThreadId = thread.Id, UserId = user.UserId!, SinceUtc = now });
        await db.SaveChangesAsync(ct);
        await NotifyMentionsAndFollowersAsync(db, user, thread, workspace, post, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifications.WakeOutbox();
        return thread.Id;
    }

    /// <summary>A new post; with <paramref name="parentPostId"/> a reply (a reply to a reply goes under the same top-level post).</summary>
    public async Task<PostResult> PostAsync(int threadId, int? parentPostId, string body, IReadOnlyCollection<int>? documentIds = null, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var cleanBody = CheckBody(body);
        await using var db = await dbFactory.CreateAsync(ct);
        var thread = await ReadableThreadAsync(db, user, threadId, ct, tracked: true);
        var workspace = await db.Workspaces.AsNoTracking().Include(w => w.Members).FirstAsync(w => w.Id == thread.WorkspaceId, ct);
        if (parentPostId is int pid)
        {
            var parent = await db.DiscussionPosts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid && p.ThreadId == threadId, ct)
                ?? throw new DiscussionValidationException("Il messaggio a cui si risponde non appartiene a questa discussione.");
            parentPostId = parent.ParentPostId ?? parent.Id;
        }
        var attachments = await CheckAttachmentsAsync(db, user, documentIds, ct);
        var now = DateTime.UtcNow;
        var post = NewPost(user, cleanBody, parentPostId, attachments, now);
        post.ThreadId = threadId;
        thread.LastActivityAtUtc = now;
        thread.PostCount++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.DiscussionPosts.Add(post);
        // Whoever writes in a thread follows it (again, if they had stopped).
        if (!await db.DiscussionFollowers.AnyAsync(f => f.ThreadId == threadId && f.UserId == user.UserId, ct))
            db.DiscussionFollowers.Add(new DiscussionFollower { ThreadId = threadId, UserId = user.UserId!, SinceUtc = now });
        await db.SaveChangesAsync(ct);
        var unknown = await NotifyMentionsAndFollowersAsync(db, user, thread, workspace, post, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifications.WakeOutbox();
        return new PostResult(post.Id, unknown);
    }

    /// <summary>Only the author edits, and only a post that was not deleted. Mentions added by the edit are not notified again.</summary>
    public async Task EditPostAsync(int postId, string body, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var cleanBody = CheckBody(body);
        await using var db = await dbFactory.CreateAsync(ct);
        var post = await ReadablePostAsync(db, user, postId, ct);
        if (post.AuthorId != user.UserId) throw new DiscussionValidationException("Solo l'autore può modificare il proprio messaggio.");
        if (post.DeletedAtUtc is not null) throw new DiscussionValidationException("Il messaggio è stato eliminato e non può essere modificato.");
        post.Body = cleanBody;
        post.EditedAtUtc = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Administrators only: the text disappears from the thread, the record and its history stay (audit trail).</summary>
    public async Task DeletePostAsync(int postId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var post = await ReadablePostAsync(db, user, postId, ct);
        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == post.Thread!.WorkspaceId, ct);
        if (!CanModerate(user, workspace)) throw new DiscussionValidationException("Solo un amministratore può eliminare i messaggi.");
        if (post.DeletedAtUtc is not null) return;
        post.DeletedAtUtc = DateTime.UtcNow;
        post.DeletedBy = user.UserName;
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteThreadAsync(int threadId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var thread = await ReadableThreadAsync(db, user, threadId, ct, tracked: true);
        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == thread.WorkspaceId, ct);
        if (!CanModerate(user, workspace)) throw new DiscussionValidationException("Solo un amministratore può eliminare le discussioni.");
        thread.DeletedAtUtc = DateTime.UtcNow;
        thread.DeletedBy = user.UserName;
        await db.SaveChangesAsync(ct);
    }

    public async Task FollowAsync(int threadId, bool follow, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        await ReadableThreadAsync(db, user, threadId, ct);
        var existing = await db.DiscussionFollowers.FirstOrDefaultAsync(f => f.ThreadId == threadId && f.UserId == user.UserId, ct);
        if (follow && existing is null) db.DiscussionFollowers.Add(new DiscussionFollower { ThreadId = threadId, UserId = user.UserId!, SinceUtc = DateTime.UtcNow });
        else if (!follow && existing is not null) db.DiscussionFollowers.Remove(existing);
        await db.SaveChangesAsync(ct);
    }

    // ---------- Mentions and notifications ----------

    /// <summary>"@nome.utente" (user names are often e-mail addresses: "@mario.rossi@provincia.tv.it"); not the "@" inside an address.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-])@([\p{L}\p{N}._%+\-]+(?:@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)?)")]
    public static partial Regex MentionPattern();

    public static IReadOnlyList<string> ParseMentions(string body) =>
        MentionPattern().Matches(body).Select(m => m.Groups[1].Value.TrimEnd('.', '-', '_')).Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// Mentioned readers get "ti hanno menzionato", the other followers "nuovo messaggio"; the author gets nothing, and
    /// nobody who can no longer read the workspace gets anything. Returns the mentions that reached nobody.
    /// </summary>
    private async Task<IReadOnlyList<string>> NotifyMentionsAndFollowersAsync(PortalDbContext db, PortalPrincipal author, DiscussionThread thread,
        Workspace workspace, DiscussionPost post, CancellationToken ct)
    {
        var names = ParseMentions(post.Body);
        var normalized = names.Select(n => n.ToUpperInvariant()).ToList();
        var mentionedIds = normalized.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName != null && normalized.Contains(u.NormalizedUserName)).Select(u => u.Id).ToListAsync(ct);
        var mentioned = (await ReadersAsync(db, workspace, mentionedIds, ct)).Where(r => r.UserId != author.UserId).ToList();
        var unknown = names.Where(n => !mentioned.Any(m => string.Equals(m.UserName, n, StringComparison.OrdinalIgnoreCase))
            && !string.Equals(n, author.UserName, StringComparison.OrdinalIgnoreCase)).ToList();

        var followerIds = await db.DiscussionFollowers.AsNoTracking().Where(f => f.ThreadId == thread.Id && f.UserId != author.UserId)
            .Select(f => f.UserId).ToListAsync(ct);
        var followers = (await ReadersAsync(db, workspace, followerIds.Except(mentioned.Select(m => m.UserId)).ToList(), ct)).ToList();

        var link = $"/discussioni/{thread.Id}#messaggio-{post.Id}";
        var excerpt = Excerpt(post.Body, 200);
        var who = DisplayName(author);
        if (mentioned.Count > 0)
            notifications.Queue(db, mentioned.Select(r => r.Recipient),
                new NotificationMessage($"{who} l'ha menzionata in «{thread.Title}»", excerpt, link),
                r => new EmailMessage(r.Email!, $"{who} l'ha menzionata nella discussione «{thread.Title}»",
                    EmailBody(r.FullName, $"{who} l'ha menzionata in un messaggio della discussione «{thread.Title}» ({workspace.Name}):",
                        Excerpt(post.Body, 1000), link, following: false)));
        if (followers.Count > 0)
            notifications.Queue(db, followers.Select(r => r.Recipient),
                new NotificationMessage($"Nuovo messaggio in «{thread.Title}»", $"{who}: {excerpt}", link),
                r => new EmailMessage(r.Email!, $"Nuovo messaggio nella discussione «{thread.Title}»",
                    EmailBody(r.FullName, $"{who} ha scritto un nuovo messaggio nella discussione «{thread.Title}» ({workspace.Name}):",
                        Excerpt(post.Body, 1000), link, following: true)));
        return unknown;
    }

    private string EmailBody(string fullName, string intro, string text, string link, bool following)
    {
        var greeting = string.IsNullOrWhiteSpace(fullName) ? "Buongiorno," : $"Buongiorno {fullName},";
        var why = following
            ? "Riceve questa e-mail perché segue la discussione. Per non riceverne altre, apra la discussione e scelga «Non seguire più»."
            : "Riceve questa e-mail perché è stata menzionata con il suo nome utente.";
        return $"{greeting}\n\n{intro}\n\n{text}\n\nPer leggere la discussione e rispondere: {notifications.AbsoluteLink(link)}\n\n{why}\n\n-- \nProvincePortal\n";
    }

    private sealed record Reader(string UserId, string UserName, string FullName, NotificationRecipient Recipient);

    /// <summary>Among <paramref name="userIds"/>, the active users who can read <paramref name="workspace"/> by the library's own rule.</summary>
    private static async Task<IReadOnlyList<Reader>> ReadersAsync(PortalDbContext db, Workspace workspace, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.UserName, u.Email, u.FullName, u.ProvinceId, u.ComuneId }).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(ct)).ToLookup(x => x.UserId, x => x.Name!);
        var result = new List<Reader>();
        foreach (var u in users)
        {
            var principal = new PortalPrincipal(u.Id, u.UserName, u.FullName, u.ProvinceId, u.ComuneId, roles[u.Id].ToHashSet());
            if (!DocumentAccess.CanRead(principal).Compile()(workspace)) continue;
            result.Add(new Reader(u.Id, u.UserName ?? "", u.FullName, new NotificationRecipient(u.Id, u.Email, u.FullName)));
        }
        return result;
    }

    // ---------- Helpers ----------

    /// <summary>Threads not deleted, in the workspaces the user reads: another Province's thread simply is not there.</summary>
    private static IQueryable<DiscussionThread> Visible(PortalDbContext db, PortalPrincipal user)
    {
        var workspaces = db.Workspaces.Where(DocumentAccess.CanRead(user)).Select(w => w.Id);
        return db.DiscussionThreads.Where(t => t.DeletedAtUtc == null && workspaces.Contains(t.WorkspaceId));
    }

    private static IQueryable<Document> ReadableDocuments(PortalDbContext db, PortalPrincipal user)
    {
        var workspaces = db.Workspaces.Where(DocumentAccess.CanRead(user)).Select(w => w.Id);
        return db.Documents.Where(d => d.DeletedAtUtc == null && workspaces.Contains(d.WorkspaceId));
    }

    private static async Task<(IReadOnlyList<ThreadRow>, int)> PageAsync(PortalDbContext db, IQueryable<DiscussionThread> q, string? search, int page, int pageSize, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            q = q.Where(t => t.Title.ToLower().Contains(term)
                || db.DiscussionPosts.Any(p => p.ThreadId == t.Id && p.DeletedAtUtc == null && p.Body.ToLower().Contains(term)));
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var items = await q.OrderByDescending(t => t.LastActivityAtUtc).ThenByDescending(t => t.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(t => new ThreadRow(t.Id, t.WorkspaceId, t.Workspace!.Name, t.Title, t.AuthorName, t.CreatedAtUtc, t.LastActivityAtUtc, t.PostCount))
            .ToListAsync(ct);
        return (items, total);
    }

    private static async Task<Workspace> ReadableWorkspaceAsync(PortalDbContext db, PortalPrincipal user, int workspaceId, CancellationToken ct) =>
        await db.Workspaces.AsNoTracking().Include(w => w.Members).Where(DocumentAccess.CanRead(user)).FirstOrDefaultAsync(w => w.Id == workspaceId, ct)
        ?? throw new DiscussionNotFoundException();

    private static async Task<DiscussionThread> ReadableThreadAsync(PortalDbContext db, PortalPrincipal user, int threadId, CancellationToken ct, bool tracked = false)
    {
        var q = Visible(db, user);
        if (!tracked) q = q.AsNoTracking();
        return await q.FirstOrDefaultAsync(t => t.Id == threadId, ct) ?? throw new DiscussionNotFoundException();
    }

    private static async Task<DiscussionPost> ReadablePostAsync(PortalDbContext db, PortalPrincipal user, int postId, CancellationToken ct)
    {
        var threads = Visible(db, user).Select(t => t.Id);
        return await db.DiscussionPosts.Include(p => p.Thread).FirstOrDefaultAsync(p => p.Id == postId && threads.Contains(p.ThreadId), ct)
            ?? throw new DiscussionNotFoundException();
    }

    private static async Task<List<int>> CheckAttachmentsAsync(PortalDbContext db, PortalPrincipal user, IReadOnlyCollection<int>? documentIds, CancellationToken ct)
    {
        var ids = (documentIds ?? []).Distinct().ToList();
        if (ids.Count == 0) return [];
        if (ids.Count > MaxAttachments) throw new DiscussionValidationException($"Si possono collegare al massimo {MaxAttachments} documenti a un messaggio.");
        var readable = await ReadableDocuments(db, user).Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
        var missing = ids.Except(readable).ToList();
        if (missing.Count > 0)
            throw new DiscussionValidationException($"Documento da collegare non trovato o non accessibile: n. {string.Join(", ", missing)}.");
        return ids;
    }

    private static string CheckBody(string? body)
    {
        var clean = (body ?? "").Replace("\r\n", "\n").Trim();
        if (clean.Length == 0) throw new DiscussionValidationException("Il testo del messaggio è obbligatorio.");
        if (clean.Length > MaxBodyLength)
            throw new DiscussionValidationException($"Il testo del messaggio supera i {MaxBodyLength} caratteri (ne ha {clean.Length}).");
        return clean;
    }

    private static DiscussionPost NewPost(PortalPrincipal user, string body, int? parentPostId, List<int> attachments, DateTime now) => new()
    {
        ParentPostId = parentPostId, AuthorId = user.UserId!, AuthorName = DisplayName(user), Body = body, CreatedAtUtc = now,
        Attachments = attachments.Select(id => new DiscussionAttachment { DocumentId = id }).ToList(),
    };

    /// <summary>Platform administrators everywhere; provincial administrators in their own Province's workspaces.</summary>
    public static bool CanModerate(PortalPrincipal user, Workspace workspace) =>
        user.IsPlatformAdmin || (user.IsInRole(Roles.ProvinceAdmin) && workspace.ProvinceId is int p && p == user.ProvinceId);

    private static string DisplayName(PortalPrincipal user) => string.IsNullOrWhiteSpace(user.FullName) ? user.UserName ?? "" : user.FullName;

    private static string Excerpt(string body, int max)
    {
        var flat = string.Join(' ', body.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length > max ? flat[..(max - 1)] + "…" : flat;
    }
}
