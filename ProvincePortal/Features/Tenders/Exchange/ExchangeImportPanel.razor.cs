using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ProvincePortal.Features.Tenders.Exchange;

public enum ExchangeImportKind { L190, AnacCsv }

public sealed partial class ExchangeImportPanel
{
    private const long MaxXmlBytes = 100L * 1024 * 1024;
    private const long MaxCsvBytes = 300L * 1024 * 1024;

    [Parameter, EditorRequired] public ExchangeImportKind Kind { get; set; }
    [Parameter, EditorRequired] public string Sigla { get; set; } = "";

    private readonly string inputId = "exchange-file-" + Guid.NewGuid().ToString("N")[..8];
    private MudDataGrid<ExchangeRowReport>? grid;
    private ExchangeReport? report;
    private int[] counts = new int[5];
    private List<string> errors = [];
    private string? applyError;
    private ExchangeOutcome? filter;
    private bool busy;
    private string busyText = "";
    // The uploaded file waits in a temporary file between preview and apply (the report alone is kept in the circuit).
    private string? tempPath;
    private string fileName = "";

    private string KindKey => Kind == ExchangeImportKind.L190 ? "l190" : "csv";
    private bool CanApply => report is not null && (counts[(int)ExchangeOutcome.Nuovo] > 0 || counts[(int)ExchangeOutcome.Aggiornato] > 0);

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        Reset();
        var max = Kind == ExchangeImportKind.L190 ? MaxXmlBytes : MaxCsvBytes;
        var file = e.File;
        if (file.Size > max)
        {
            errors = [string.Format(L["{0}: il file supera il limite di {1} MB."], file.Name, max / 1024 / 1024)];
            return;
        }
        busy = true;
        busyText = "Caricamento del file…";
        StateHasChanged();
        try
        {
            DeleteTemp();
            tempPath = Path.Combine(Path.GetTempPath(), "pp-scambio-" + Guid.NewGuid().ToString("N"));
            fileName = Path.GetFileName(file.Name);
            await using (var target = File.Create(tempPath))
            await using (var source = file.OpenReadStream(max))
                await source.CopyToAsync(target);
            busyText = "Anteprima in corso…";
            StateHasChanged();
            await RunAsync(apply: false);
        }
        catch (IOException ex)
        {
            errors = [string.Format(L["{0}: caricamento non riuscito ({1})."], fileName, ex.Message)];
        }
        finally { busy = false; }
    }

    private async Task ApplyAsync()
    {
        if (tempPath is null || !CanApply) return;
        busy = true;
        busyText = "Importazione in corso…";
        applyError = null;
        StateHasChanged();
        try { await RunAsync(apply: true); }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            // The transaction was rolled back: say so, keep the preview.
            applyError = L["Importazione non riuscita: nessuna modifica è stata salvata. Ripetere l'anteprima e riprovare."] + " (" + ex.GetBaseException().Message + ")";
        }
        finally { busy = false; }
    }

    private async Task RunAsync(bool apply)
    {
        try
        {
            await using var stream = File.OpenRead(tempPath!);
            var result = (Kind, apply) switch
            {
                (ExchangeImportKind.L190, false) => await Importer.PreviewL190Async(stream, fileName, Sigla),
                (ExchangeImportKind.L190, true) => await Importer.ImportL190Async(stream, fileName, Sigla),
                (_, false) => await Importer.PreviewAnacCsvAsync(stream, fileName, Sigla),
                (_, true) => await Importer.ImportAnacCsvAsync(stream, fileName, Sigla),
            };
            report = result;
            counts = new int[5];
            foreach (var row in result.Rows) counts[(int)row.Outcome]++;
            filter = null;
            if (grid is not null) await grid.ReloadServerData();
            if (apply) DeleteTemp();
        }
        catch (ExchangeFileException ex) { errors = ex.Errors.ToList(); report = null; DeleteTemp(); }
        catch (ExchangeRequestException ex) { errors = [ex.Message]; report = null; DeleteTemp(); }
    }

    private Task<GridData<ExchangeRowReport>> LoadAsync(GridState<ExchangeRowReport> state, CancellationToken ct)
    {
        IEnumerable<ExchangeRowReport> rows = report?.Rows ?? [];
        if (filter is { } f) rows = rows.Where(r => r.Outcome == f);
        var list = rows as IReadOnlyCollection<ExchangeRowReport> ?? rows.ToList();
        return Task.FromResult(new GridData<ExchangeRowReport>
        {
            Items = list.Skip(state.Page * state.PageSize).Take(state.PageSize).ToList(),
            TotalItems = filter is { } o ? counts[(int)o] : report?.Rows.Count ?? 0,
        });
    }

    private async Task FilterChangedAsync(ExchangeOutcome? value)
    {
        filter = value;
        if (grid is not null) await grid.ReloadServerData();
    }

    private void Reset()
    {
        report = null;
        errors = [];
        applyError = null;
        counts = new int[5];
    }

    private static string Plural(ExchangeOutcome o) => o switch
    {
        ExchangeOutcome.Nuovo => "Nuovi",
        ExchangeOutcome.Aggiornato => "Aggiornati",
        ExchangeOutcome.Invariato => "Invariati",
        ExchangeOutcome.Ignorato => "Ignorati (altra provincia)",
        _ => "Scartati",
    };

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
