using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using ProvincePortal.Features.Documents;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests;

public partial class RichiestaPage
{
    [Parameter] public int Id { get; set; }

    [Inject] private RequestService Requests { get; set; } = default!;
    [Inject] private CatalogueService Catalogue { get; set; } = default!;
    [Inject] private RequestReminderService Reminders { get; set; } = default!;
    [Inject] private DocumentService DocumentLibrary { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private RequestDetails? r;
    private ReminderPlan? reminders;
    private IReadOnlyList<NamedOption> operators = [];
    private IReadOnlyList<NamedOption> groups = [];
    private int? workspaceId;
    private RequestAction? pending;
    private ActionInput action = new();
    private string? groupId;
    private DateTime? plannedStart;
    private DateTime? plannedEnd;
    private string? reply;
    private bool internalNote;
    private string? message;
    private bool busy;

    protected override async Task OnParametersSetAsync()
    {
        await ReloadAsync();
        if (r is null) return;
        if (r.IsOperator)
        {
            operators = await Catalogue.ListOperatorsAsync();
            groups = await Catalogue.ListGroupsAsync();
        }
        workspaceId = null;
        if (r.ComuneId is int comuneId)
        {
            try { workspaceId = (await DocumentLibrary.OpenComuneWorkspaceAsync(comuneId)).Id; }
            catch (DocumentNotFoundException) { workspaceId = null; }
        }
    }

    private async Task ReloadAsync()
    {
        r = await Requests.GetAsync(Id);
        if (r is null) Nav.NotFound();
        reminders = r?.Status == RequestStatus.InAttesa ? await Reminders.GetPlanAsync(Id) : null;
    }

    /// <summary>Actions that need nothing more run at once; the others open their small form.</summary>
    private async Task ChooseAsync(RequestAction a)
    {
        message = null;
        action = new ActionInput { AssignedUserId = r?.AssignedUserId };
        groupId = r?.AssignedGroupId?.ToString();
        plannedStart = null;
        plannedEnd = null;
        if (a is RequestAction.PrendiInCarico or RequestAction.ApprovaSoluzione)
        {
            pending = null;
            await RunAsync(a);
        }
        else pending = a;
    }

    private async Task ConfirmAsync()
    {
        if (pending is not { } a) return;
        action.AssignedGroupId = int.TryParse(groupId, out var g) ? g : null;
        action.PlannedStartUtc = plannedStart is { } s ? Formats.StartOfDayUtc(DateOnly.FromDateTime(s)) : null;
        action.PlannedEndUtc = plannedEnd is { } e ? Formats.StartOfDayUtc(DateOnly.FromDateTime(e)) : null;
        await RunAsync(a);
    }

    private async Task RunAsync(RequestAction a)
    {
        busy = true;
        try
        {
            await Requests.ActAsync(Id, a, action, r!.RowVersion);
            pending = null;
            Snackbar.Add(L["Fatto: {0}.", L[RequestStateMachine.Label(a)]], Severity.Success);
            await ReloadAsync();
        }
        catch (Exception ex) when (ex is RequestTransitionException or RequestValidationException or RequestConcurrencyException or RequestForbiddenException)
        {
            message = ex.Message;
        }
        catch (RequestNotFoundException) { Nav.NotFound(); }
        finally { busy = false; }
    }

    private async Task SendAsync()
    {
        busy = true;
        message = null;
        try
        {
            await Requests.AddMessageAsync(Id, reply, internalNote);
            reply = null;
            internalNote = false;
            await ReloadAsync();
        }
        catch (Exception ex) when (ex is RequestTransitionException or RequestValidationException or RequestForbiddenException)
        {
            message = ex.Message;
        }
        finally { busy = false; }
    }

    private string Margin(int minutes) => minutes >= 0
        ? L["In tempo, con {0} lavorativi di margine", RequestJobs.FormatMinutes(minutes)]
        : L["In ritardo di {0} lavorativi", RequestJobs.FormatMinutes(minutes)];
}
