using System.Text;
using ProvincePortal.Features.Tenders.Exchange;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

public class L190FormatTests
{
    [Fact]
    public void Read_RaggruppamentoSample_KeepsGroupsRolesAndForeignOperator()
    {
        var data = L190Reader.ReadFile(Raggruppamento);

        Assert.Equal(2023, data.Metadata.AnnoRiferimento);
        Assert.Equal(new DateOnly(2024, 1, 30), data.Metadata.DataPubblicazione);
        Assert.Equal(2, data.Lots.Count);
        var lot = data.Lots[0];
        Assert.Equal("1234567CE7", lot.Cig);
        Assert.Equal("01-PROCEDURA APERTA", lot.SceltaContraente);
        Assert.Equal(812345.67m, lot.ImportoAggiudicazione);
        Assert.Equal(new DateOnly(2023, 12, 20), lot.DataUltimazione);
        Assert.Equal(2, lot.Partecipanti.Count);
        var group = Assert.Single(lot.Partecipanti, p => p.IsGroup);
        Assert.Equal(["09876543217:02-MANDATARIA", "01111111116:01-MANDANTE"], group.Members.Select(m => $"{m.Operator.CodiceFiscale}:{m.Ruolo}"));
        var foreign = Assert.Single(lot.Partecipanti, p => !p.IsGroup).Members.Single().Operator;
        Assert.Equal(("DE123456789", null, "Gamma Bau GmbH"), (foreign.IdentificativoFiscaleEstero, foreign.CodiceFiscale, foreign.RagioneSociale));
        var winner = Assert.Single(lot.Aggiudicatari);
        Assert.True(winner.IsGroup);
        Assert.Equal(["02-MANDATARIA", "01-MANDANTE"], winner.Members.Select(m => m.Ruolo));
        Assert.Empty(data.Lots[1].Partecipanti);
        Assert.Null(data.Lots[1].DataInizio);
    }

    [Fact]
    public void Read_IndexFileInsteadOfDataset_IsRefusedNamingTheRoot()
    {
        var ex = Assert.Throws<L190FormatException>(() => L190Reader.ReadFile(Indice));
        Assert.Contains(ex.Errors, e => e.Contains("elemento <indici>") && e.Contains("riga 3"));
    }

