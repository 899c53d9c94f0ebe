using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using ProvincePortal.Data;

namespace ProvincePortal.Components.Shared;

/// <summary>An uploaded file waiting in the data folder between its preview and its apply.</summary>
/// <param name="Path">Where the bytes are; deleted by the flow after the apply, on a new file, on "Annulla" and on dispose.</param>
/// <param name="Name">The file's name as the user chose it, without any folder.</param>
public sealed record StagedImport(string Path, string Name);

/// <summary>
/// The upload → preview → apply flow of every import page. The file goes to a temporary file in the data folder, not
/// into the circuit's memory (a circuit would otherwise keep megabytes per user between preview and apply); its size is
/// counted while it is copied, not trusted from what the browser announces.
/// </summary>
public sealed partial class ImportFlow
{
    private const int MaxErrorsShown = 1000;

    [Inject] private DataOptions Data { get; set; } = default!;
    [Inject] private ILogger<ImportFlow> Logger { get; set; } = default!;

    /// <summary>Reads the staged file without writing anything; returns the errors that block the import (empty when none).</summary>
    [Parameter, EditorRequired] public Func<StagedImport, Task<IReadOnlyList<string>>> PreviewStep { get; set; } = default!;

    /// <summary>Writes the staged file in one transaction; returns the errors when nothing was written.</summary>
    [Parameter, EditorRequired] public Func<StagedImport, Task<IReadOnlyList<string>>> ApplyStep { get; set; } = default!;

    /// <summary>Called when a new file is chosen or the preview discarded: the page forgets its report.</summary>
    [Parameter] public EventCallback OnReset { get; set; }

    /// <summary>Called after each preview and apply, so that the page also re-renders what it shows outside the flow (lists of past imports).</summary>
    [Parameter] public EventCallback OnStepDone { get; set; }

    [Parameter, EditorRequired] public long MaxBytes { get; set; }
    [Parameter] public string Accept { get; set; } = "";
    /// <summary>Text of the picker button (MudBlazor upload button).</summary>
    [Parameter] public string? PickText { get; set; }
    /// <summary>When set, a plain file input with this visible label instead of the button (pages whose tests and guides show the input).</summary>
    [Parameter] public string? PickLabel { get; set; }
    [Parameter] public string? ApplyText { get; set; }
    /// <summary>False while the preview holds something that blocks the apply (row errors, nothing to write): the button stays, disabled.</summary>
    [Parameter] public bool CanApply { get; set; } = true;
    /// <summary>Offers "Annulla" next to "Applica".</summary>
    [Parameter] public bool Discardable { get; set; }
    /// <summary>Percent reported by a long apply; an indeterminate bar when null.</summary>
    [Parameter] public int? Progress { get; set; }
    [Parameter] public string? ErrorsTitle { get; set; }

    [Parameter] public string? UploadTestId { get; set; }
    [Parameter] public string? ApplyTestId { get; set; }
    [Parameter] public string ErrorTestId { get; set; } = "import-errors";

    [Parameter] public RenderFragment? Toolbar { get; set; }
    [Parameter] public RenderFragment? FileToolbar { get; set; }
    /// <summary>The page's report, above the apply button.</summary>
    [Parameter] public RenderFragment? Preview { get; set; }
    /// <summary>The page's per-row detail, below the apply button.</summary>
    [Parameter] public RenderFragment? Details { get; set; }

    private readonly string inputId = "import-file-" + Guid.NewGuid().ToString("N")[..8];
    private StagedImport? staged;
    private bool previewed;
    private IReadOnlyList<string> errors = [];
    // The errors' title says what was refused: the file (preview) or the write (apply).
    private bool errorsFromApply;
    private bool busy;
    private bool applying;
    private string busyText = "";

    /// <summary>A preview is shown and its file still waits to be applied.</summary>
    private bool Pending => staged is not null && previewed;

    /// <summary>The file waiting for "Applica", if any.</summary>
    public StagedImport? Staged => staged;

    private async Task PickAsync(IBrowserFile? file)
    {
        await ResetAsync();
        if (file is null) return;
        var limitMb = MaxBytes / 1024 / 1024;
        if (file.Size > MaxBytes)
        {
            errors = [L["{0}: il file supera il limite di {1} MB.", file.Name, limitMb]];
            return;
        }
        busy = true;
        busyText = "Caricamento del file…";
        StateHasChanged();
        try
        {
            var name = Path.GetFileName(file.Name);
            var path = await StageAsync(file);
            if (path is null)
            {
                errors = [L["{0}: il file supera il limite di {1} MB.", file.Name, limitMb]];
                return;
            }
            staged = new StagedImport(path, name);
            busyText = "Anteprima in corso…";
            StateHasChanged();
            await RunPreviewAsync();
        }
        catch (IOException ex)
        {
            Logger.LogWarning(ex, "Caricamento di {File} non riuscito", file.Name);
            DeleteStaged();
            errors = [L["{0}: caricamento interrotto, riprovare.", file.Name]];
        }
        finally { busy = false; }
    }

    /// <summary>Copies the upload into the data folder; null (and nothing left behind) when it exceeds <see cref="MaxBytes"/>.</summary>
    private async Task<string?> StageAsync(IBrowserFile file)
    {
        var directory = Path.Combine(Data.DataDirectory, "tmp");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"import-{Guid.NewGuid():N}{Path.GetExtension(file.Name)}");
        var tooBig = false;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        await using (var source = file.OpenReadStream(long.MaxValue))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                total += read;
                if (total > MaxBytes) { tooBig = true; break; }
                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        if (!tooBig) return path;
        TryDelete(path);
        return null;
    }

    /// <summary>Previews the waiting file again, e.g. after the page changed an option the preview depends on.</summary>
    public async Task RefreshPreviewAsync()
    {
        if (staged is null || busy) return;
        busy = true;
        busyText = "Anteprima in corso…";
        StateHasChanged();
        try { await RunPreviewAsync(); }
        finally { busy = false; }
    }

    private async Task RunPreviewAsync()
    {
        // On errors the file stays until the next file or "Annulla": an option of the page (a date) may be what was wrong.
        errors = await PreviewStep(staged!);
        errorsFromApply = false;
        previewed = errors.Count == 0;
        await OnStepDone.InvokeAsync();
    }

    private async Task ApplyAsync()
    {
        if (staged is null || !CanApply) return;
        busy = applying = true;
        busyText = "Importazione in corso…";
        errors = [];
        StateHasChanged();
        try
        {
            errors = await ApplyStep(staged);
            errorsFromApply = errors.Count > 0;
            // Applied: the file has served. Failed: the preview stays, so the user can read why and try again.
            if (errors.Count == 0) DeleteStaged();
            await OnStepDone.InvokeAsync();
        }
        finally { busy = applying = false; }
    }

    private async Task DiscardAsync() => await ResetAsync();

    /// <summary>Forgets the waiting file and the errors, and tells the page to forget its report.</summary>
    public async Task ResetAsync()
    {
        DeleteStaged();
        errors = [];
        errorsFromApply = false;
        await OnReset.InvokeAsync();
    }

    private void DeleteStaged()
    {
        if (staged is not null) TryDelete(staged.Path);
        staged = null;
        previewed = false;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    public void Dispose() => DeleteStaged();
}
