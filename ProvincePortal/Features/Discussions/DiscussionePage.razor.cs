using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Discussions;

public partial class DiscussionePage
{
    private const int PageSize = 20;

    [Inject] private DiscussionService Discussions { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter] public int ThreadId { get; set; }

    private ThreadDetails? thread;
    private IReadOnlyList<PostView> posts = [];
    private int totalPosts, page;
    private int? replyTo;
    private string? replyText;
    // New keys give fresh, empty editors after a post is sent.
    private object replyKey = new(), newKey = new();

    protected override async Task OnParametersSetAsync()
    {
        page = 0;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        thread = await Discussions.GetThreadAsync(ThreadId);
        if (thread is null)
        {
            Nav.NotFound();
            return;
        }
        (posts, totalPosts) = await Discussions.ListPostsAsync(ThreadId, page, PageSize);
    }

    private async Task ChangePageAsync(int selected)
    {
        page = selected - 1;
        await LoadAsync();
    }

    private void StartReply(PostView post)
    {
        replyTo = post.ParentPostId ?? post.Id;
        replyText = post.Mine || post.AuthorUserName is null ? null : $"@{post.AuthorUserName} ";
        replyKey = new();
    }

    private async Task<bool> SendAsync(int? parentPostId, string text, IReadOnlyList<int> documents)
    {
        try
        {
            var result = await Discussions.PostAsync(ThreadId, parentPostId, text, documents);
            if (result.UnknownMentions.Count > 0)
                Snackbar.Add(L["Messaggio pubblicato, ma nessun utente che può leggere questo spazio corrisponde a: {0}. Queste persone non sono state avvisate.",
                    string.Join(", ", result.UnknownMentions.Select(m => "@" + m))], Severity.Warning);
            else
                Snackbar.Add(L["Messaggio pubblicato."], Severity.Success);
            replyTo = null;
            if (parentPostId is null)
            {
                newKey = new();
                // The new post is the last one: show the last page.
                (_, totalPosts) = await Discussions.ListPostsAsync(ThreadId, 0, 1);
                page = Math.Max(0, (totalPosts - 1) / PageSize);
            }
            await LoadAsync();
            // The editors call back through a Func, not an EventCallback: this page does not re-render by itself.
            StateHasChanged();
            return true;
        }
        catch (DiscussionValidationException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
            return false;
        }
        catch (DiscussionNotFoundException)
        {
            Nav.NotFound();
            return false;
        }
    }

    private async Task<bool> EditAsync(PostView post, string text)
    {
        try
        {
            await Discussions.EditPostAsync(post.Id, text);
            Snackbar.Add(L["Messaggio modificato."], Severity.Success);
            await LoadAsync();
            StateHasChanged();
            return true;
        }
        catch (DiscussionValidationException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
            return false;
        }
    }

    private async Task DeletePostAsync(PostView post)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Eliminare il messaggio?"], L["Il testo non sarà più visibile; resta nel registro delle attività."],
            yesText: L["Elimina"], cancelText: L["Annulla"]);
        if (confirmed != true) return;
        try
        {
            await Discussions.DeletePostAsync(post.Id);
            await LoadAsync();
        }
        catch (DiscussionValidationException ex) { Snackbar.Add(ex.Message, Severity.Error); }
    }

    private async Task DeleteThreadAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Eliminare la discussione?"], L["La discussione non sarà più visibile; resta nel registro delle attività."],
            yesText: L["Elimina"], cancelText: L["Annulla"]);
        if (confirmed != true || thread is null) return;
        try
        {
            var workspaceId = thread.WorkspaceId;
            await Discussions.DeleteThreadAsync(ThreadId);
            Nav.NavigateTo($"/documenti/spazi/{workspaceId}/discussioni");
        }
        catch (DiscussionValidationException ex) { Snackbar.Add(ex.Message, Severity.Error); }
    }

    private async Task ToggleFollowAsync()
    {
        if (thread is null) return;
        await Discussions.FollowAsync(ThreadId, !thread.Following);
        Snackbar.Add(thread.Following ? L["Non riceverà più notifiche per questa discussione."] : L["Riceverà una notifica per ogni nuovo messaggio."], Severity.Info);
        await LoadAsync();
    }
}
