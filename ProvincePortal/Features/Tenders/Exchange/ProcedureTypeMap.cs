namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// The three vocabularies of "scelta del contraente" and how they meet. The ANAC open-data CSV carries the SIMOG code
/// and label ("34", "PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA"); the L.190 file carries its own numbered
/// strings ("33-PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA"); the register stores the PCP code ("5"). The numbers
/// differ between CSV and L.190 but the labels are the same words, so CSV rows are mapped by label, never by number.
/// </summary>
public static class ProcedureTypeMap
{
    /// <summary>L.190 code (the two digits before the dash) → PCP sceltaContraente code.</summary>
    private static readonly Dictionary<string, string> L190ToPcp = new()
    {
        ["01"] = "6",  // aperta
        ["02"] = "9",  // ristretta
        ["03"] = "4",  // negoziata previa pubblicazione
        ["04"] = "5",  // negoziata senza previa pubblicazione
        ["05"] = "1",  // dialogo competitivo
        ["06"] = "5",  // negoziata senza indizione (settori speciali)
        ["07"] = "7",  // sistema dinamico di acquisizione: a più fasi
        ["08"] = "5",  // cottimo fiduciario: negoziata
        ["14"] = "9",  // procedura selettiva (settori speciali): ristretta
        ["17"] = "10", // affidamento diretto L. 381/91
        ["21"] = "9",  // ristretta da avviso
        ["22"] = "4",  // negoziata con indizione (settori speciali)
        ["23"] = "10", // affidamento diretto
        ["24"] = "10", // in house
        ["25"] = "10",
        ["26"] = "12", // adesione ad accordo quadro / convenzione
        ["27"] = "11", // confronto competitivo in adesione ad accordo quadro
        ["28"] = "8",
        ["29"] = "9",  // ristretta semplificata
        ["30"] = "8",
        ["31"] = "10",
        ["32"] = "8",  // affidamento riservato
        ["33"] = "5",  // negoziata sotto soglia
        ["34"] = "8",
        ["35"] = "3",  // partenariato per l'innovazione
        ["36"] = "10",
        ["37"] = "4",  // competitiva con negoziazione
        ["38"] = "8",
        ["39"] = "10",
    };

    /// <summary>PCP code → the L.190 string an export writes when the record has none of its own.</summary>
    private static readonly Dictionary<string, string> PcpToL190Code = new()
    {
        ["6"] = "01", ["9"] = "02", ["4"] = "03", ["5"] = "04", ["1"] = "05", ["3"] = "35",
        ["10"] = "23", ["11"] = "27", ["12"] = "26",
        // No L.190 twin: the nearest procedure of the same shape.
        ["2"] = "37", ["7"] = "02", ["8"] = "01",
    };

    private static readonly Lazy<Dictionary<string, string>> ByLabel = new(() =>
        L190Schema.SceltaContraenteValues.ToDictionary(v => NormalizeLabel(v[3..]), v => v));

    private static readonly Lazy<Dictionary<string, string>> ByCode = new(() =>
        L190Schema.SceltaContraenteValues.ToDictionary(v => v[..2], v => v));

    /// <summary>The exact L.190 string for a CSV label, or null when the label is not an L.190 procedure.</summary>
    public static string? L190FromLabel(string label) =>
        ByLabel.Value.TryGetValue(NormalizeLabel(label), out var v) ? v : null;

    public static string? PcpFromL190(string l190) =>
        l190.Length >= 2 && L190ToPcp.TryGetValue(l190[..2], out var pcp) ? pcp : null;

    public static string? L190FromPcp(string? pcp) =>
        pcp is not null && PcpToL190Code.TryGetValue(pcp, out var code) ? ByCode.Value[code] : null;

    public static bool IsL190Value(string value) => ByCode.Value.ContainsValue(value);

    /// <summary>OCDS procurementMethod (closed code list open/selective/limited/direct) of a PCP code.</summary>
    public static string OcdsMethod(string? pcp) => pcp switch
    {
        "6" => "open",
        "9" or "1" or "3" or "7" or "11" => "selective",
        "10" or "12" => "direct",
        _ => "limited",
    };

    /// <summary>Upper case, single spaces, straight apostrophes: the CSV writes "SOCIETA'" where the XSD has "’" in places.</summary>
    public static string NormalizeLabel(string label) =>
        string.Join(' ', label.Trim().ToUpperInvariant().Replace('’', '\'').Replace('`', '\'')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
