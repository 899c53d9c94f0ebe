using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Discussions;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Tests.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Discussions;

/// <summary>Discussions through the real app: real database, real outbox worker, a real SMTP server on loopback.</summary>
public sealed class DiscussionServiceTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    private const string Sua = "sua@demo.it";
    private const string Dirigente = "dirigente@demo.it";
    private const string Europa = "europa@demo.it";
    private const string Cdc = "cdc@demo.it";
    private const string ProvinceAdmin = "provincia@demo.it";
    private const string Comune = "comune@demo.it";
    private const string SuaBrescia = "sua.bs@demo.it";

    private Task<T> As<T>(string email, Func<DiscussionService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<DiscussionService>()));

    private Task<int> WorkspaceAsync(string email, WorkspaceKind kind) =>
        factory.AsUserAsync(email, async sp => (await sp.GetRequiredService<DocumentService>().ListWorkspacesAsync()).First(w => w.Kind == kind).Id);

    private Task<IReadOnlyList<NotificationRow>> NotificationsOfAsync(string email) =>
        factory.AsUserAsync(email, async sp => (await sp.GetRequiredService<NotificationService>().ListMineAsync(0, 200)).Items);

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Reply_NotifiesTheFollowersInTheAppAndByEmail_NeverTheAuthor()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var title = Unique("Offerta anomala");
        var thread = await As(Sua, s => s.CreateThreadAsync(ws, title, "Come verificate la congruità delle offerte?"));

        var reply = await As(Dirigente, s => s.PostAsync(thread, null, "Chiediamo sempre le giustificazioni scritte."));

        var link = $"/discussioni/{thread}#messaggio-{reply.PostId}";
        var forSua = Assert.Single(await NotificationsOfAsync(Sua), n => n.LinkUrl == link);
        Assert.Equal($"Nuovo messaggio in «{title}»", forSua.Title);
        Assert.Equal("Daniela Dirigente: Chiediamo sempre le giustificazioni scritte.", forSua.Body);
        Assert.Null(forSua.ReadAtUtc);
        Assert.DoesNotContain(await NotificationsOfAsync(Dirigente), n => n.LinkUrl != null && n.LinkUrl.StartsWith($"/discussioni/{thread}#"));

        var email = await factory.Smtp.WaitForAsync(Sua, m => m.Subject == $"Nuovo messaggio nella discussione «{title}»");
        Assert.Contains("Buongiorno Silvia Stazione Appaltante,", email.TextBody);
        Assert.Contains($"Daniela Dirigente ha scritto un nuovo messaggio nella discussione «{title}»", email.TextBody);
        Assert.Contains("Chiediamo sempre le giustificazioni scritte.", email.TextBody);
        Assert.Contains($"Per leggere la discussione e rispondere: {EmailPortalFactory.LinkBase}{link}", email.TextBody);
        Assert.Contains("Non seguire più", email.TextBody);

        // The author's own post queues nothing for the author.
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.OutboxEmails.AnyAsync(m => m.To == Dirigente && m.Subject.Contains(title)));
        // Both now follow the thread: the author from the start, the replier by replying.
        var followers = await db.DiscussionFollowers.Where(f => f.ThreadId == thread).Join(db.Users, f => f.UserId, u => u.Id, (_, u) => u.Email).ToListAsync();
        Assert.Equal([Dirigente, Sua], followers.Order());
    }

    [Fact]
    public async Task Mention_NotifiesTheMentionedReader_AndReportsThoseWhoCannotReadTheWorkspace()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var title = Unique("Parere sul capitolato");
        var thread = await As(Sua, s => s.CreateThreadAsync(ws, title, "Serve un parere di @cdc@demo.it sul capitolato (scrivere a info@esempio.it)."));

        var mention = Assert.Single(await NotificationsOfAsync(Cdc), n => n.LinkUrl != null && n.LinkUrl.StartsWith($"/discussioni/{thread}#"));
        Assert.Equal($"Silvia Stazione Appaltante l'ha menzionata in «{title}»", mention.Title);
        await factory.Smtp.WaitForAsync(Cdc, m => m.Subject == $"Silvia Stazione Appaltante l'ha menzionata nella discussione «{title}»");

        // Brescia's officer exists but cannot read Treviso's SUA workspace: not notified, reported like an unknown name.
        var result = await As(Sua, s => s.PostAsync(thread, null, "Anche @sua.bs@demo.it e @nessuno@demo.it?"));
        Assert.Equal(["sua.bs@demo.it", "nessuno@demo.it"], result.UnknownMentions);
        Assert.DoesNotContain(await NotificationsOfAsync(SuaBrescia), n => n.Title.Contains(title));
    }

    [Fact]
    public async Task Unfollow_StopsTheNotifications_FollowAgainResumesThem()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var thread = await As(Sua, s => s.CreateThreadAsync(ws, Unique("Seguire e smettere"), "Primo messaggio"));
        await As(Europa, s => s.PostAsync(thread, null, "Risposta di Europa"));
        Assert.True((await As(Europa, s => s.GetThreadAsync(thread)))!.Following);

        await As(Europa, async s => { await s.FollowAsync(thread, false); return 0; });
        Assert.False((await As(Europa, s => s.GetThreadAsync(thread)))!.Following);
        var quiet = await As(Sua, s => s.PostAsync(thread, null, "Messaggio che Europa non riceve"));
        Assert.DoesNotContain(await NotificationsOfAsync(Europa), n => n.LinkUrl == $"/discussioni/{thread}#messaggio-{quiet.PostId}");

        await As(Europa, async s => { await s.FollowAsync(thread, true); return 0; });
        var loud = await As(Sua, s => s.PostAsync(thread, null, "Messaggio che Europa riceve"));
        Assert.Contains(await NotificationsOfAsync(Europa), n => n.LinkUrl == $"/discussioni/{thread}#messaggio-{loud.PostId}");
    }

    [Fact]
    public async Task Replies_AreOneLevel_UnderTheirTopLevelPost()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var thread = await As(Sua, s => s.CreateThreadAsync(ws, Unique("Risposte"), "Domanda"));
        var first = (await As(Sua, s => s.ListPostsAsync(thread, 0, 20))).Items.Single();
        var reply = await As(Dirigente, s => s.PostAsync(thread, first.Id, "Risposta"));
        await As(Cdc, s => s.PostAsync(thread, reply.PostId, "Risposta alla risposta"));

        var (posts, total) = await As(Sua, s => s.ListPostsAsync(thread, 0, 20));
        Assert.Equal(1, total);
        Assert.Equal(["Risposta", "Risposta alla risposta"], posts.Single().Replies.Select(r => r.Body));
        Assert.All(posts.Single().Replies, r => Assert.Equal(first.Id, r.ParentPostId));
        Assert.Equal(3, (await As(Sua, s => s.GetThreadAsync(thread)))!.PostCount);
    }

    [Fact]
    public async Task Isolation_ComuneAndOtherProvinceSeeNothingOfTheServiceWorkspace_NationalThreadsAreSeenByAll()
    {
        var sua = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var token = Guid.NewGuid().ToString("N")[..10];
        var reserved = await As(Sua, s => s.CreateThreadAsync(sua, $"Riservato {token}", $"Contenuto riservato {token}"));

        foreach (var outsider in new[] { SuaBrescia, Comune })
        {
            Assert.Null(await As(outsider, s => s.GetThreadAsync(reserved)));
            await Assert.ThrowsAsync<DiscussionNotFoundException>(() => As(outsider, s => s.ListPostsAsync(reserved, 0, 20)));
            await Assert.ThrowsAsync<DiscussionNotFoundException>(() => As(outsider, s => s.PostAsync(reserved, null, "intrusione")));
            await Assert.ThrowsAsync<DiscussionNotFoundException>(() => As(outsider, s => s.ListThreadsAsync(sua, null, 0, 20)));
            await Assert.ThrowsAsync<DiscussionNotFoundException>(() => As(outsider, async s => { await s.FollowAsync(reserved, true); return 0; }));
            Assert.Equal(0, (await As(outsider, s => s.SearchAsync(token, 0, 20))).Total);
        }
        var brescia = await factory.LoginAsync(SuaBrescia);
        Assert.Equal(HttpStatusCode.NotFound, (await brescia.GetAsync($"/discussioni/{reserved}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await brescia.GetAsync($"/documenti/spazi/{sua}/discussioni")).StatusCode);
        var treviso = await factory.LoginAsync(Sua);
        Assert.Equal(HttpStatusCode.OK, (await treviso.GetAsync($"/discussioni/{reserved}")).StatusCode);

        // The national workspace: Brescia asks, Treviso and a Comune read and answer.
        var national = await WorkspaceAsync(SuaBrescia, WorkspaceKind.Nazionale);
        var shared = await As(SuaBrescia, s => s.CreateThreadAsync(national, $"Modello di disciplinare {token}", "Qualcuno ha un modello aggiornato?"));
        Assert.NotNull(await As(Sua, s => s.GetThreadAsync(shared)));
        await As(Comune, s => s.PostAsync(shared, null, "Noi usiamo quello dei Modelli condivisi."));
        Assert.Equal([shared], (await As(SuaBrescia, s => s.SearchAsync(token, 0, 20))).Items.Select(t => t.Id));
        Assert.Equal(new[] { shared, reserved }.Order(), (await As(Sua, s => s.SearchAsync(token, 0, 20))).Items.Select(t => t.Id).Order());
        Assert.Contains(await NotificationsOfAsync(SuaBrescia), n => n.LinkUrl != null && n.LinkUrl.StartsWith($"/discussioni/{shared}#"));
    }

    [Fact]
    public async Task Search_LooksInTitlesAndBodies_OfTheWorkspace()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var token = Guid.NewGuid().ToString("N")[..10];
        var byTitle = await As(Sua, s => s.CreateThreadAsync(ws, $"Titolo {token}", "testo qualsiasi"));
        var byBody = await As(Sua, s => s.CreateThreadAsync(ws, "Altro titolo", $"nel testo c'è {token.ToUpperInvariant()}"));
        await As(Sua, s => s.CreateThreadAsync(ws, "Non pertinente", "niente"));

        var found = await As(Sua, s => s.ListThreadsAsync(ws, token, 0, 20));
        Assert.Equal(new[] { byTitle, byBody }.Order(), found.Items.Select(t => t.Id).Order());
        Assert.Equal(2, found.Total);
    }

    [Fact]
    public async Task Edit_OnlyByTheAuthor_Delete_OnlyByAdministrators_SoftAndAudited()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var thread = await As(Sua, s => s.CreateThreadAsync(ws, Unique("Moderazione"), "Testo originale"));
        var post = (await As(Sua, s => s.ListPostsAsync(thread, 0, 20))).Items.Single();

        var notAuthor = await Assert.ThrowsAsync<DiscussionValidationException>(() => As(Dirigente, async s => { await s.EditPostAsync(post.Id, "manomesso"); return 0; }));
        Assert.Equal("Solo l'autore può modificare il proprio messaggio.", notAuthor.Message);
        await As(Sua, async s => { await s.EditPostAsync(post.Id, "Testo corretto"); return 0; });
        var edited = (await As(Sua, s => s.ListPostsAsync(thread, 0, 20))).Items.Single();
        Assert.Equal("Testo corretto", edited.Body);
        Assert.NotNull(edited.EditedAtUtc);

        await Assert.ThrowsAsync<DiscussionValidationException>(() => As(Sua, async s => { await s.DeletePostAsync(post.Id); return 0; }));
        await As(ProvinceAdmin, async s => { await s.DeletePostAsync(post.Id); return 0; });
        var deleted = (await As(Sua, s => s.ListPostsAsync(thread, 0, 20))).Items.Single();
        Assert.True(deleted.Deleted);
        Assert.Equal("", deleted.Body);

        await using var db = await factory.CreateSystemDbAsync();
        var row = await db.DiscussionPosts.AsNoTracking().SingleAsync(p => p.Id == post.Id);
        Assert.Equal(("Testo corretto", ProvinceAdmin), (row.Body, row.DeletedBy));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "DiscussionPost" && a.EntityKey == post.Id.ToString() && a.UserName == ProvinceAdmin));

        await As(ProvinceAdmin, async s => { await s.DeleteThreadAsync(thread); return 0; });
        Assert.Null(await As(Sua, s => s.GetThreadAsync(thread)));
    }

    [Fact]
    public async Task Attachments_OnlyReadableDocuments_TitleHiddenFromReadersWhoCannotOpenIt()
    {
        var sua = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var document = await factory.AsUserAsync(Sua, sp => sp.GetRequiredService<DocumentService>()
            .CreateAsync(new NewDocument { WorkspaceId = sua, Title = "Disciplinare Treviso" }, new MemoryStream("disciplinare"u8.ToArray()), "disciplinare.txt"));
        Assert.Contains(await As(Sua, s => s.SearchDocumentsAsync("disciplinare treviso")), d => d.Id == document);
        Assert.DoesNotContain(await As(SuaBrescia, s => s.SearchDocumentsAsync("disciplinare treviso")), d => d.Id == document);

        var national = await WorkspaceAsync(Sua, WorkspaceKind.Nazionale);
        var thread = await As(Sua, s => s.CreateThreadAsync(national, Unique("Il nostro disciplinare"), "In allegato il nostro.", [document]));

        Assert.Equal(new AttachmentView(document, "Disciplinare Treviso"), (await As(Sua, s => s.ListPostsAsync(thread, 0, 20))).Items.Single().Attachments.Single());
        Assert.Equal(new AttachmentView(document, null), (await As(SuaBrescia, s => s.ListPostsAsync(thread, 0, 20))).Items.Single().Attachments.Single());
        var refused = await Assert.ThrowsAsync<DiscussionValidationException>(() => As(SuaBrescia, s => s.PostAsync(thread, null, "Rilancio", [document])));
        Assert.Contains($"n. {document}", refused.Message);
    }

    [Fact]
    public async Task InvalidInput_IsRefusedWithAClearMessage_AndNothingIsSaved()
    {
        var ws = await WorkspaceAsync(Sua, WorkspaceKind.ServizioSua);
        var title = Unique("Vuoto");
        var empty = await Assert.ThrowsAsync<DiscussionValidationException>(() => As(Sua, s => s.CreateThreadAsync(ws, title, "   ")));
        Assert.Equal("Il testo del messaggio è obbligatorio.", empty.Message);
        var noTitle = await Assert.ThrowsAsync<DiscussionValidationException>(() => As(Sua, s => s.CreateThreadAsync(ws, " ", "testo")));
        Assert.Equal("Il titolo della discussione è obbligatorio.", noTitle.Message);
        var tooLong = await Assert.ThrowsAsync<DiscussionValidationException>(() => As(Sua, s => s.CreateThreadAsync(ws, title, new string('x', DiscussionService.MaxBodyLength + 1))));
        Assert.Contains("10000 caratteri", tooLong.Message);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.DiscussionThreads.AnyAsync(t => t.Title == title));
    }
}
