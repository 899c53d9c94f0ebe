using ProvincePortal.Features.Tenders;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>The identifier checks on genuine codes from ANAC's open data (TestData/anac) and on corrupted copies.</summary>
public class IdentifiersTests
{
    private static readonly string SampleFile = Path.Combine(AppContext.BaseDirectory, "TestData", "anac", "cig-2023-10-sample.csv");

    /// <summary>Column values of the ANAC sample (quoted, ';'-separated; no field of these columns contains ';').</summary>
    private static List<string> Column(string name)
    {
        var lines = File.ReadAllLines(SampleFile);
        var header = lines[0].Split(';').Select(h => h.Trim('"')).ToList();
        var index = header.IndexOf(name);
        return lines.Skip(1).Select(l => l.Split(';')[index].Trim('"')).Where(v => v.Length > 0).ToList();
    }

    public static TheoryData<string> RealCigs() => new(Column("cig"));
    public static TheoryData<string> RealCpvs() => new(Column("cod_cpv").Distinct());
    public static TheoryData<string> RealFiscalCodes() => new(Column("cf_amministrazione_appaltante").Distinct());

    [Fact]
    public void TheSample_HoldsBothSimogGenerations()
    {
        var cigs = Column("cig");
        Assert.Equal(20, cigs.Count);
        Assert.Contains(cigs, c => CigCode.GenerationOf(c) == CigCode.Generation.SimogV1);
        Assert.Contains(cigs, c => CigCode.GenerationOf(c) == CigCode.Generation.SimogV2Pcp);
    }

    [Theory]
    [MemberData(nameof(RealCigs))]
    public void RealCig_IsValid_AndEveryOneCharacterChangeIsRejected(string cig)
    {
        Assert.Null(CigCode.Check(cig));
        Assert.Null(CigCode.Check(cig.ToLowerInvariant() + " "));
        const string alphabet = "0123456789ABCDEF";
        for (var i = 0; i < cig.Length; i++)
        {
            if (i == 0 && !char.IsAsciiDigit(cig[0])) continue; // the letter of v2 changes the generation, tested below
            foreach (var ch in alphabet.Where(ch => ch != cig[i]))
            {
                var corrupted = cig[..i] + ch + cig[(i + 1)..];
                Assert.False(CigCode.IsValid(corrupted), $"{corrupted} (da {cig}) non dovrebbe essere valido");
            }
        }
    }

    [Fact]
    public void Cig_Messages_NameTheAlgorithmThatFailed()
    {
        Assert.Equal("CIG non valido: il codice di controllo non corrisponde (algoritmo SIMOG prima versione).", CigCode.Check("9914876E7E"));
        Assert.Equal("CIG non valido: il codice di controllo non corrisponde (algoritmo SIMOG seconda versione / PCP).", CigCode.Check("A005FC04C4"));
        Assert.Equal("CIG non valido: il codice di controllo non corrisponde (algoritmo SmartCIG).", CigCode.Check("Z000123456"));
        Assert.Equal("Il CIG deve avere 10 caratteri (ne ha 9).", CigCode.Check("9914876E7"));
        Assert.Contains("SIMOG (prima versione) non valido: il progressivo non può essere 0000000", CigCode.Check("0000000000"));
        Assert.StartsWith("CIG non valido: deve iniziare", CigCode.Check("V005FC04C3"));
        // The letter is part of the v2 check: the same digits under another letter fail.
        Assert.False(CigCode.IsValid("B005FC04C3"));
    }

    [Fact]
    public void SmartCig_ComputedByTheRule_IsValid_AndCorruptedIsNot()
    {
        // KK = hex(C·211 mod 251) for C = 0x0A1B2C3.
        var c = 0x0A1B2C3;
        var smart = $"Z{c * 211L % 251:X2}{c:X7}";
        Assert.Null(CigCode.Check(smart));
        Assert.Null(CigCode.Check("X" + smart[1..]));
        Assert.False(CigCode.IsValid(smart[..9] + (smart[9] == '0' ? '1' : '0')));
        Assert.Contains("non può essere 0000000", CigCode.Check("Z000000000"));
    }

    [Fact]
    public void SyntheticL190Cigs_PassTheV1Check()
    {
        Assert.True(CigCode.IsValid("1234567CE7"));
        Assert.True(CigCode.IsValid("7654321183"));
    }

    [Fact]
    public void CigPublicUrl_PointsToAnacDashboard()
    {
        Assert.Equal("https://dati.anticorruzione.it/superset/dashboard/dettaglio_cig/?cig=A005FC04C3&standalone=2", CigCode.PublicUrl(" a005fc04c3"));
    }

