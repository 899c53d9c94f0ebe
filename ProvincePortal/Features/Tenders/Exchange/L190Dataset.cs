namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>The header of an L.190 data set (one file per year and publishing body).</summary>
public sealed record L190Metadata(
    string Titolo,
    string Abstract,
    DateOnly DataPubblicazione,
    string EntePubblicatore,
    DateOnly DataUltimoAggiornamento,
    int AnnoRiferimento,
    string UrlFile,
    string Licenza);

/// <summary>An operator as L.190 names it: an Italian codice fiscale or a foreign tax id (exactly one of the two).</summary>
public sealed record L190Operator(string? CodiceFiscale, string? IdentificativoFiscaleEstero, string RagioneSociale)
{
    /// <summary>The key an operator is matched on across files and in the register.</summary>
    public string Key => CodiceFiscale is { Length: > 0 } cf ? "CF:" + cf.ToUpperInvariant() : "EE:" + (IdentificativoFiscaleEstero ?? "").ToUpperInvariant();
}

/// <summary>One member of a participation; <see cref="Ruolo"/> is the exact L.190 string ("02-MANDATARIA"), null for a single bidder.</summary>
public sealed record L190Member(L190Operator Operator, string? Ruolo);

/// <summary>A participant or winner: one operator alone (one member, no role) or a raggruppamento (two or more members with roles).</summary>
public sealed record L190Participant(IReadOnlyList<L190Member> Members)
{
    public bool IsGroup => Members.Count > 1 || Members.Any(m => m.Ruolo is not null);

    public static L190Participant Single(L190Operator op) => new([new L190Member(op, null)]);
}

/// <summary>One "lotto" of the data set. <see cref="Line"/> is where it starts in the file it was read from (0 when built in memory).</summary>
public sealed record L190Lot(
    string Cig,
    string CodiceFiscaleProp,
    string DenominazioneProp,
    string Oggetto,
    string SceltaContraente,
    IReadOnlyList<L190Participant> Partecipanti,
    IReadOnlyList<L190Participant> Aggiudicatari,
    decimal ImportoAggiudicazione,
    DateOnly? DataInizio,
    DateOnly? DataUltimazione,
    decimal ImportoSommeLiquidate,
    int Line = 0);

public sealed record L190Dataset(L190Metadata Metadata, IReadOnlyList<L190Lot> Lots);

/// <summary>The file cannot be used (not well formed, or not valid against datasetAppaltiL190.xsd): nothing is imported.</summary>
public sealed class L190FormatException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
