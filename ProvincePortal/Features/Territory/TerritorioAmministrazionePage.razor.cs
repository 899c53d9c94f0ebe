using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using ProvincePortal.Data;
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
    [Inject] private DataOptions Data { get; set; } = default!;
    [Inject] private ILogger<TerritorioAmministrazionePage> Logger { get; set; } = default!;

    private sealed record Upload(string Path, string FileName, bool EditionFromName);

    private List<BreadcrumbItem> breadcrumbs = [];
    private PortalPrincipal user = PortalPrincipal.Anonymous;
    private bool canImport;
    private TerritoryCounts? counts;
    private IReadOnlyList<TerritoryEdition> editions = [];

    private Upload? upload;
    private DateTime? editionDate;
    private IstatPreview? preview;
    private IReadOnlyList<string> errors = [];
    private IstatImportResult? result;
    private bool busy;
    private bool applying;
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

    private async Task OnFileSelectedAsync(IBrowserFile? file)
    {
        Discard();
        if (file is null) return;
        if (file.Size > MaxUploadBytes)
        {
            errors = [L["{0}: il file è di {1} MB, il massimo è 10 MB.", file.Name, Formats.Number(file.Size / 1024d / 1024d)]];
            return;
        }
        busy = true;
        try
        {
            // Streamed to the data folder: the circuit never holds the whole file.
            var directory = Path.Combine(Data.DataDirectory, "tmp");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"istat-{Guid.NewGuid():N}.csv");
            await using (var target = File.Create(path))
            await using (var source = file.OpenReadStream(MaxUploadBytes))
                await source.CopyToAsync(target);
            var name = Path.GetFileName(file.Name);
            var fromName = IstatImportService.EditionFromFileName(name);
            upload = new Upload(path, name, fromName is not null);
            editionDate = IstatImportService.ResolveEdition(fromName, name).ToDateTime(TimeOnly.MinValue);
            await PreviewAsync();
        }
        catch (IOException ex)
        {
            Logger.LogWarning(ex, "Caricamento dell'elenco ISTAT non riuscito");
            errors = [L["Caricamento non riuscito: {0}", ex.Message]];
        }
        finally { busy = false; }
    }

    private async Task OnEditionChangedAsync(DateTime? date)
    {
        editionDate = date;
        busy = true;
        try { await PreviewAsync(); }
        finally { busy = false; }
    }

    private string ImportedBy => string.IsNullOrEmpty(user.UserName) || user.UserName == user.FullName ? user.FullName : $"{user.FullName} ({user.UserName})";

    private IstatImportRequest Request() => new(upload!.Path, editionDate is { } d ? DateOnly.FromDateTime(d) : null, ImportedBy, upload.FileName);

    private async Task PreviewAsync()
    {
        preview = null;
        errors = [];
        result = null;
        try
        {
            var request = Request();
            preview = await Task.Run(() => Importer.PreviewAsync(request));
        }
        catch (IstatFileException ex) { errors = ex.Errors; }
        catch (UnauthorizedAccessException ex) { errors = [ex.Message]; }
    }

    private async Task ApplyAsync()
    {
        if (upload is null || preview is null) return;
        busy = applying = true;
        progress = 0;
        try
        {
            var request = Request();
            var reporter = new CircuitProgress(this);
            result = await Task.Run(() => Importer.ImportAsync(request, reporter));
            preview = null;
            DeleteUpload();
            await LoadAsync();
        }
        catch (IstatFileException ex) { errors = ex.Errors; }
        catch (UnauthorizedAccessException ex) { errors = [ex.Message]; }
        finally { busy = applying = false; }
    }

    private void Discard()
    {
        DeleteUpload();
        preview = null;
        errors = [];
        result = null;
        editionDate = null;
    }

    private void DeleteUpload()
    {
        if (upload is null) return;
        try { File.Delete(upload.Path); } catch (IOException) { }
        upload = null;
    }

    public void Dispose() => DeleteUpload();

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
