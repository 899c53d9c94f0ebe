namespace ProvincePortal.Features.Tenders.Exchange;

public enum ExchangeOutcome { Nuovo, Aggiornato, Invariato, Ignorato, Scartato }

/// <summary>What an import does (preview) or did (applied) with one row or lot of the file.</summary>
public sealed record ExchangeRowReport(int Line, string Cig, ExchangeOutcome Outcome, string? Message = null)
{
    public string OutcomeLabel => Outcome switch
    {
        ExchangeOutcome.Nuovo => "nuovo",
        ExchangeOutcome.Aggiornato => "aggiornato",
        ExchangeOutcome.Invariato => "invariato",
        ExchangeOutcome.Ignorato => "ignorato (altra provincia)",
        _ => "scartato",
    };
}

public sealed record ExchangeReport(string FileName, string Sigla, IReadOnlyList<ExchangeRowReport> Rows, bool Applied)
{
    public int Count(ExchangeOutcome outcome) => Rows.Count(r => r.Outcome == outcome);

    /// <summary>The last line the command line prints (scripts read it).</summary>
    public string SummaryLine =>
        $"nuovi: {Count(ExchangeOutcome.Nuovo)}, aggiornati: {Count(ExchangeOutcome.Aggiornato)}, invariati: {Count(ExchangeOutcome.Invariato)}, " +
        $"ignorati: {Count(ExchangeOutcome.Ignorato)}, scartati: {Count(ExchangeOutcome.Scartato)}";
}

public sealed record ExportResult(int Lots, IReadOnlyList<string> Skipped);

/// <summary>The file cannot be used at all (malformed, not valid, wrong header): nothing was imported.</summary>
public sealed class ExchangeFileException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Wrong request (unknown Province, bad year): an Italian message for the user.</summary>
public sealed class ExchangeRequestException(string message) : Exception(message);
