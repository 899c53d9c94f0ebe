using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

/// <summary>The four `gare` verbs run for real, as separate processes on their own SQLite data folder.</summary>
public sealed class ExchangeVerbsTests() : CliProcessTest("gare-cli-")
{
    [Fact]
    public async Task GareVerbs_ImportL190AndCsv_ExportL190AndOcds_ThroughTheRealEntryPoint()
    {
        // Verbs never seed: the territory comes from the ISTAT verb, as on a new installation.
        var seed = Path.Combine(AppContext.BaseDirectory, "Seed", "istat", "elenco-comuni-italiani-2020-01-01.csv");
        Assert.Equal(0, (await RunAsync("import-comuni", seed)).ExitCode);

        var l190 = await RunAsync("gare", "import-l190", Raggruppamento, "--provincia", "TV");
        Assert.True(l190.ExitCode == 0, string.Join('\n', l190.Lines) + l190.Error);
        Assert.Equal("nuovi: 2, aggiornati: 0, invariati: 0, ignorati: 0, scartati: 0", l190.Lines[^1]);

        var csv = await RunAsync("gare", "import-anac-csv", CigCsv, "--provincia", "BS");
        Assert.Equal("nuovi: 1, aggiornati: 0, invariati: 0, ignorati: 19, scartati: 0", csv.Lines[^1]);

        // BDAP-MOP gare, type detected from the header: 5 CUPs (registered with their CUP only) and 6 awards, none matching.
        var gar = Path.Combine(AppContext.BaseDirectory, "TestData", "bdap", "mop_gare_sample_derived.csv");
        var bdap = await RunAsync("gare", "import-bdap", gar, "--provincia", "TV");
        Assert.True(bdap.ExitCode == 0, string.Join('\n', bdap.Lines) + bdap.Error);
        Assert.Contains("Senza procedura: CUP B22C21001140001", bdap.Lines);
        Assert.Equal("nuovi: 11, aggiornati: 0, invariati: 0, CUP senza procedura: 5, CIG senza lotto: 6, errori: 0", bdap.Lines[^1]);

        var broken = Path.Combine(DataDirectory, "rotto.xml");
        File.WriteAllText(broken, File.ReadAllText(Raggruppamento).Replace("</data>", ""));
        var bad = await RunAsync("gare", "import-l190", broken, "--provincia", "TV");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains(bad.Lines, l => l.StartsWith("Errore: rotto.xml, riga ") && l.Contains("XML non ben formato"));

        var xmlOut = Path.Combine(DataDirectory, "l190-TV-2023.xml");
        var export = await RunAsync("gare", "export-l190", "--provincia", "TV", "--anno", "2023", "--out", xmlOut);
        Assert.True(export.ExitCode == 0, string.Join('\n', export.Lines) + export.Error);
        Assert.StartsWith("esportati: 2 lotti, esclusi: 0", export.Lines[^1]);
        Assert.Empty(XsdErrors(File.ReadAllBytes(xmlOut)));

        var jsonOut = Path.Combine(DataDirectory, "ocds-BS.json");
        var ocds = await RunAsync("gare", "export-ocds", "--provincia", "BS", "--out", jsonOut);
        Assert.True(ocds.ExitCode == 0, string.Join('\n', ocds.Lines) + ocds.Error);
        Assert.Empty(await OcdsErrors(File.ReadAllText(jsonOut)));
        Assert.Contains("99972610C4", File.ReadAllText(jsonOut));

        var noYear = await RunAsync("gare", "export-l190", "--provincia", "TV", "--out", xmlOut);
        Assert.Equal(2, noYear.ExitCode);
        Assert.Contains("manca --anno", noYear.Error);
    }
}
