using Microsoft.AspNetCore.Components;
using MudBlazor;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Documents;

public partial class DocumentiPage
{
    [Inject] private DocumentService Documents { get; set; } = default!;
    [Inject] private TerritoryQueries Territory { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>In the URL so that a link or a reload opens the same workspace and folder.</summary>
    [SupplyParameterFromQuery(Name = "spazio")] public int? WorkspaceId { get; set; }
    [SupplyParameterFromQuery(Name = "cartella")] public int? FolderId { get; set; }

    private IReadOnlyList<WorkspaceInfo> workspaces = [];
    private WorkspaceInfo? current;
    private List<TreeItemData<int>> tree = [];
    private IReadOnlyList<string> types = [];
    private MudDataGrid<DocumentRow>? grid;
    private bool isAdmin, canOpenComune, showComuneSearch;
    private int? provinceId;
    private string? newFolderName, uploadType, uploadTags;

    protected override async Task OnInitializedAsync()
    {
        var user = await CurrentUser.GetAsync();
        isAdmin = DocumentAccess.IsDocumentAdmin(user);
        provinceId = user.ProvinceId;
        canOpenComune = provinceId is not null && !user.IsInRole(Roles.ComuneUser);
        workspaces = await Documents.ListWorkspacesAsync();
        types = await Documents.ListDocumentTypesAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        current = WorkspaceId is int id ? await Documents.GetWorkspaceAsync(id) : null;
        if (current is null && workspaces.Count > 0 && WorkspaceId is null) current = workspaces[0];
        await LoadTreeAsync();
        if (grid is not null) await grid.ReloadServerData();
    }

    private async Task LoadTreeAsync()
    {
        if (current is null) { tree = []; return; }
        var folders = await Documents.ListFoldersAsync(current.Id);
        var byParent = folders.ToLookup(f => f.ParentId);
        List<TreeItemData<int>> Build(int? parent) => byParent[parent].Select(f => new TreeItemData<int>
        {
            Value = f.Id, Text = f.Name, Icon = Icons.Material.Filled.Folder, Expanded = true, Children = Build(f.Id) is { Count: > 0 } c ? c : null,
        }).ToList();
        tree = [new TreeItemData<int> { Value = 0, Text = L["(radice)"], Icon = Icons.Material.Filled.FolderOpen, Expanded = true, Children = Build(null) }];
    }

    private void SelectWorkspaceAsync(int id) => Nav.NavigateTo($"/documenti?spazio={id}");

    private void SelectFolderAsync(int id) =>
        Nav.NavigateTo(id == 0 ? $"/documenti?spazio={current?.Id}" : $"/documenti?spazio={current?.Id}&cartella={id}");

    private async Task<IEnumerable<Comune>> SearchComuniAsync(string text, CancellationToken ct)
    {
        if (provinceId is not int p || string.IsNullOrWhiteSpace(text)) return [];
        var comuni = await Territory.ListComuniAsync(p, ct);
        return comuni.Where(c => c.Name.Contains(text.Trim(), StringComparison.CurrentCultureIgnoreCase)).Take(20);
    }

    private async Task OpenComuneAsync(Comune? comune)
    {
        if (comune is null) return;
        var w = await Documents.OpenComuneWorkspaceAsync(comune.Id);
        workspaces = await Documents.ListWorkspacesAsync();
        Nav.NavigateTo($"/documenti?spazio={w.Id}");
    }

    private async Task CreateFolderAsync()
    {
        if (current is null) return;
        try
        {
            await Documents.CreateFolderAsync(current.Id, FolderId, newFolderName ?? "");
            newFolderName = null;
            await LoadTreeAsync();
        }
        catch (DocumentValidationException ex) { Snackbar.Add(ex.Message, Severity.Error); }
    }

    private async Task<GridData<DocumentRow>> LoadDocumentsAsync(GridState<DocumentRow> state, CancellationToken ct)
    {
        if (current is null) return new GridData<DocumentRow> { Items = [], TotalItems = 0 };
        var sort = state.SortDefinitions.FirstOrDefault();
        var (items, total) = await Documents.ListDocumentsAsync(current.Id, FolderId, state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? false, ct);
        return new GridData<DocumentRow> { Items = items, TotalItems = total };
    }

    /// <summary>Where the drop zone sends each file, with the type and tags chosen at the moment of the drop.</summary>
    private string UploadUrl
    {
        get
        {
            var url = $"/documenti/carica?spazio={current?.Id}";
            if (FolderId is int f) url += $"&cartella={f}";
            if (!string.IsNullOrEmpty(uploadType)) url += "&tipo=" + Uri.EscapeDataString(uploadType);
            if (!string.IsNullOrWhiteSpace(uploadTags)) url += "&etichette=" + Uri.EscapeDataString(uploadTags);
            return url;
        }
    }

    private string FolderName => FolderId is int id ? FindFolder(tree, id)?.Text ?? "" : current?.Name ?? "";

    private static ITreeItemData<int>? FindFolder(IEnumerable<ITreeItemData<int>>? items, int id)
    {
        foreach (var item in items ?? [])
        {
            if (item.Value == id) return item;
            if (FindFolder(item.Children, id) is { } found) return found;
        }
        return null;
    }

    /// <summary>Each stored file shows up in the grid as soon as it is done, not after the whole batch.</summary>
    private async Task OnUploadedAsync(UploadResult result)
    {
        if (grid is not null) await grid.ReloadServerData();
    }

    private static string KindIcon(WorkspaceKind kind) => kind switch
    {
        WorkspaceKind.Nazionale => Icons.Material.Filled.Public,
        WorkspaceKind.Comune => Icons.Material.Filled.LocationCity,
        WorkspaceKind.Personalizzato => Icons.Material.Filled.Group,
        _ => Icons.Material.Filled.Work,
    };
}