    [Theory]
    [MemberData(nameof(RealCpvs))]
    [InlineData("45000000-7")]
    [InlineData("45233141-9")]
    public void RealCpv_IsValid_AndAWrongCheckDigitIsRejected(string cpv)
    {
        Assert.Null(CpvCode.Check(cpv));
        var wrong = cpv[..9] + (char)('0' + (cpv[9] - '0' + 1) % 10);
        Assert.Equal($"Codice CPV non valido: la cifra di controllo di {cpv[..8]} è {cpv[9]}, non {wrong[9]}.", CpvCode.Check(wrong));
    }

    [Theory]
    [InlineData("45000000")]
    [InlineData("4500000-7")]
    [InlineData("45000000-")]
    [InlineData("4500000A-7")]
    public void Cpv_WrongShape_NamesTheFormat(string cpv) =>
        Assert.Equal("Codice CPV non valido: il formato è 8 cifre, trattino e cifra di controllo (es. 45000000-7).", CpvCode.Check(cpv));

    [Theory]
    [MemberData(nameof(RealFiscalCodes))]
    public void RealCodiceFiscaleOfAPublicBody_IsValid_AndEachDigitChangeIsRejected(string cf)
    {
        Assert.Null(PartitaIva.Check(cf));
        Assert.Null(CodiceFiscale.Check(cf));
        for (var i = 0; i < 11; i++)
        {
            var changed = cf[..i] + (char)('0' + (cf[i] - '0' + 1) % 10) + cf[(i + 1)..];
            Assert.False(PartitaIva.IsValid(changed), changed);
        }
    }

    [Fact]
    public void PartitaIva_Messages()
    {
        Assert.Equal("Partita IVA non valida: la cifra di controllo dovrebbe essere 1, non 2.", PartitaIva.Check("04207001002"));
        Assert.Equal("Partita IVA non valida: servono 11 cifre (ne ha 10).", PartitaIva.Check("0420700100"));
        Assert.Contains("prime 7 cifre", PartitaIva.Check("00000001006"));
        Assert.StartsWith("Codice fiscale numerico non valido", CodiceFiscale.Check("04207001002"));
    }

    [Theory]
    [InlineData("RSSMRA80A01H501U")]
    [InlineData("rssmra80a01h501u")]
    public void PersonalCodiceFiscale_TestVector_IsValid(string cf) => Assert.Null(CodiceFiscale.Check(cf));

    [Fact]
    public void PersonalCodiceFiscale_WrongCheckLetter_SaysWhichLetter() =>
        Assert.Equal("Codice fiscale non valido: il carattere di controllo dovrebbe essere U, non X.", CodiceFiscale.Check("RSSMRA80A01H501X"));

    [Fact]
    public void PersonalCodiceFiscale_Omocodia_IsValidWithItsOwnCheckLetter()
    {
        // The last digit of the Comune code replaced by its omocodia letter (1 → M): a new check letter.
        var first15 = "RSSMRA80A01H50M";
        var omocode = first15 + CodiceFiscale.ExpectedCheckLetter(first15);
        Assert.Null(CodiceFiscale.Check(omocode));
        Assert.NotEqual('U', omocode[15]);
        Assert.NotNull(CodiceFiscale.Check(first15 + "U"));
    }

    [Theory]
    [InlineData("RSSMRA80Z01H501U", "non è una lettera di mese")]
    [InlineData("RSSMRA80A35H501U", "giorno di nascita")]
    [InlineData("RSSMRA80A01H501", "servono 16 caratteri")]
    [InlineData("RSS1RA80A01H501U", "la struttura attesa")]
    public void PersonalCodiceFiscale_BadStructure_NamesTheRule(string cf, string expected) =>
        Assert.Contains(expected, CodiceFiscale.Check(cf));

    [Theory]
    [InlineData("E37H22001230001")]
    [InlineData("j51b21000360006")]
    public void Cup_WellFormed_IsValid(string cup) => Assert.Null(CupCode.Check(cup));

    [Theory]
    [InlineData("E37H2200123000", "15 caratteri")]
    [InlineData("E37H2200123000A", "la struttura attesa")]
    [InlineData("137H22001230001", "la struttura attesa")]
    [InlineData("E3AH22001230001", "la struttura attesa")]
    public void Cup_Malformed_NamesTheRule(string cup, string expected) => Assert.Contains(expected, CupCode.Check(cup));

    [Fact]
    public void DateOrder_ReportsTheDateThatPrecedesAnEarlierStep_SkippingMissingOnes()
    {
        var errors = DateOrder.Check(
            new("A", "data di pubblicazione", new DateOnly(2025, 3, 10)),
            new("B", "data di aggiudicazione", null),
            new("C", "data di stipula", new DateOnly(2025, 3, 1))).ToList();
        var (field, message) = Assert.Single(errors);
        Assert.Equal("C", field);
        Assert.Equal("La data di stipula (01/03/2025) non può precedere la data di pubblicazione (10/03/2025).", message);
        Assert.Empty(DateOrder.Check(new("A", "a", new DateOnly(2025, 1, 1)), new("B", "b", new DateOnly(2025, 1, 1))));
    }
}
