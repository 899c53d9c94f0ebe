namespace ProvincePortal.Features.Territory;

/// <summary>Imports an edition of the ISTAT "Elenco comuni italiani". (Being implemented.)</summary>
public sealed class IstatImportService
{
    /// <summary>The seed edition shipped with the app (Seed/istat), imported on the web app's first start.</summary>
    public static string SeedFile => Path.Combine(AppContext.BaseDirectory, "Seed", "istat", "elenco-comuni-italiani-2020-01-01.csv");

    public Task<IstatImportResult> ImportFileAsync(string path, DateOnly? edition, string importedBy, CancellationToken ct = default)
        => throw new NotImplementedException();
}

public sealed record IstatImportResult(int Created, int Updated, int Rejected, int Suppressed, IReadOnlyList<string> Errors)
{
    public string SummaryLine => $"importati: {Created}, aggiornati: {Updated}, scartati: {Rejected}, soppressi: {Suppressed}";
}
