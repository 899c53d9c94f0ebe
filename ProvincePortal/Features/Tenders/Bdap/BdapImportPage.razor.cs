using Microsoft.AspNetCore.Components;
using MudBlazor;
using ProvincePortal.Components.Shared;
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
    private ImportFlow? flow;

    protected override async Task OnInitializedAsync()
    {
        provinces = await Provinces.ListProvincesAsync();
        sigla = provinces.FirstOrDefault()?.Sigla ?? "";
    }

    // A report read as another type says nothing about this one: the file is chosen again.
    private async Task TypeChangedAsync(BdapFileType? value)
    {
        type = value;
        if (flow is not null) await flow.ResetAsync();
    }

    private async Task<IReadOnlyList<string>> RunAsync(StagedImport file, bool apply)
    {
        try
        {
            await using var stream = File.OpenRead(file.Path);
            report = apply ? await Importer.ImportAsync(stream, file.Name, sigla, type) : await Importer.PreviewAsync(stream, file.Name, sigla, type);
            if (grid is not null) await grid.ReloadServerData();
            return [];
        }
        catch (BdapFileException ex) { report = null; return [ex.Message]; }
        catch (ExchangeRequestException ex) { report = null; return [ex.Message]; }
        catch (Exception ex) when (apply && ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            return [L["Importazione non riuscita: nessuna modifica è stata salvata. Ripetere l'anteprima e riprovare."] + " (" + ex.GetBaseException().Message + ")"];
        }
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
}
