using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>`ProvincePortal territorio import-ipa` run for real, on an empty territory (verbs never seed the ISTAT list).</summary>
public sealed class ImportIpaVerbTests() : CliProcessTest("cli-ipa-")
{
    [Fact]
    public async Task ImportIpa_PrintsTheReportEndingWithTheCounts_AndAnUnusableFileSetsExitCode1()
    {
        var run = await RunAsync("territorio", "import-ipa", IpaSamples.Sample, "--anteprima");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{string.Join('\n', run.Lines)}\n{run.Error}");
        Assert.Contains("Non collegati: Codice catastale della sede non presente nel territorio: 12", run.Lines);
        Assert.Contains("Non collegato, riga 10 (csvgd Consorzio Strada Vicinale Gavignano Cedda): Categoria L6 ma non è un Comune (consorzio, unione o associazione)", run.Lines);
        Assert.Contains("Anteprima: nessun dato scritto.", run.Lines);
        Assert.Equal("righe: 16, Comuni collegati: 0, Province collegate: 0, PEC nuove: 0, PEC cambiate: 0, invariati: 0, non collegati: 16, righe con errori: 0", run.Lines[^1]);

        var legacy = Path.Combine(DataDirectory, "pec.txt");
        await File.WriteAllTextAsync(legacy, "cod_amm\tDescrizione\tMail\tTipo Mail\nc_d008\tComune di Corio\tinfo@pec.comune.corio.to.it\tpec\n");
        var bad = await RunAsync("territorio", "import-ipa", legacy);

        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("Errore: pec.txt, riga 1 (intestazione): mancano le colonne \"Codice_IPA\"", bad.Lines[^1]);
    }
}
