using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Administration;

/// <summary>Creates or edits one user; every rule is checked again by <see cref="UserAdministrationService"/>.</summary>
public partial class UtentePage
{
    private sealed record Choice(int Id, string Name);

    [Parameter] public string? Id { get; set; }
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [Inject] private UserAdministrationService Users { get; set; } = default!;
    [Inject] private TerritoryQueries Territory { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private PortalPrincipal actor = PortalPrincipal.Anonymous;
    private IReadOnlyList<string> assignableRoles = [];
    private UserDetails? details;
    private UserInput? input;
    private EditContext? editContext;
    private Choice? province;
    private Choice? comune;
    private List<UserFieldError> errors = [];
    private List<BreadcrumbItem> breadcrumbs = [];
    private bool notFound;
    private bool busy;
    private string? loadedFor;

    private bool passwordDialogOpen;
    private string? shownPassword;
    private string? passwordFor;
    private string? afterPasswordUrl;
    private readonly DialogOptions passwordDialogOptions = new() { BackdropClick = false, CloseOnEscapeKey = false, MaxWidth = MaxWidth.Small };

    private bool IsNew => Id is null;
    private bool IsSelf => details is not null && details.Id == actor.UserId;
    private string Title => IsNew ? L["Nuovo utente"] : details?.FullName ?? L["Utente"];

    protected override async Task OnParametersSetAsync()
    {
        // The same instance serves /nuovo and /{id}: reload only when the route really changed.
        var key = Id ?? "";
        if (loadedFor == key) return;
        loadedFor = key;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        actor = await CurrentUser.GetAsync();
        assignableRoles = await Users.AssignableRolesAsync();
        errors = [];
        notFound = false;
        if (IsNew)
        {
            details = null;
            input = new UserInput { ProvinceId = actor.IsPlatformAdmin ? null : actor.ProvinceId };
            province = actor.ProvinceId is int own && !actor.IsPlatformAdmin ? await ProvinceChoiceAsync(own) : null;
            comune = null;
        }
        else
        {
            details = await Users.GetAsync(Id!);
            if (details is null)
            {
                ShowNotFound();
                return;
            }
            input = UserInput.From(details);
            province = details.ProvinceId is int p ? new Choice(p, details.ProvinceName ?? "") : null;
            comune = details.ComuneId is int c ? new Choice(c, details.ComuneName ?? "") : null;
        }
        editContext = new EditContext(input);
        breadcrumbs =
        [
            new(L["Amministrazione"], "/amministrazione"),
            new(L["Utenti e ruoli"], "/amministrazione/utenti"),
            new(Title, null, disabled: true),
        ];
    }

    /// <summary>Unknown id or a user outside the caller's reach: the same 404 either way.</summary>
    private void ShowNotFound()
    {
        notFound = true;
        input = null;
        details = null;
        if (HttpContext is { Response.HasStarted: false })
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        Navigation.NotFound();
    }

    private async Task<Choice?> ProvinceChoiceAsync(int id) =>
        await Territory.GetProvinceAsync(id) is { } p ? new Choice(p.Id, $"{p.Name} ({p.Sigla})") : null;

    private bool HasError(string field) => errors.Any(e => e.Field == field);

    private string? ErrorOf(string field) =>
        errors.FirstOrDefault(e => e.Field == field) is { } e ? L[e.Message].Value : null;

    private void OnRolesChanged(IEnumerable<string?>? values)
    {
        input!.Roles = (values ?? []).OfType<string>().ToList();
        if (!input.Roles.Contains(Roles.ComuneUser)) comune = null;
    }

    private void OnProvinceChanged(Choice? value)
    {
        province = value;
        comune = null;
    }

    private async Task<IEnumerable<Choice>> SearchProvincesAsync(string? text, CancellationToken ct)
    {
        var provinces = await Territory.ListProvincesAsync(ct);
        var t = text?.Trim() ?? "";
        return provinces
            .Where(p => t.Length == 0 || p.Name.Contains(t, StringComparison.CurrentCultureIgnoreCase) || p.Sigla.Equals(t, StringComparison.OrdinalIgnoreCase))
            .Select(p => new Choice(p.Id, $"{p.Name} ({p.Sigla})"));
    }

    private async Task<IEnumerable<Choice>> SearchComuniAsync(string? text, CancellationToken ct)
    {
        if (province is null) return [];
        var comuni = await Territory.ListComuniAsync(province.Id, ct);
        var t = text?.Trim() ?? "";
        return comuni
            .Where(c => t.Length == 0 || c.Name.Contains(t, StringComparison.CurrentCultureIgnoreCase))
            .Select(c => new Choice(c.Id, c.Name));
    }

    private async Task SaveAsync()
    {
        if (busy || input is null) return;
        busy = true;
        try
        {
            input.ProvinceId = actor.IsPlatformAdmin ? province?.Id : actor.ProvinceId;
            input.ComuneId = input.Roles.Contains(Roles.ComuneUser) ? comune?.Id : null;
            var result = IsNew ? await Users.CreateAsync(input) : await Users.UpdateAsync(Id!, input);
            if (result.NotFound)
            {
                ShowNotFound();
                return;
            }
            if (!result.Succeeded)
            {
                errors = result.Errors.ToList();
                return;
            }
            errors = [];
            if (IsNew)
            {
                var url = $"/amministrazione/utenti/{Uri.EscapeDataString(result.UserId!)}";
                Snackbar.Add(L["Utente creato."], Severity.Success);
                if (result.GeneratedPassword is { } generated) ShowPassword(input.Email, generated, url);
                else Navigation.NavigateTo(url);
            }
            else
            {
                Snackbar.Add(L["Modifiche salvate."], Severity.Success);
                await LoadAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task LockAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Bloccare l'utente?"],
            L["L'utente non potrà accedere finché un amministratore non lo sblocca; le sessioni aperte vengono chiuse."],
            yesText: L["Blocca"], cancelText: L["Annulla"]);
        if (confirmed == true) await RunAsync(() => Users.LockAsync(Id!), L["Utente bloccato."]);
    }

    private Task UnlockAsync() => RunAsync(() => Users.UnlockAsync(Id!), L["Utente sbloccato."]);

    private async Task ResetPasswordAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Reimpostare la password?"],
            L["Viene generata una nuova password; quella attuale smette di funzionare."],
            yesText: L["Reimposta"], cancelText: L["Annulla"]);
        if (confirmed != true) return;
        var result = await RunAsync(() => Users.ResetPasswordAsync(Id!), null);
        if (result?.GeneratedPassword is { } password) ShowPassword(details?.Email ?? "", password, null);
    }

