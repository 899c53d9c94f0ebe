using Microsoft.AspNetCore.Components;
using MudBlazor;
using ProvincePortal.Components.Shared;

namespace ProvincePortal.Features.Tenders.Exchange;

public enum ExchangeImportKind { L190, AnacCsv }

public sealed partial class ExchangeImportPanel
{
    private const long MaxXmlBytes = 100L * 1024 * 1024;
    private const long MaxCsvBytes = 300L * 1024 * 1024;

    [Parameter, EditorRequired] public ExchangeImportKind Kind { get; set; }
    [Parameter, EditorRequired] public string Sigla { get; set; } = "";

    private MudDataGrid<ExchangeRowReport>? grid;
    private ExchangeReport? report;
    private int[] counts = new int[5];
    private ExchangeOutcome? filter;

    private string KindKey => Kind == ExchangeImportKind.L190 ? "l190" : "csv";
    private bool CanApply => report is not null && (counts[(int)ExchangeOutcome.Nuovo] > 0 || counts[(int)ExchangeOutcome.Aggiornato] > 0);

    private async Task<IReadOnlyList<string>> RunAsync(StagedImport file, bool apply)
    {
        try
        {
            await using var stream = File.OpenRead(file.Path);
            var result = (Kind, apply) switch
            {
                (ExchangeImportKind.L190, false) => await Importer.PreviewL190Async(stream, file.Name, Sigla),
                (ExchangeImportKind.L190, true) => await Importer.ImportL190Async(stream, file.Name, Sigla),
                (_, false) => await Importer.PreviewAnacCsvAsync(stream, file.Name, Sigla),
                (_, true) => await Importer.ImportAnacCsvAsync(stream, file.Name, Sigla),
            };
            report = result;
            counts = new int[5];
            foreach (var row in result.Rows) counts[(int)row.Outcome]++;
            filter = null;
            if (grid is not null) await grid.ReloadServerData();
            return [];
        }
        catch (ExchangeFileException ex) { Reset(); return ex.Errors.ToList(); }
        catch (ExchangeRequestException ex) { Reset(); return [ex.Message]; }
        catch (Exception ex) when (apply && ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            // The transaction was rolled back: say so, keep the preview.
            return [L["Importazione non riuscita: nessuna modifica è stata salvata. Ripetere l'anteprima e riprovare."] + " (" + ex.GetBaseException().Message + ")"];
        }
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
}
