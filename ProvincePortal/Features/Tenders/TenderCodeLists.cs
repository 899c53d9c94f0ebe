namespace ProvincePortal.Features.Tenders;

/// <summary>An entry of an official code list: the code stored in our records and the official Italian label.</summary>
public sealed record CodeEntry(string Code, string Label);

/// <summary>
/// The value sets of a procedure, copied from the official lists rather than invented:
/// <list type="bullet">
/// <item>PCP code lists of ANAC's Piattaforma Contratti Pubblici (sceltaContraente.json, criteriAggiudicazione.json,
/// statoAppalto.json, statoLotto.json, esitoProcedura.json, oggettoContratto.json) from github.com/anticorruzione/npa
/// at commit 21f8640c6c6770f6ed0e035e91dfe88b6d21d269 (ANAC, published for the interoperability of the PCP).</item>
/// <item>L.190/2012 art. 1 c. 32 XML types (TypesL190.xsd v1.3, ANAC specification, as kept in
/// github.com/provinciadicremona/AVCP-Xml @ 8b45154f): sceltaContraente and ruolo enumerations, exact strings.</item>
/// </list>
/// Entries retired by ANAC (dataFine in the past) are omitted. Labels are the Italian ones of the lists; the UI passes
/// them through the localizer (English in SharedResource.en.resx).
/// </summary>
public static class TenderCodeLists
{
    /// <summary>PCP sceltaContraente: the procedure type ("scelta del contraente").</summary>
    public static readonly IReadOnlyList<CodeEntry> SceltaContraente =
    [
        new("6", "Aperta"),
        new("9", "Ristretta"),
        new("4", "Negoziata con previa indizione di gara / competitiva con negoziazione"),
        new("5", "Negoziata senza previa indizione di gara"),
        new("1", "Dialogo competitivo"),
        new("3", "Partenariato per l'innovazione"),
        new("2", "Procedura competitiva (per le concessioni)"),
        new("7", "Altra procedura a più fasi"),
        new("8", "Altra procedura a fase unica"),
        new("10", "Affidamento diretto"),
        new("11", "Accordo Quadro"),
        new("12", "Affidamento diretto in adesione AQ/Convenzione"),
    ];

    public const string AffidamentoDiretto = "10";
    public const string NegoziataSenzaBando = "5";

    /// <summary>PCP criteriAggiudicazione (the type of award criterion: price alone, or quality/cost as in OEPV).</summary>
    public static readonly IReadOnlyList<CodeEntry> Criteri =
    [
        new("price", "Prezzo"),
        new("quality", "Qualità"),
        new("cost", "Costo"),
    ];

    /// <summary>PCP statoAppalto.</summary>
    public static readonly IReadOnlyList<CodeEntry> StatiAppalto =
    [
        new("IN_LAV", "In lavorazione"),
        new("CONF", "Confermato"),
        new("IN_ATT_PUBB", "In attesa pubblicazione"),
        new("IN_STOP_PUBB", "In stop pubblicazione"),
        new("PUBB", "Pubblicato"),
        new("CANC", "Cancellato"),
    ];

    /// <summary>PCP statoLotto.</summary>
    public static readonly IReadOnlyList<CodeEntry> StatiLotto =
    [
        new("IN_LAV", "In lavorazione"),
        new("CONF", "Confermato"),
        new("IN_ATT_PUBB", "In attesa pubblicazione"),
        new("IN_STOP_PUBB", "In stop pubblicazione"),
        new("PUBB", "Pubblicato"),
        new("AGG", "Aggiudicato"),
        new("NON_AGG", "Non aggiudicato"),
        new("SOTT_CONTR", "Sottoscrizione contratto"),
        new("ANN", "Annullato"),
        new("CANC", "Cancellato"),
    ];

    /// <summary>Lot states that need no winner when the procedure is awarded.</summary>
    public static readonly IReadOnlySet<string> LotStatesWithoutWinner = new HashSet<string> { "NON_AGG", "ANN", "CANC" };

    /// <summary>PCP esitoProcedura.</summary>
    public static readonly IReadOnlyList<CodeEntry> Esiti =
    [
        new("selec-w", "È stato selezionato almeno un vincitore."),
        new("open-nw", "Non è ancora stato selezionato un vincitore ma la gara è ancora in corso."),
        new("clos-nw", "Non è stato selezionato nessun vincitore e la gara è chiusa."),
    ];

