using System.Text;
using ProvincePortal.Features.Territory;
using static ProvincePortal.Tests.Features.Territory.IstatSamples;

namespace ProvincePortal.Tests.Features.Territory;

public class IstatFileParserTests
{
    // Row counts and facts below were counted on the raw files with a separate script (see TestData/SOURCE.md).

    [Fact]
    public async Task Parse_2019File_ReadsEveryRow()
    {
        var file = await IstatFileParser.ParseFileAsync(File2019);
        Assert.Equal(7914, file.DataRows);
        Assert.Equal(7914, file.Rows.Count);
        Assert.Empty(file.Rejected);
        Assert.Equal("Windows-1252", file.EncodingName);
        Assert.True(file.HasPopulation);
        Assert.False(file.HasType);
        Assert.Equal(94, file.Rows.Count(r => r.Sigla == "TV"));
        Assert.Contains(file.Rows, r => r.CadastralCode == "L731" && r.Name == "Vendrogno");
        // The 2019 file has "Borgocarbonara  " with trailing spaces: values are trimmed.
        Assert.Equal("Borgocarbonara", file.Rows.Single(r => r.CadastralCode == "M406").Name);
    }

    [Fact]
    public async Task Parse_2020File_ReadsEveryRowWithItsProvinceRegionAndPopulation()
    {
        var file = await IstatFileParser.ParseFileAsync(File2020);
        Assert.Equal(7904, file.DataRows);
        Assert.Equal(7904, file.Rows.Count);
        Assert.Empty(file.Rejected);
        Assert.Equal(20, file.Rows.Select(r => r.RegionCode).Distinct().Count());
        Assert.Equal(107, file.Rows.Select(r => r.UtsCode).Distinct().Count());
        Assert.Equal(109, file.Rows.Count(r => r.IsCapoluogo));
        Assert.Equal(94, file.Rows.Count(r => r.Sigla == "TV"));

        var conegliano = file.Rows.Single(r => r.CadastralCode == "C957");
        Assert.Equal(("026021", "Conegliano", "026", "TV", "Treviso", "05", "Veneto", 34428, false),
            (conegliano.IstatCode, conegliano.Name, conegliano.UtsCode, conegliano.Sigla, conegliano.UtsName, conegliano.RegionCode, conegliano.RegionName, conegliano.Population, conegliano.IsCapoluogo));
        Assert.Equal(ProvinceType.Provincia, conegliano.Type);

        Assert.Equal("Agliè", file.Rows.Single(r => r.CadastralCode == "A074").Name);
        Assert.Equal(2617175, file.Rows.Single(r => r.Name == "Roma").Population);
        var bolzano = file.Rows.Single(r => r.CadastralCode == "A952");
        Assert.Equal(("Bolzano", "Bozen", "Bolzano/Bozen"), (bolzano.Name, bolzano.NameOtherLanguage, bolzano.UtsName));
        Assert.Null(conegliano.NameOtherLanguage);
        Assert.Equal("Trentino-Alto Adige/Südtirol", bolzano.RegionName);
    }

    [Fact]
    public async Task Parse_FileWithoutTipologia_DerivesTheTypeOfEachUnit()
    {
        var file = await IstatFileParser.ParseFileAsync(File2020);
        var types = file.Rows.DistinctBy(r => r.UtsCode).ToDictionary(r => r.Sigla, r => r.Type);
        Assert.Equal(ProvinceType.CittaMetropolitana, types["TO"]);
        Assert.Equal(ProvinceType.CittaMetropolitana, types["RC"]);
        Assert.Equal(ProvinceType.LiberoConsorzio, types["AG"]);
        Assert.Equal(ProvinceType.CittaMetropolitana, types["PA"]);
        Assert.Equal(ProvinceType.ProvinciaAutonoma, types["TN"]);
        Assert.Equal(ProvinceType.UnitaNonAmministrativa, types["UD"]);
        Assert.Equal(ProvinceType.Provincia, types["AO"]);
        Assert.Equal(ProvinceType.Provincia, types["SU"]);
        var counts = types.Values.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(81, counts[ProvinceType.Provincia]);
        Assert.Equal(14, counts[ProvinceType.CittaMetropolitana]);
        Assert.Equal(6, counts[ProvinceType.LiberoConsorzio]);
        Assert.Equal(4, counts[ProvinceType.UnitaNonAmministrativa]);
        Assert.Equal(2, counts[ProvinceType.ProvinciaAutonoma]);
    }

    [Fact]
    public void NormaliseHeader_DropsLineBreaksFootnotesAndTrailingSpaces()
    {
        Assert.Equal("codice dell'unità territoriale sovracomunale (valida a fini statistici)",
            IstatFileParser.NormaliseHeader("Codice dell'Unità territoriale sovracomunale \r\n(valida a fini statistici)"));
        Assert.Equal("codice provincia (storico)", IstatFileParser.NormaliseHeader("Codice Provincia (Storico)(1)"));
        Assert.Equal("codice nuts2 2010", IstatFileParser.NormaliseHeader("Codice NUTS2 2010 (3) "));
    }

