using System.Text;
using ProvincePortal.Features.Territory.IndicePa;

namespace ProvincePortal.Tests.Features.Territory;

public sealed class IpaFileParserTests
{
    [Fact]
    public void Parse_Sample_ReadsSixteenRowsWithQuotedFieldsAndTheFirstPec()
    {
        var file = IpaFileParser.Parse(File.ReadAllBytes(IpaSamples.Sample), "enti_sample.csv");

        Assert.Equal((',', "UTF-8", 16, 16, 0), (file.Separator, file.EncodingName, file.DataRows, file.Rows.Count, file.Errors.Count));
        // Doubled quotes inside a quoted field; a quoted field holding the separator.
        Assert.Equal("ISTITUTO COMPRENSIVO \"AMEDEO D'AOSTA\"", file.Rows.Single(r => r.IpaCode == "0TK07ISH").Name);
        Assert.Equal("Fondazione Serics Security and Rights in Cyber Space,", file.Rows.Single(r => r.IpaCode == "0N7FO552").Name);
        var cormons = file.Rows.Single(r => r.IpaCode == "C_d014");
        // Two PEC addresses: the first one is the ente's.
        Assert.Equal((8, "L6", "D014", "comune.cormons@certgov.fvg.it", "https://www.comune.cormons.go.it"), (cormons.Line, cormons.Category, cormons.CadastralCode, cormons.Pec, cormons.Website));
        Assert.Equal("http://www.provincia.rovigo.it/myportal/P_RO/home", file.Rows.Single(r => r.IpaCode == "p_RO").Website);
    }

    [Fact]
    public void Parse_SemicolonsAndBom_GivesTheSameRows()
    {
        var comma = IpaFileParser.Parse(File.ReadAllBytes(IpaSamples.Sample), "a.csv");
        // Re-saved as a spreadsheet would: ';' separator, every field quoted, BOM.
        var lines = comma.Rows.Count == 16 ? IpaSamples.Lines() : [];
        var resaved = string.Join("\r\n", lines.Select(l => string.Join(';', SplitComma(l).Select(f => "\"" + f.Replace("\"", "\"\"") + "\"")))) + "\r\n";
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(resaved)).ToArray();

        var semicolon = IpaFileParser.Parse(bytes, "b.csv");

        Assert.Equal(';', semicolon.Separator);
        Assert.Equal(comma.Rows, semicolon.Rows);
    }

    [Theory]
    [InlineData("www.comune.corio.to.it", "https://www.comune.corio.to.it")]
    [InlineData("HTTPS:SISTEMA.example.it/x", "https://SISTEMA.example.it/x")]
    [InlineData("Http://www.a.it", "http://www.a.it")]
    [InlineData("", null)]
    public void NormalizeWebsite_AddsOrRepairsTheScheme(string value, string? expected)
    {
        Assert.Equal(expected, IpaFileParser.NormalizeWebsite(value, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void NormalizeWebsite_NotAnAddress_IsAnError()
    {
        Assert.Null(IpaFileParser.NormalizeWebsite("sito in costruzione", out var error));
        Assert.Equal("«sito in costruzione» non è un indirizzo web valido.", error);
    }

    [Fact]
    public void Parse_MissingColumns_RefusesTheFileNamingThem()
    {
        var bytes = Encoding.UTF8.GetBytes("cod_amm\tdes_amm\tMail1\nc_d008\tComune di Corio\tx@pec.it\n");
        var ex = Assert.Throws<IpaFileException>(() => IpaFileParser.Parse(bytes, "amministrazioni.txt"));
        Assert.StartsWith("amministrazioni.txt, riga 1 (intestazione): mancano le colonne \"Codice_IPA\", \"Denominazione_ente\", \"Codice_Categoria\"", ex.Errors.Single());
    }

    /// <summary>Splits one line of the sample (RFC 4180) for the re-save above.</summary>
    private static List<string> SplitComma(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
