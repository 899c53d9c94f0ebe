using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using ProvincePortal.Features.Tenders.Exchange;

namespace ProvincePortal.Features.Tenders.Bdap;

public sealed partial class BdapImportPage
{
    [Inject] private BdapImportService Importer { get; set; } = null!;
    [Inject] private TenderImportService Provinces { get; set; } = null!;

    private IReadOnlyList<ExchangeProvince> provinces = [];
    private string sigla = "";
    private BdapFileType? type;
    private BdapImportReport? report;
    private MudDataGrid<BdapRecordReport>? grid;
    private string? fileError;
    private string? applyError;
    private bool busy;
    // The upload waits in a temporary file between preview and apply; the circuit keeps only the report.
    private string? tempPath;
    private string fileName = "";

    protected override async Task OnInitializedAsync()
    {
        provinces = await Provinces.ListProvincesAsync();
        sigla = provinces.FirstOrDefault()?.Sigla ?? "";
    }

    private void TypeChanged(BdapFileType? value)
    {
        type = value;
        report = null;
        DeleteTemp();
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        report = null;
        fileError = applyError = null;
        var file = e.File;
        if (file.Size > BdapFileReader.MaxBytes)
        {
            fileError = string.Format(L["{0}: il file supera il limite di {1} MB."], file.Name, BdapFileReader.MaxBytes / 1024 / 1024);
            return;
        }
        busy = true;
        try
        {
            DeleteTemp();
            tempPath = Path.Combine(Path.GetTempPath(), "pp-bdap-" + Guid.NewGuid().ToString("N"));
            fileName = Path.GetFileName(file.Name);
            await using (var target = File.Create(tempPath))
            await using (var source = file.OpenReadStream(BdapFileReader.MaxBytes))
                await source.CopyToAsync(target);
            await RunAsync(apply: false);
        }
        catch (IOException ex) { fileError = string.Format(L["{0}: caricamento non riuscito ({1})."], fileName, ex.Message); }
        finally { busy = false; }
    }

    private async Task ApplyAsync()
    {
        if (tempPath is null || report is not { CanApply: true }) return;
        busy = true;
        applyError = null;
        try { await RunAsync(apply: true); }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            applyError = L["Importazione non riuscita: nessuna modifica è stata salvata. Ripetere l'anteprima e riprovare."] + " (" + ex.GetBaseException().Message + ")";
        }
        finally { busy = false; }
    }

    private async Task RunAsync(bool apply)
    {
        try
        {
            await using var stream = File.OpenRead(tempPath!);
            report = apply ? await Importer.ImportAsync(stream, fileName, sigla, type) : await Importer.PreviewAsync(stream, fileName, sigla, type);
            if (grid is not null) await grid.ReloadServerData();
            if (apply || report.Errors.Count > 0) DeleteTemp();
        }
        catch (BdapFileException ex) { fileError = ex.Message; report = null; DeleteTemp(); }
        catch (ExchangeRequestException ex) { fileError = ex.Message; report = null; DeleteTemp(); }
    }

    private Task<GridData<BdapRecordReport>> LoadAsync(GridState<BdapRecordReport> state, CancellationToken ct)
    {
        var rows = report?.Records ?? [];
        return Task.FromResult(new GridData<BdapRecordReport>
        {
            Items = rows.Skip(state.Page * state.PageSize).Take(state.PageSize).ToList(),
            TotalItems = rows.Count,
        });
    }

    private void DeleteTemp()
    {
        if (tempPath is not null && File.Exists(tempPath)) File.Delete(tempPath);
        tempPath = null;
    }

    public ValueTask DisposeAsync()
    {
        DeleteTemp();
        return ValueTask.CompletedTask;
    }
}