    [Fact]
    public void Parse_RecentLayoutWith26Columns_MapsColumnsByNameAndReadsTipologia()
    {
        // The sample is UTF-8; ISTAT publishes Windows-1252: check both encodings give the same rows.
        var utf8 = File.ReadAllBytes(RecentHeaderSample);
        var text = Encoding.UTF8.GetString(utf8);
        Assert.Equal(26, SemicolonCsv.Read(text).First().Fields.Count);
        foreach (var (bytes, encoding) in new[] { (utf8, "UTF-8"), (Windows1252.GetBytes(text.ReplaceLineEndings("\r\n")), "Windows-1252") })
        {
            var file = IstatFileParser.Parse(bytes, "Elenco-comuni-italiani.csv");
            Assert.Equal(encoding, file.EncodingName);
            Assert.True(file.HasType);
            Assert.False(file.HasPopulation);
            Assert.Equal(5, file.Rows.Count);
            Assert.Empty(file.Rejected);
            var aglie = file.Rows.Single(r => r.CadastralCode == "A074");
            Assert.Equal(("Agliè", "001001", "201", "TO", ProvinceType.CittaMetropolitana, (int?)null), (aglie.Name, aglie.IstatCode, aglie.UtsCode, aglie.Sigla, aglie.Type, aglie.Population));
            var caserta = file.Rows.Single(r => r.CadastralCode == "B963");
            Assert.Equal((ProvinceType.Provincia, true, "Caserta"), (caserta.Type, caserta.IsCapoluogo, caserta.UtsName));
            var africo = file.Rows.Single(r => r.CadastralCode == "A065");
            Assert.Equal(("280", "080001", ProvinceType.CittaMetropolitana), (africo.UtsCode, africo.IstatCode, africo.Type));
        }
    }