    private async Task<UserAdminResult?> RunAsync(Func<Task<UserAdminResult>> action, string? success)
    {
        if (busy) return null;
        busy = true;
        try
        {
            var result = await action();
            if (result.NotFound)
            {
                ShowNotFound();
                return result;
            }
            if (!result.Succeeded)
            {
                Snackbar.Add(string.Join(" ", result.Errors.Select(e => L[e.Message].Value)), Severity.Error);
                return result;
            }
            if (success is not null) Snackbar.Add(success, Severity.Success);
            details = await Users.GetAsync(Id!);
            if (details is null) ShowNotFound();
            return result;
        }
        finally
        {
            busy = false;
        }
    }

    private void ShowPassword(string email, string password, string? thenGoTo)
    {
        passwordFor = email;
        shownPassword = password;
        afterPasswordUrl = thenGoTo;
        passwordDialogOpen = true;
    }

    private void OnPasswordDialogVisibleChanged(bool visible)
    {
        if (!visible) ClosePasswordDialog();
    }

    private void ClosePasswordDialog()
    {
        passwordDialogOpen = false;
        // Not kept in the circuit longer than needed.
        shownPassword = null;
        if (afterPasswordUrl is { } url)
        {
            afterPasswordUrl = null;
            Navigation.NavigateTo(url);
        }
    }
}
