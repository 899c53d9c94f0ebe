using System.Text;
using ProvincePortal.Features.Tenders;

namespace ProvincePortal.Tests.Features.Tenders;

public class ThresholdRulesTests
{
    private static readonly ThresholdRules Rules = ThresholdRules.Default;
    private const string Diretto = TenderCodeLists.AffidamentoDiretto;
    private const string Negoziata = TenderCodeLists.NegoziataSenzaBando;
    private const string Aperta = "6";

    private static long Euro(decimal e) => (long)(e * 100);

    [Fact]
    public void EmbeddedTable_HasTheEuThresholdsOfEachPeriod()
    {
        Assert.Equal(5_538_000m, Rules.Amount(ContractType.Lavori, ThresholdKind.SogliaUe, new DateOnly(2025, 12, 31)));
        Assert.Equal(5_404_000m, Rules.Amount(ContractType.Lavori, ThresholdKind.SogliaUe, new DateOnly(2026, 1, 1)));
        Assert.Equal(221_000m, Rules.Amount(ContractType.Servizi, ThresholdKind.SogliaUe, new DateOnly(2024, 1, 1)));
        Assert.Equal(216_000m, Rules.Amount(ContractType.Forniture, ThresholdKind.SogliaUe, new DateOnly(2027, 12, 31)));
        Assert.Equal(150_000m, Rules.Amount(ContractType.Lavori, ThresholdKind.AffidamentoDiretto, new DateOnly(2026, 5, 1)));
        Assert.Equal(140_000m, Rules.Amount(ContractType.Servizi, ThresholdKind.AffidamentoDiretto, new DateOnly(2026, 5, 1)));
    }

    [Fact]
    public void DirectAward_BelowTheLimit_NoFinding_AtTheLimit_Warning()
    {
        Assert.Empty(Rules.Check(ContractType.Lavori, Diretto, Euro(149_999.99m), new DateOnly(2025, 6, 1)));
        var finding = Assert.Single(Rules.Check(ContractType.Lavori, Diretto, Euro(150_000m), new DateOnly(2025, 6, 1)));
        Assert.Equal(FindingSeverity.Avviso, finding.Severity);
        Assert.Equal("Affidamento diretto per € 150.000,00: per lavori è ammesso sotto € 150.000,00 (art. 50, c. 1, lett. a), D.Lgs. 36/2023). Serve una procedura negoziata o ordinaria.", finding.Message);
        Assert.Single(Rules.Check(ContractType.Servizi, Diretto, Euro(140_000m), new DateOnly(2025, 6, 1)));
    }

    [Fact]
    public void NegotiatedWithoutCall_DependsOnTheEuThresholdInForceOnTheDate()
    {
        // € 5.450.000 of works: under the 2024-2025 threshold (5.538.000), over the 2026-2027 one (5.404.000).
        var in2025 = Rules.Check(ContractType.Lavori, Negoziata, Euro(5_450_000m), new DateOnly(2025, 12, 31));
        var in2026 = Rules.Check(ContractType.Lavori, Negoziata, Euro(5_450_000m), new DateOnly(2026, 1, 1));
        Assert.Equal(FindingSeverity.Informazione, Assert.Single(in2025).Severity);
        Assert.Contains("almeno 10 operatori", in2025[0].Message);
        var warning = Assert.Single(in2026);
        Assert.Equal(FindingSeverity.Avviso, warning.Severity);
        Assert.Equal("Importo € 5.450.000,00 pari o superiore alla soglia UE (€ 5.404.000,00 dal 01/01/2026): la procedura negoziata senza bando è ammessa solo nei casi dell'art. 76 D.Lgs. 36/2023.", warning.Message);
    }

    [Fact]
    public void NegotiatedWorks_FiveOperatorsBelowOneMillion_TenFromOneMillion()
    {
        Assert.Contains("almeno 5 operatori", Assert.Single(Rules.Check(ContractType.Lavori, Negoziata, Euro(999_999m), new DateOnly(2026, 3, 1))).Message);
        Assert.Contains("almeno 10 operatori", Assert.Single(Rules.Check(ContractType.Lavori, Negoziata, Euro(1_000_000m), new DateOnly(2026, 3, 1))).Message);
        Assert.Contains("almeno 5 operatori", Assert.Single(Rules.Check(ContractType.Servizi, Negoziata, Euro(200_000m), new DateOnly(2026, 3, 1))).Message);
    }

    [Fact]
    public void OpenProcedure_IsAlwaysAdmissible()
    {
        Assert.Empty(Rules.Check(ContractType.Forniture, Aperta, Euro(50_000m), new DateOnly(2026, 3, 1)));
        Assert.Empty(Rules.Check(ContractType.Lavori, Aperta, Euro(9_000_000m), new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void DateOutsideTheTable_WarnsThatTheCheckWasNotDone()
    {
        var finding = Assert.Single(Rules.Check(ContractType.Lavori, Aperta, Euro(100_000m), new DateOnly(2028, 1, 1)));
        Assert.Contains("non ha una soglia UE per lavori in vigore il 01/01/2028", finding.Message);
    }

    [Fact]
    public void ATableReadFromJson_IsUsedAsIs_ThresholdsAreDataNotCode()
    {
        const string json = """
            { "regole": [ { "tipo": "Servizi", "regola": "SogliaUe", "importo": 100000, "dal": "2030-01-01", "al": null, "fonte": "prova" },
                          { "tipo": "Servizi", "regola": "AffidamentoDiretto", "importo": 50000, "dal": "2030-01-01", "al": null, "fonte": "prova" } ] }
            """;
        var custom = ThresholdRules.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("ammesso sotto € 50.000,00 (prova)", Assert.Single(custom.Check(ContractType.Servizi, Diretto, Euro(60_000m), new DateOnly(2030, 6, 1))).Message);
        Assert.Empty(Rules.Check(ContractType.Servizi, Diretto, Euro(60_000m), new DateOnly(2026, 6, 1)));
    }
}
