using ProvincePortal.Features.Tenders.Exchange;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

public class AnacCigCsvTests
{
    private static List<AnacCigLine> ReadText(string text, string name = "cig.csv") => AnacCigCsv.Read(new StringReader(text), name).ToList();

    [Fact]
    public void Read_RealSample_AllRowsUsableWithNumbersDatesAndMappedProcedures()
    {
        using var file = File.OpenText(CigCsv);
        var lines = AnacCigCsv.Read(file, "cig-2023-10-sample.csv").ToList();

        Assert.Equal(20, lines.Count);
        Assert.All(lines, l => Assert.Null(l.Error));
        var brescia = lines.Single(l => l.Cig == "99972610C4").Row!;
        Assert.Equal(11, brescia.Line);
        Assert.Equal("017029", brescia.LuogoIstat);
        Assert.Equal(527459981L, brescia.ImportoLottoCents);
        Assert.Equal("33-PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA", brescia.SceltaContraenteL190);
        Assert.Equal("LAVORI", brescia.OggettoPrincipale);
        var first = lines[0].Row!;
        Assert.Equal(39000000L, first.ImportoLottoCents); // "390000.0"
        Assert.Equal(new DateOnly(2023, 6, 26), first.DataPubblicazione);
        Assert.Equal("64110000-0", first.Cpv);
        Assert.Equal(2023, first.AnnoPubblicazione);
        Assert.Equal(7, lines.Count(l => l.Row!.LuogoIstat is null));
        Assert.Equal("00334230190", lines.Single(l => l.Cig == "A007F7819A").Row!.CfSaDelegante);
    }

    [Fact]
    public void Read_BadValues_RowRefusedWithCigAndReasonOthersKept()
    {
        var text = File.ReadAllText(CigCsv);
        text = text.Replace("\"390000.0\";\"1\"", "\"390.000,0\";\"1\"")
            .Replace("\"PROCEDURA APERTA\"", "\"PROCEDURA INVENTATA\"");

        var lines = ReadText(text);

        Assert.Equal(20, lines.Count);
        var bad = lines.Where(l => l.Error is not null).ToList();
        Assert.Contains(bad, l => l.Cig == "9914876E7F" && l.Line == 2 && l.Error!.Contains("importo_complessivo_gara \"390.000,0\""));
        Assert.Equal(4, bad.Count(l => l.Error!.Contains("procedura di scelta del contraente \"PROCEDURA INVENTATA\" non riconosciuta")));
    }

    [Fact]
    public void Read_WrongFieldCount_StopsWithTheLine()
    {
        var rows = File.ReadAllLines(CigCsv).ToList();
        rows[5] = rows[5][..200];
        var ex = Assert.Throws<AnacCsvFormatException>(() => ReadText(string.Join("\n", rows), "troncato.csv"));
        Assert.StartsWith("troncato.csv, riga 6: ", ex.Message);
        Assert.Contains("invece di 61", ex.Message);
    }

    [Fact]
    public void Read_UnterminatedQuoteOrForeignHeader_IsAFormatError()
    {
        var quote = Assert.Throws<AnacCsvFormatException>(() => ReadText("cig;oggetto_gara;oggetto_lotto;importo_lotto;oggetto_principale_contratto;luogo_istat;tipo_scelta_contraente;cf_amministrazione_appaltante;denominazione_amministrazione_appaltante\n\n\"ZZ;\"\"x"));
        Assert.Contains("riga 3: virgolette aperte", quote.Message);
        var header = Assert.Throws<AnacCsvFormatException>(() => ReadText("codice;nome\n1;2\n", "altro.csv"));
        Assert.StartsWith("altro.csv, riga 1: intestazione non riconosciuta, mancano le colonne cig, oggetto_gara", header.Message);
    }

    [Fact]
    public void Read_HeaderInAnyCaseAndOrder_QuotedSeparatorsAndLineBreaks()
    {
        var text = "\"TIPO_SCELTA_CONTRAENTE\";\"Cig\";\"Oggetto_Lotto\";\"OGGETTO_GARA\";\"importo_lotto\";\"oggetto_principale_contratto\";\"LUOGO_ISTAT\";\"cf_amministrazione_appaltante\";\"denominazione_amministrazione_appaltante\"\r\n" +
                   "\"AFFIDAMENTO DIRETTO\";\"z1a2b3c4d5\";\"Lotto; con \"\"virgolette\"\"\ne a capo\";\"\";\"5.0\";\"servizi\";\"026086\";\"00000000000\";\"Comune\"\r\n";
        var line = Assert.Single(ReadText(text));
        Assert.Null(line.Error);
        Assert.Equal("Z1A2B3C4D5", line.Cig);
        Assert.Equal("Lotto; con \"virgolette\"\ne a capo", line.Row!.OggettoLotto);
        Assert.Equal(500, line.Row.ImportoLottoCents);
        Assert.Equal("SERVIZI", line.Row.OggettoPrincipale);
    }

    [Fact]
    public void ProvinceFilter_PlaceOfExecutionOrAuthority()
    {
        using var file = File.OpenText(CigCsv);
        var rows = AnacCigCsv.Read(file, "x").Select(l => l.Row!).ToList();
        var brescia = new AnacProvinceFilter(new HashSet<string> { "017029", "017001" }, "Brescia", new HashSet<string>());
        Assert.Equal(["99972610C4"], rows.Where(brescia.Belongs).Select(r => r.Cig));
        // Savona's provincial administration, with no place of execution given: only its fiscal code places it.
        var savona = new AnacProvinceFilter(new HashSet<string> { "009056" }, "Savona", new HashSet<string> { "00311260095" });
        Assert.Equal(["A0080D94E7"], rows.Where(savona.Belongs).Select(r => r.Cig));
        var roma = new AnacProvinceFilter(new HashSet<string> { "058091" }, "Roma", new HashSet<string>());
        Assert.Equal(["9914876E7F", "A003270025"], rows.Where(roma.Belongs).Select(r => r.Cig));
    }
}