    [Fact]
    public void Parse_Utf8WithBom_IsAcceptedWithoutMojibake()
    {
        var (header, lines) = Split2020();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Build(header, lines.Take(3), Encoding.UTF8)).ToArray();
        var file = IstatFileParser.Parse(bytes, "comuni.csv");
        Assert.Equal("UTF-8", file.EncodingName);
        Assert.Equal("Agliè", file.Rows[0].Name);
    }

    [Fact]
    public void Parse_UndefinedWindows1252Byte_IsRefusedNamingLineAndColumn()
    {
        var bytes = Small2020(5);
        // "Agliè" on the first data row (line 4): replace è (0xE8) of the Italian name with 0x81, undefined in Windows-1252.
        var text = Windows1252.GetString(bytes);
        var at = text.IndexOf(";Agliè;Agliè;", StringComparison.Ordinal) + ";Agliè;Agli".Length;
        bytes[at] = 0x81;

        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains("comuni.csv, riga 4, colonna \"Denominazione in italiano\"", ex.Message);
        Assert.Contains("Windows-1252", ex.Message);
        Assert.Contains("Nessun dato importato", ex.Message);
    }

    [Fact]
    public void Parse_Utf8TextEncodedTwice_IsRefusedAsMojibakeNamingLineAndColumn()
    {
        var (header, lines) = Split2020();
        // What an editor produces when it reads UTF-8 as Windows-1252 and saves again.
        var mojibake = Windows1252.GetString(Encoding.UTF8.GetBytes(lines[0]));
        var bytes = Build(header, [mojibake, .. lines.Skip(1).Take(3)], Encoding.UTF8);

        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains("riga 4, colonna \"Denominazione (Italiana e straniera)\"", ex.Message);
        Assert.Contains("AgliÃ¨", ex.Message);
    }

    [Fact]
    public void Parse_Utf16File_IsRefused()
    {
        var (header, lines) = Split2020();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Build(header, lines.Take(3), Encoding.Unicode)).ToArray();
        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains("riga 1", ex.Message);
        Assert.Contains("UTF-16", ex.Message);
    }

    [Fact]
    public void Parse_MissingRequiredColumns_NamesThem()
    {
        var (header, lines) = Split2020();
        // Drop "Codice Catastale del comune" (position 18) and "Sigla automobilistica" (13) from header and rows.
        static string Drop(string line) => string.Join(';', line.Split(';').Where((_, i) => i != 13 && i != 18));
        var bytes = Build(Drop(header), lines.Take(5).Select(Drop));

        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains("riga 1 (intestazione)", ex.Message);
        Assert.Contains("\"Codice Catastale del comune\"", ex.Message);
        Assert.Contains("\"Sigla automobilistica\"", ex.Message);
    }

    [Fact]
    public void Parse_DuplicatedCadastralCode_NamesBothLinesAndTheColumn()
    {
        var bytes = Small2020(6, l => { l[4] = WithField(l[4], Col2020.Cadastral, Field(l[1], Col2020.Cadastral)); return l; });
        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains($"righe {LineOf(1)} e {LineOf(4)}, colonna \"Codice Catastale del comune\": codice catastale A109 ripetuto", ex.Message);
    }

    [Fact]
    public void Parse_DuplicatedIstatCode_NamesBothLinesAndTheColumn()
    {
        var bytes = Small2020(6, l => { l[5] = WithField(l[5], Col2020.IstatCode, "001001"); return l; });
        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains($"righe {LineOf(0)} e {LineOf(5)}, colonna \"Codice Comune formato alfanumerico\": codice ISTAT 001001 ripetuto", ex.Message);
    }

    [Fact]
    public void Parse_TruncatedLastLine_NamesTheLineAndTheFirstMissingColumn()
    {
        var (header, lines) = Split2020();
        var some = lines.Take(6).ToList();
        some[5] = some[5][..some[5].IndexOf(";ITC;", StringComparison.Ordinal)][..^3]; // cut inside the population
        var bytes = Build(header, some, finalNewline: false);

        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains($"riga {LineOf(5)}: 20 campi invece di 23, manca la colonna \"NUTS1\" (riga troncata?)", ex.Message);
    }

    [Fact]
    public void Parse_LastLineEndingInsideAQuote_NamesTheLineAndColumn()
    {
        var (header, lines) = Split2020();
        var some = lines.Take(3).ToList();
        some.Add("01;201;001; 004 ;001004;\"Albiano d'Ivrea");
        var bytes = Build(header, some, finalNewline: false);

        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains($"riga {LineOf(3)}, colonna \"Denominazione (Italiana e straniera)\": virgolette aperte e mai chiuse", ex.Message);
    }

    [Fact]
    public void Parse_InvalidValues_RefuseOnlyTheirRowsNamingLineAndColumn()
    {
        var bytes = Small2020(6, l =>
        {
            l[1] = WithField(l[1], Col2020.Population, "3,819");
            l[2] = WithField(l[2], Col2020.Capoluogo, "si");
            l[3] = WithField(l[3], Col2020.IstatCode, "00100A");
            l[4] = WithField(l[4], Col2020.Name, new string('x', 201));
            return l;
        });
        var file = IstatFileParser.Parse(bytes, "comuni.csv");
        Assert.Equal(6, file.DataRows);
        Assert.Equal(2, file.Rows.Count);
        Assert.Equal(
            [
                $"riga {LineOf(1)}, colonna \"Popolazione legale 2011 (09/10/2011)\": popolazione non valida \"3,819\" (atteso un numero intero, es. 2.644).",
                $"riga {LineOf(2)}, colonna \"Flag Comune capoluogo di provincia/città metropolitana/libero consorzio\": valore \"si\" non ammesso (0 o 1).",
                $"riga {LineOf(3)}, colonna \"Codice Comune formato alfanumerico\": codice ISTAT del Comune non valido \"00100A\" (attese sei cifre, es. 026021).",
                $"riga {LineOf(4)}, colonna \"Denominazione in italiano\": testo di 201 caratteri, al massimo 200.",
            ],
            file.Rejected.Select(r => r.ToString()));
        Assert.Equal("A109", file.Rejected[0].CadastralCode);
    }

    [Fact]
    public void Parse_UnreadableCadastralCode_MakesTheFileUnusable()
    {
        // Without the key the Comune cannot be matched and would be wrongly marked suppressed: refuse the file.
        var bytes = Small2020(4, l => { l[2] = WithField(l[2], Col2020.Cadastral, "A1"); return l; });
        var ex = Assert.Throws<IstatFileException>(() => IstatFileParser.Parse(bytes, "comuni.csv"));
        Assert.Contains($"riga {LineOf(2)}, colonna \"Codice Catastale del comune\": codice catastale non valido \"A1\"", ex.Message);
    }

    [Fact]
    public void Parse_CodesWithoutLeadingZeros_ArePadded()
    {
        var bytes = Small2020(2, l => { l[0] = WithField(WithField(l[0], Col2020.IstatCode, "1001"), Col2020.RegionCode, "1"); return l; });
        var row = IstatFileParser.Parse(bytes, "comuni.csv").Rows[0];
        Assert.Equal(("001001", "01"), (row.IstatCode, row.RegionCode));
    }

    [Theory]
    [InlineData("elenco-comuni-italiani-2020-01-01.csv", "2020-01-01")]
    [InlineData("/tmp/x/Elenco-comuni-italiani-2019-05-15.csv", "2019-05-15")]
    [InlineData("comuni-2021-13-45-ma-2022-06-30.csv", "2022-06-30")]
    public void ResolveEdition_TakesTheDateFromTheFileName(string name, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), IstatImportService.ResolveEdition(null, name));

    [Fact]
    public void ResolveEdition_ExplicitDateWins_ElseToday()
    {
        Assert.Equal(new DateOnly(2021, 3, 1), IstatImportService.ResolveEdition(new DateOnly(2021, 3, 1), "x-2020-01-01.csv"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.InRange(IstatImportService.ResolveEdition(null, "Elenco-comuni-italiani.csv"), today.AddDays(-1), today.AddDays(1));
    }
}
