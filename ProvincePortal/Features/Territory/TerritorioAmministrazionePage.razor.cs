using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using ProvincePortal.Components.Shared;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Territory;

public partial class TerritorioAmministrazionePage
{
    /// <summary>The ISTAT list is about 1 MB; anything ten times bigger is not it.</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    [Inject] private TerritoryQueries Territory { get; set; } = default!;
    [Inject] private IstatImportService Importer { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;

    private List<BreadcrumbItem> breadcrumbs = [];
    private PortalPrincipal user = PortalPrincipal.Anonymous;
    private bool canImport;
    private TerritoryCounts? counts;
    private IReadOnlyList<TerritoryEdition> editions = [];

    private ImportFlow? flow;
    private string? editionFor;
    private bool editionFromName;
    private DateTime? editionDate;
    private IstatPreview? preview;
    private IstatImportResult? result;
    private int progress;

    private IEnumerable<(string Label, int Value)> CountCards =>
        counts is null ? [] :
        [
            ("Regioni", counts.Regions),
            ("Province e unità sovracomunali attive", counts.Provinces),
            ("Comuni attivi", counts.Comuni),
            ("Comuni soppressi (storico)", counts.SuppressedComuni),
        ];

    protected override async Task OnInitializedAsync()
    {
        user = await CurrentUser.GetAsync();
        canImport = user.Satisfies(Policies.PlatformAdministration);
        breadcrumbs = [new(L["Amministrazione"], "/amministrazione"), new(L["Territorio"], null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        counts = await Territory.CountsAsync();
        editions = await Territory.ListEditionsAsync();
    }

    private async Task<IReadOnlyList<string>> PreviewAsync(StagedImport file)
    {
        preview = null;
        result = null;
        if (editionFor != file.Path)
        {
            // A new file: the edition comes from its name (…-2026-01-01.csv) until the user picks another date.
            var fromName = IstatImportService.EditionFromFileName(file.Name);
            editionFromName = fromName is not null;
            editionDate = IstatImportService.ResolveEdition(fromName, file.Name).ToDateTime(TimeOnly.MinValue);
            editionFor = file.Path;
        }
        try
        {
            var request = Request(file);
            preview = await Task.Run(() => Importer.PreviewAsync(request));
            return [];
        }
        catch (IstatFileException ex) { return ex.Errors; }
        catch (UnauthorizedAccessException ex) { return [ex.Message]; }
    }

    private async Task OnEditionChangedAsync(DateTime? date)
    {
        editionDate = date;
        if (flow is not null) await flow.RefreshPreviewAsync();
    }

    private string ImportedBy => string.IsNullOrEmpty(user.UserName) || user.UserName == user.FullName ? user.FullName : $"{user.FullName} ({user.UserName})";

    private IstatImportRequest Request(StagedImport file) => new(file.Path, editionDate is { } d ? DateOnly.FromDateTime(d) : null, ImportedBy, file.Name);

    private async Task<IReadOnlyList<string>> ApplyAsync(StagedImport file)
    {
        if (preview is null) return [];
        progress = 0;
        try
        {
            var request = Request(file);
            var reporter = new CircuitProgress(this);
            result = await Task.Run(() => Importer.ImportAsync(request, reporter));
            preview = null;
            editionDate = null;
            editionFor = null;
            await LoadAsync();
            return [];
        }
        catch (IstatFileException ex) { return ex.Errors; }
        catch (UnauthorizedAccessException ex) { return [ex.Message]; }
    }

    private void Discard()
    {
        preview = null;
        result = null;
        editionDate = null;
        editionFor = null;
    }

    /// <summary>Progress from the import (on a worker thread) onto the circuit.</summary>
    private sealed class CircuitProgress(TerritorioAmministrazionePage page) : IProgress<int>
    {
        public void Report(int value) => _ = page.InvokeAsync(() =>
        {
            page.progress = value;
            page.StateHasChanged();
        });
    }
}
