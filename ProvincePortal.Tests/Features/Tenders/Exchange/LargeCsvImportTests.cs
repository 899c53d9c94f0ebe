using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Tenders.Exchange;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

/// <summary>
/// A generated CIG CSV of 6,000 rows: over the 5,000 CIGs where the import reads the platform's CIGs in one pass
/// instead of IN (…) chunks, and written with the bulk path. Its own app and database: it writes thousands of lots.
/// </summary>
public sealed class LargeCsvImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SuaBs = "sua.bs@demo.it";

    private static readonly string[] Sample = File.ReadAllLines(CigCsv);
    private static readonly string[] Header = Sample[0].Split(';').Select(h => h.Trim('"')).ToArray();

    private static string Cig(int n) => $"{n + 3_000_000:0000000}{(n + 3_000_000L) * 211 % 4091:X3}";

    /// <summary>The real Brescia row of the sample (line 11) with another CIG, numero gara (three lots a gara) and amount.</summary>
    private static string Row(int n, string? importo = null, bool treviso = false)
    {
        var f = Sample[10].Split(';');
        void Set(string column, string value) => f[Array.IndexOf(Header, column)] = $"\"{value}\"";
        Set("cig", Cig(n));
        Set("numero_gara", $"G{n / 3}");
        if (importo is not null) Set("importo_lotto", importo);
        if (treviso) { Set("luogo_istat", "026086"); Set("cf_amministrazione_appaltante", "80007580279"); }
        return string.Join(';', f);
    }

    private static MemoryStream Csv(IEnumerable<string> rows) => new(Encoding.UTF8.GetBytes(string.Join('\n', rows.Prepend(Sample[0])) + "\n"));

    private Task<ExchangeReport> RunAsync(IEnumerable<string> rows, bool apply) => factory.AsUserAsync(SuaBs, s =>
    {
        var importer = s.GetRequiredService<TenderImportService>();
        return apply ? importer.ImportAnacCsvAsync(Csv(rows), "cig.csv", "BS") : importer.PreviewAnacCsvAsync(Csv(rows), "cig.csv", "BS");
    });

    [Fact]
    public async Task SixThousandRows_SameReportAsInSmallFiles_WrittenInFull_KnownGaraLotsJoinTheirProcedure()
    {
        var earlier = await RunAsync(Enumerable.Range(1, 1500).Select(n => Row(n)), apply: true);
        Assert.Equal("nuovi: 1500, aggiornati: 0, invariati: 0, ignorati: 0, scartati: 0", earlier.SummaryLine);

        var rows = Enumerable.Range(1, 5990).Select(n => Row(n, importo: n <= 1500 && n % 100 == 0 ? "1000.0" : null))
            .Concat(Enumerable.Range(5991, 5).Select(n => Row(n, treviso: true)))
            .Append(Row(5996).Replace($"\"{Cig(5996)}\"", "\"3005996ABC\""))
            .ToList();
        Assert.True(rows.Count > 5000);

        var big = await RunAsync(rows, apply: false);
        Assert.Equal("nuovi: 4490, aggiornati: 15, invariati: 1485, ignorati: 5, scartati: 1", big.SummaryLine);
        // The same rows in files under the threshold take the chunked lookup: the outcome of every CIG must match.
        var small = new List<ExchangeRowReport>();
        foreach (var chunk in rows.Chunk(2000)) small.AddRange((await RunAsync(chunk, apply: false)).Rows);
        static string Key(ExchangeRowReport r) => $"{r.Cig}|{r.Outcome}|{r.Message}|{r.Oggetto}";
        Assert.Equal(small.Select(Key).Order(), big.Rows.Select(Key).Order());

        Assert.Equal("Lotto aggiunto alla procedura già registrata con il numero gara ANAC G500.", big.Rows.Single(r => r.Cig == Cig(1501)).Message);
        Assert.Equal("Cambia: importo del lotto.", big.Rows.Single(r => r.Cig == Cig(100)).Message);

        int before;
        await using (var db = await factory.CreateSystemDbAsync()) before = await db.Lots.CountAsync();
        var applied = await RunAsync(rows, apply: true);
        Assert.Equal(big.SummaryLine, applied.SummaryLine);

        await using (var db = await factory.CreateSystemDbAsync())
        {
            Assert.Equal(before + 4490, await db.Lots.CountAsync());
            var gara = await db.Lots.Where(l => l.Cig == Cig(1500) || l.Cig == Cig(1501) || l.Cig == Cig(1502))
                .OrderBy(l => l.Cig).Select(l => new { l.ProcedureId, l.Numero, l.Procedure!.NumeroGaraAnac }).ToListAsync();
            Assert.Single(gara.Select(g => g.ProcedureId).Distinct());
            Assert.Equal([1, 2, 3], gara.Select(g => g.Numero));
            Assert.Equal("G500", gara[0].NumeroGaraAnac);
            var fresh = await db.Lots.Include(l => l.Procedure).SingleAsync(l => l.Cig == Cig(4000));
            Assert.Equal("G1333", fresh.Procedure!.NumeroGaraAnac);
            Assert.Equal(ContractType.Lavori, fresh.Procedure.Tipo);
            Assert.Equal(100_000L, (await db.Lots.SingleAsync(l => l.Cig == Cig(100))).ImportoCents);
            var bs = await db.Provinces.Where(p => p.Sigla == "BS").Select(p => p.Id).SingleAsync();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "Lot" && a.ProvinceId == bs && a.RecordCount == 4490));
        }

        var again = await RunAsync(rows, apply: false);
        Assert.Equal("nuovi: 0, aggiornati: 0, invariati: 5990, ignorati: 5, scartati: 1", again.SummaryLine);
    }
}
