using ProvincePortal.Features.Audit;

namespace ProvincePortal.Features.Territory.IndicePa;

/// <summary>One applied IndicePA import, with its counts (the changes themselves are in the audit trail and the CRM log).</summary>
[NotAudited]
public class IpaImportRun
{
    public int Id { get; set; }
    public DateTime ImportedAtUtc { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string ImportedBy { get; set; } = "";
    public int Rows { get; set; }
    public int ComuniLinked { get; set; }
    public int ProvincesLinked { get; set; }
    public int NewPec { get; set; }
    public int ChangedPec { get; set; }
    public int Unchanged { get; set; }
    public int NotLinked { get; set; }
    public int RowErrors { get; set; }
}

public enum IpaChangeKind { CodiceIpa, PecNuova, PecCambiata, SitoNuovo, SitoCambiato }

/// <summary>One change the file brings. <see cref="Target"/> is the Comune or Province as the portal names it.</summary>
public sealed record IpaChange(int Line, IpaChangeKind Kind, string IpaCode, string Target, string? Before, string? After)
{
    public string KindLabel => Kind switch
    {
        IpaChangeKind.CodiceIpa => "Codice IPA",
        IpaChangeKind.PecNuova => "PEC nuova",
        IpaChangeKind.PecCambiata => "PEC cambiata",
        IpaChangeKind.SitoNuovo => "Sito nuovo",
        IpaChangeKind.SitoCambiato => "Sito cambiato",
        _ => Kind.ToString(),
    };
}

/// <summary>An ente of the file that is neither a Comune nor a Province of the portal (or whose seat is unknown).</summary>
public sealed record IpaNotLinked(int Line, string IpaCode, string Name, string Reason, string? Detail = null);

/// <summary>What a file changes (preview) or changed (import): the same computation.</summary>
public sealed record IpaImportResult(
    string FileName,
    string EncodingName,
    int Rows,
    int ComuniLinked,
    int ProvincesLinked,
    int NewPec,
    int ChangedPec,
    int Unchanged,
    IReadOnlyList<IpaChange> Changes,
    IReadOnlyList<IpaNotLinked> NotLinked,
    IReadOnlyList<IpaRowError> Errors)
{
    public DateOnly Date { get; init; }

    /// <summary>The not linked rows counted by reason, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> NotLinkedByReason =>
        NotLinked.GroupBy(n => n.Reason).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key).ToList();

    /// <summary>Errors counted once per row (a row can fail on more than one field).</summary>
    public int RowsWithErrors => Errors.Select(e => e.Line).Distinct().Count();

    /// <summary>Scripts read this last line of the command's output.</summary>
    public string SummaryLine =>
        $"righe: {Rows}, Comuni collegati: {ComuniLinked}, Province collegate: {ProvincesLinked}, PEC nuove: {NewPec}, PEC cambiate: {ChangedPec}, " +
        $"invariati: {Unchanged}, non collegati: {NotLinked.Count}, righe con errori: {RowsWithErrors}";
}

public sealed record IpaImportRequest(string Path, string ImportedBy = "sistema", string? FileName = null);