    /// <summary>L.190 ruoloType: the role of a member of a raggruppamento.</summary>
    public static readonly IReadOnlyList<CodeEntry> RuoliL190 =
    [
        new("01-MANDANTE", "Mandante"),
        new("02-MANDATARIA", "Mandataria"),
        new("03-ASSOCIATA", "Associata"),
        new("04-CAPOGRUPPO", "Capogruppo"),
        new("05-CONSORZIATA", "Consorziata"),
    ];

    /// <summary>
    /// L.190 sceltaContraenteType, exact strings (UTF-8; code 35 has a typographic apostrophe in "PARTERNARIATO PER
    /// L’INNOVAZIONE" and its typo, as in the XSD). Kept for records imported from, or exported to, L.190 files.
    /// </summary>
    public static readonly IReadOnlyList<string> SceltaContraenteL190 =
    [
        "01-PROCEDURA APERTA",
        "02-PROCEDURA RISTRETTA",
        "03-PROCEDURA NEGOZIATA PREVIA PUBBLICAZIONE",
        "04-PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE",
        "05-DIALOGO COMPETITIVO",
        "06-PROCEDURA NEGOZIATA SENZA PREVIA INDIZIONE DI GARA (SETTORI SPECIALI)",
        "07-SISTEMA DINAMICO DI ACQUISIZIONE",
        "08-AFFIDAMENTO IN ECONOMIA - COTTIMO FIDUCIARIO",
        "14-PROCEDURA SELETTIVA EX ART 238 C.7, D.LGS. 163/2006",
        "17-AFFIDAMENTO DIRETTO EX ART. 5 DELLA LEGGE 381/91",
        "21-PROCEDURA RISTRETTA DERIVANTE DA AVVISI CON CUI SI INDICE LA GARA",
        "22-PROCEDURA NEGOZIATA CON PREVIA INDIZIONE DI GARA (SETTORI SPECIALI)",
        "23-AFFIDAMENTO DIRETTO",
        "24-AFFIDAMENTO DIRETTO A SOCIETA' IN HOUSE",
        "25-AFFIDAMENTO DIRETTO A SOCIETA' RAGGRUPPATE/CONSORZIATE O CONTROLLATE NELLE CONCESSIONI E NEI PARTENARIATI",
        "26-AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
        "27-CONFRONTO COMPETITIVO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
        "28-PROCEDURA AI SENSI DEI REGOLAMENTI DEGLI ORGANI COSTITUZIONALI",
        "29-PROCEDURA RISTRETTA SEMPLIFICATA",
        "30-PROCEDURA DERIVANTE DA LEGGE REGIONALE",
        "31-AFFIDAMENTO DIRETTO PER VARIANTE SUPERIORE AL 20% DELL'IMPORTO CONTRATTUALE",
        "32-AFFIDAMENTO RISERVATO",
        "33-PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA",
        "34-PROCEDURA ART.16 COMMA 2-BIS DPR 380/2001 PER OPERE URBANIZZAZIONE A SCOMPUTO PRIMARIE SOTTO SOGLIA COMUNITARIA",
        "35-PARTERNARIATO PER L\u2019INNOVAZIONE",
        "36-AFFIDAMENTO DIRETTO PER LAVORI, SERVIZI O FORNITURE SUPPLEMENTARI",
        "37-PROCEDURA COMPETITIVA CON NEGOZIAZIONE",
        "38-PROCEDURA DISCIPLINATA DA REGOLAMENTO INTERNO PER SETTORI SPECIALI",
        "39-AFFIDAMENTO DIRETTO PER MODIFICHE CONTRATTUALI O VARIANTI PER LE QUALI \u00C8 NECESSARIA UNA NUOVA PROCEDURA DI AFFIDAMENTO",
    ];

    public static string? Label(IReadOnlyList<CodeEntry> list, string? code) =>
        code is null ? null : list.FirstOrDefault(e => e.Code == code)?.Label;

    public static bool Contains(IReadOnlyList<CodeEntry> list, string? code) => code is not null && list.Any(e => e.Code == code);

    /// <summary>PCP oggettoContratto code of a contract type.</summary>
    public static string PcpCode(ContractType tipo) => tipo switch
    {
        ContractType.Lavori => "works",
        ContractType.Servizi => "services",
        _ => "supplies",
    };
}