    [Fact]
    public void Read_NotWellFormed_ErrorHasLineAndColumn()
    {
        var xml = File.ReadAllText(Raggruppamento).Replace("<oggetto>Fornitura cancelleria</oggetto>", "<oggetto>Fornitura cancelleria</ogetto>");
        var ex = Assert.Throws<L190FormatException>(() => L190Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "rotto.xml"));
        var line = Array.FindIndex(xml.Split('\n'), l => l.Contains("</ogetto>")) + 1;
        Assert.StartsWith($"rotto.xml, riga {line}, colonna ", Assert.Single(ex.Errors));
        Assert.Contains("XML non ben formato", ex.Errors[0]);
    }

    [Fact]
    public void Read_InvalidValues_EveryErrorNamesElementAndLine()
    {
        var lines = File.ReadAllLines(Raggruppamento);
        var scelta = Array.FindIndex(lines, l => l.Contains("23-AFFIDAMENTO DIRETTO"));
        lines[scelta] = lines[scelta].Replace("23-AFFIDAMENTO DIRETTO", "23-AFFIDAMENTO DIRETTISSIMO");
        var cf = Array.FindIndex(lines, l => l.Contains("<codiceFiscaleProp>01234567897"));
        lines[cf] = lines[cf].Replace("01234567897", "0123");
        var xml = Encoding.UTF8.GetBytes(string.Join('\n', lines));

        var ex = Assert.Throws<L190FormatException>(() => L190Reader.Read(new MemoryStream(xml), "errato.xml"));

        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith($"errato.xml, riga {cf + 1}, colonna ", ex.Errors[0]);
        Assert.Contains("elemento <codiceFiscaleProp>: formato non valido", ex.Errors[0]);
        Assert.StartsWith($"errato.xml, riga {scelta + 1}, colonna ", ex.Errors[1]);
        Assert.Contains("elemento <sceltaContraente>: valore non ammesso", ex.Errors[1]);
    }

    [Fact]
    public void Write_EveryProcedureTypeAndGroups_IsValidAgainstTheXsdAndReadsBack()
    {
        var alfa = new L190Operator("09876543217", null, "Alfa Costruzioni S.r.l.");
        var beta = new L190Operator("01111111116", null, "Beta Impianti S.p.A.");
        var gamma = new L190Operator(null, "DE123456789", "Gamma Bau GmbH");
        var group = new L190Participant([new L190Member(alfa, "02-MANDATARIA"), new L190Member(beta, "01-MANDANTE")]);
        var lots = L190Schema.SceltaContraenteValues.Select((scelta, i) => new L190Lot(
            $"{i + 1:0000000}XXX", "01234567897", "Provincia di Esempio & <SUA>", new string('x', 300) + " oggetto " + i, scelta,
            [group, L190Participant.Single(gamma)], i % 2 == 0 ? [group] : [L190Participant.Single(gamma)],
            1234.5m + i, new DateOnly(2023, 5, 2), null, 0m)).ToList();
        var dataset = new L190Dataset(new L190Metadata("Pubblicazione 1 legge 190", "Anno 2023", new DateOnly(2024, 1, 31), "Provincia di Esempio",
            new DateOnly(2024, 1, 31), 2023, "https://example.invalid/l190/2023.xml", "IODL"), lots);

        var stream = new MemoryStream();
        L190Writer.Write(stream, dataset);
        var bytes = stream.ToArray();

        Assert.Empty(XsdErrors(bytes));
        Assert.Equal(29, lots.Count);
        Assert.Contains("35-PARTERNARIATO PER L’INNOVAZIONE", Encoding.UTF8.GetString(bytes));
        var back = L190Reader.Read(new MemoryStream(bytes), "export.xml");
        Assert.Equal(lots.Select(l => l.SceltaContraente), back.Lots.Select(l => l.SceltaContraente));
        Assert.Equal(250, back.Lots[0].Oggetto.Length);
        Assert.Equal("1234.50", System.Xml.Linq.XDocument.Load(new MemoryStream(bytes)).Descendants("importoAggiudicazione").First().Value);
        Assert.Equal(["02-MANDATARIA", "01-MANDANTE"], back.Lots[0].Aggiudicatari.Single().Members.Select(m => m.Ruolo));
        Assert.Equal("Gamma Bau GmbH", back.Lots[1].Aggiudicatari.Single().Members.Single().Operator.RagioneSociale);
    }

    [Theory]
    [InlineData("PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA", "33-PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA", "5")]
    [InlineData("AFFIDAMENTO DIRETTO", "23-AFFIDAMENTO DIRETTO", "10")]
    [InlineData("procedura  aperta", "01-PROCEDURA APERTA", "6")]
    [InlineData("PARTERNARIATO PER L'INNOVAZIONE", "35-PARTERNARIATO PER L’INNOVAZIONE", "3")]
    [InlineData("AFFIDAMENTO DIRETTO A SOCIETA' IN HOUSE", "24-AFFIDAMENTO DIRETTO A SOCIETA' IN HOUSE", "10")]
    public void ProcedureTypeMap_CsvLabel_MapsToExactL190StringAndPcpCode(string label, string l190, string pcp)
    {
        Assert.Equal(l190, ProcedureTypeMap.L190FromLabel(label));
        Assert.Equal(pcp, ProcedureTypeMap.PcpFromL190(l190));
        Assert.True(ProcedureTypeMap.IsL190Value(ProcedureTypeMap.L190FromPcp(pcp)!));
    }
}
