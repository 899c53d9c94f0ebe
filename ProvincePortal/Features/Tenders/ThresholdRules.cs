using System.Text.Json;
using System.Text.Json.Serialization;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Tenders;

public enum ThresholdKind
{
    /// <summary>Up to (excluded) this amount a contract may be awarded directly (art. 50 c. 1 a-b).</summary>
    AffidamentoDiretto,
    /// <summary>Works from this amount: the negotiated procedure consults at least 10 operators instead of 5 (art. 50 c. 1 d).</summary>
    NegoziataDieciOperatori,
    /// <summary>EU threshold (art. 14): from here the ordinary procedures apply.</summary>
    SogliaUe,
}

public sealed record ThresholdRule(ContractType Tipo, ThresholdKind Regola, decimal Importo, DateOnly Dal, DateOnly? Al, string Fonte)
{
    public bool AppliesOn(DateOnly date) => date >= Dal && (Al is null || date <= Al);
}

public enum FindingSeverity { Informazione, Avviso }

public sealed record ThresholdFinding(FindingSeverity Severity, string Message);

/// <summary>
/// The dated table of thresholds (Features/Tenders/soglie-appalti.json, embedded) and the check of a procedure type
/// against its amount. Findings are warnings, never errors: the RUP may have reasons the table cannot know (art. 76).
/// </summary>
public sealed class ThresholdRules(IReadOnlyList<ThresholdRule> rules)
{
    public IReadOnlyList<ThresholdRule> Rules { get; } = rules;

    public static ThresholdRules Default { get; } = LoadEmbedded();

    public decimal? Amount(ContractType tipo, ThresholdKind kind, DateOnly date) =>
        Rules.FirstOrDefault(r => r.Tipo == tipo && r.Regola == kind && r.AppliesOn(date))?.Importo;

    /// <summary>
    /// Findings for a procedure of <paramref name="tipo"/> and PCP scelta contraente <paramref name="sceltaContraente"/>
    /// worth <paramref name="amountCents"/> (base amount including safety costs, VAT excluded), on <paramref name="date"/>
    /// (publication date, or today for a procedure not yet published).
    /// </summary>
    public IReadOnlyList<ThresholdFinding> Check(ContractType tipo, string? sceltaContraente, long amountCents, DateOnly date)
    {
        var findings = new List<ThresholdFinding>();
        if (amountCents <= 0 || string.IsNullOrEmpty(sceltaContraente)) return findings;
        var amount = amountCents / 100m;
        var direct = Amount(tipo, ThresholdKind.AffidamentoDiretto, date);
        var eu = Amount(tipo, ThresholdKind.SogliaUe, date);
        var tipoText = tipo.ToString().ToLowerInvariant();

        if (eu is null)
            findings.Add(new(FindingSeverity.Avviso, $"La tabella delle soglie non ha una soglia UE per {tipoText} in vigore il {Formats.Date(date)}: controllo della procedura non eseguito."));

        if (sceltaContraente == TenderCodeLists.AffidamentoDiretto && direct is { } d && amount >= d)
            findings.Add(new(FindingSeverity.Avviso,
                $"Affidamento diretto per {Formats.Euro(amount)}: per {tipoText} è ammesso sotto {Formats.Euro(d)} ({Source(tipo, ThresholdKind.AffidamentoDiretto, date)}). Serve una procedura negoziata o ordinaria."));

        if (sceltaContraente == TenderCodeLists.NegoziataSenzaBando && eu is { } ue)
        {
            if (amount >= ue)
                findings.Add(new(FindingSeverity.Avviso,
                    $"Importo {Formats.Euro(amount)} pari o superiore alla soglia UE ({Formats.Euro(ue)} dal {Formats.Date(RuleOf(tipo, ThresholdKind.SogliaUe, date)!.Dal)}): la procedura negoziata senza bando è ammessa solo nei casi dell'art. 76 D.Lgs. 36/2023."));
            else if (direct is { } dd && amount >= dd)
            {
                var ten = Amount(tipo, ThresholdKind.NegoziataDieciOperatori, date);
                var operators = ten is { } t && amount >= t ? 10 : 5;
                findings.Add(new(FindingSeverity.Informazione,
                    $"Procedura negoziata senza bando per {Formats.Euro(amount)}: consultare almeno {operators} operatori economici (art. 50, c. 1, D.Lgs. 36/2023)."));
            }
        }
        return findings;
    }

    private ThresholdRule? RuleOf(ContractType tipo, ThresholdKind kind, DateOnly date) =>
        Rules.FirstOrDefault(r => r.Tipo == tipo && r.Regola == kind && r.AppliesOn(date));

    private string Source(ContractType tipo, ThresholdKind kind, DateOnly date) => RuleOf(tipo, kind, date)?.Fonte ?? "";

    private sealed record RuleFile(List<RuleRow> Regole);
    private sealed record RuleRow(ContractType Tipo, ThresholdKind Regola, decimal Importo, DateOnly Dal, DateOnly? Al, string Fonte);

    /// <summary>Reads a rule table in the JSON format of soglie-appalti.json.</summary>
    public static ThresholdRules Parse(Stream json)
    {
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() } };
        var file = JsonSerializer.Deserialize<RuleFile>(json, options) ?? throw new InvalidDataException("Tabella delle soglie vuota.");
        return new ThresholdRules(file.Regole.Select(r => new ThresholdRule(r.Tipo, r.Regola, r.Importo, r.Dal, r.Al, r.Fonte)).ToList());
    }

    private static ThresholdRules LoadEmbedded()
    {
        using var stream = typeof(ThresholdRules).Assembly.GetManifestResourceStream("ProvincePortal.Features.Tenders.soglie-appalti.json")
            ?? throw new InvalidOperationException("Risorsa mancante: Features/Tenders/soglie-appalti.json.");
        return Parse(stream);
    }
}
