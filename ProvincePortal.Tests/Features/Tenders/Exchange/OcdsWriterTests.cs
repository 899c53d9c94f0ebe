using System.Text;
using System.Text.Json;
using ProvincePortal.Features.Tenders.Exchange;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

public class OcdsWriterTests
{
    private static OcdsProcess Process(string ocid, params OcdsAward[] awards) => new(
        ocid, ocid + "-1", new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc), "Manutenzione strade \"SP 12\" à è",
        "IT-CF-80008870265", "IT-CF-80008870265", "works", "6", "Aperta", 81234567,
        new DateOnly(2024, 2, 1),
        [
            new OcdsParty("IT-CF-80008870265", "Provincia di Treviso", "80008870265", null, ["buyer", "procuringEntity"]),
            new OcdsParty("IT-CF-09876543217", "Alfa Costruzioni S.r.l.", "09876543217", null, ["tenderer", "supplier"]),
            new OcdsParty("XX-DE123456789", "Gamma Bau GmbH", null, "DE123456789", ["tenderer"]),
        ],
        [new OcdsItem("1234567CE7", "Lotto 1", 50000000), new OcdsItem("7654321183", "Lotto 2", 31234567)],
        ["IT-CF-09876543217", "XX-DE123456789"],
        awards,
        false);

    [Fact]
    public async Task Write_PackageWithAndWithoutAwards_IsValidAgainstOcds115Schema()
    {
        var stream = new MemoryStream();
        OcdsWriter.Write(stream, new OcdsPackageInfo("https://portale.example.invalid/gare/ocds/TV", "Provincia di Treviso", "80008870265", new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc)),
        [
            Process("ocds-pp-TV-1", new OcdsAward("ocds-pp-TV-1-1234567CE7", "1234567CE7", "Lotto 1", 45000000, new DateOnly(2024, 3, 1), ["IT-CF-09876543217"], new DateOnly(2024, 4, 1), null)),
            Process("ocds-pp-TV-2"),
        ]);
        var json = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Empty(await OcdsErrors(json));
        using var doc = JsonDocument.Parse(json);
        var release = doc.RootElement.GetProperty("releases")[0];
        Assert.Equal(["tender", "award"], release.GetProperty("tag").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(812345.67m, release.GetProperty("tender").GetProperty("value").GetProperty("amount").GetDecimal());
        Assert.Equal("open", release.GetProperty("tender").GetProperty("procurementMethod").GetString());
        Assert.Equal(AnacLinks.CigPage("1234567CE7"), release.GetProperty("tender").GetProperty("documents")[0].GetProperty("url").GetString());
        Assert.Contains("\\\"SP 12\\\" à è", json); // quotes escaped, accented letters kept readable
    }

    [Fact]
    public async Task SchemaCheck_CatchesAnInvalidPackage()
    {
        // The validator must be able to fail: a package without releases and with a bad currency is refused.
        var errors = await OcdsErrors("""{"uri":"https://x.invalid/p","version":"1.1","publishedDate":"2024-01-01T00:00:00Z","publisher":{"name":"P"},"releases":[{"ocid":"o","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender","tender":{"id":"t","value":{"amount":1,"currency":"EURO"}}}]}""");
        Assert.NotEmpty(errors);
        var missing = await OcdsErrors("""{"uri":"https://x.invalid/p","version":"1.1","publishedDate":"2024-01-01T00:00:00Z","publisher":{"name":"P"},"releases":[]}""");
        Assert.NotEmpty(missing);
    }
}
