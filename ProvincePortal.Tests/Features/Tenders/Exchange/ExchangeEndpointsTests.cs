using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Tenders.Exchange;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

/// <summary>The download endpoints of /gare/scambio over HTTP with the real login cookie.</summary>
public sealed class ExchangeEndpointsTests(TendersFactory factory) : IClassFixture<TendersFactory>
{
    private async Task ArrangeAsync()
    {
        // Treviso: the two L.190 lots (2023); Brescia: its row of the ANAC sample.
        await factory.AsUserAsync(TendersFactory.Sua, s => s.GetRequiredService<TenderImportService>().ImportL190Async(File.OpenRead(Raggruppamento), "r.xml", "TV"));
        await factory.AsUserAsync(TendersFactory.SuaBrescia, s => s.GetRequiredService<TenderImportService>().ImportAnacCsvAsync(File.OpenRead(CigCsv), "cig.csv", "BS"));
    }

    [Fact]
    public async Task Sua_DownloadsOwnProvinceOnly_OtherRolesAndProvincesRefused()
    {
        await ArrangeAsync();
        var sua = await factory.LoginAsync(TendersFactory.Sua);

        var l190 = await sua.GetAsync("/gare/scambio/l190?anno=2023");
        Assert.Equal(HttpStatusCode.OK, l190.StatusCode);
        Assert.Equal("application/xml", l190.Content.Headers.ContentType!.MediaType);
        Assert.Equal("l190-TV-2023.xml", l190.Content.Headers.ContentDisposition!.FileNameStar ?? l190.Content.Headers.ContentDisposition.FileName);
        var xml = await l190.Content.ReadAsByteArrayAsync();
        Assert.Empty(XsdErrors(xml));
        var text = Encoding.UTF8.GetString(xml);
        Assert.Contains("<cig>1234567CE7</cig>", text);
        Assert.DoesNotContain("99972610C4", text);

        var ocds = await sua.GetAsync("/gare/scambio/ocds");
        Assert.Equal(HttpStatusCode.OK, ocds.StatusCode);
        var json = await ocds.Content.ReadAsStringAsync();
        Assert.Empty(await OcdsErrors(json));
        Assert.Contains("1234567CE7", json);
        Assert.DoesNotContain("99972610C4", json);

        // Another Province named explicitly: not found, nothing of it sent.
        var other = await sua.GetAsync("/gare/scambio/ocds?provincia=BS");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("99972610C4", await other.Content.ReadAsStringAsync());

        var badYear = await sua.GetAsync("/gare/scambio/l190?anno=duemila");
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.Contains("Anno non valido", await badYear.Content.ReadAsStringAsync());

        var brescia = await factory.LoginAsync(TendersFactory.SuaBrescia);
        var bsJson = await (await brescia.GetAsync("/gare/scambio/ocds")).Content.ReadAsStringAsync();
        Assert.Contains("99972610C4", bsJson);
        Assert.DoesNotContain("1234567CE7", bsJson);

        foreach (var email in new[] { TendersFactory.Manager, TendersFactory.ComuneConegliano })
        {
            var client = await factory.LoginAsync(email);
            foreach (var url in new[] { "/gare/scambio/l190?anno=2023", "/gare/scambio/ocds" })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Redirect,
                    $"{email} {url}: {(int)response.StatusCode}");
                Assert.DoesNotContain("1234567CE7", await response.Content.ReadAsStringAsync());
            }
        }
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/gare/scambio/ocds")).StatusCode);
    }

    [Theory]
    [InlineData("Manutenzione straordinaria strade provinciali (CPV 45233141-9)", ContractType.Lavori, "divisione CPV 45")]
    [InlineData("Arredi scolastici, CPV 39160000-1", ContractType.Forniture, "divisione CPV 39")]
    [InlineData("Lavori di pulizia, CPV 90910000-9", ContractType.Servizi, "divisione CPV 90")]
    [InlineData("Fornitura di carburante", ContractType.Forniture, "prima parola dell'oggetto")]
    [InlineData("Lavori di rifacimento del tetto (CPV 45000000-8 errato)", ContractType.Lavori, "prima parola dell'oggetto")]
    [InlineData("Gestione calore", ContractType.Servizi, "in mancanza di indicazioni")]
    public void GuessTipo_CpvDivisionFirst_ThenTheObject(string oggetto, ContractType expected, string explained)
    {
        var (tipo, explanation) = L190Mapping.GuessTipo(oggetto);
        Assert.Equal(expected, tipo);
        Assert.Contains(explained, explanation);
    }
}
