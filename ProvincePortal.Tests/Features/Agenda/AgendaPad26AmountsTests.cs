using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>
/// B2 (€ erogati / € assegnati, %) and B3 (€ assegnati per abitante) from a small hand-made PA digitale file, values worked
/// out by hand below. Populations: ISTAT 2011 legal population of the 2020 list (Conegliano 34.428, Treviso 81.014,
/// Vittorio Veneto 28.656).
/// </summary>
public sealed class AgendaPad26AmountsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Header = "codice_ipa,ente,tipologia_ente,comune,cod_comune,provincia,cod_provincia,regione,cod_regione,importo_finanziamento,avviso,"
                                  + "data_invio_candidatura,data_finanziamento,codice_cup,numero_finestra_temporale,numero_di_protocollo,decreto_finanziamento,"
                                  + "stato_candidatura,data_stato_candidatura,misura";

    private static string Row(string code, string name, string amount, string state, string date, string measure) =>
        $"c_x,Comune di {name},Comuni,{name},{code},TV,026,Veneto,05,{amount},{measure} avviso di prova,2023-01-01T10:00:00.000+0000,2023-03-01,CUP,1,1,Decreto,{state},{date},{measure}";

    private const string Send = "1.4.5 Digitalizzazione degli avvisi pubblici";
    private const string Pdnd = "1.3.1 Piattaforma Digitale Nazionale Dati";

    private Task<Pad26ImportReport> ImportAsync(string name, params string[] rows) => factory.AsUserAsync("admin@demo.it", async sp =>
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. rows])));
        return await sp.GetRequiredService<AgendaImportService>().ImportPad26Async(stream, name, apply: true);
    });

    private async Task<Dictionary<string, double>> LatestAsync(string code, DateOnly date)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var id = await db.AgendaIndicators.Where(i => i.Code == code && i.Framework!.IsCurrent).Select(i => i.Id).SingleAsync();
        var rows = await db.AgendaMeasurements.Where(m => m.IndicatorId == id && m.MeasuredOn == date)
            .Join(db.Comuni, m => m.ComuneId, c => c.Id, (m, c) => new { c.IstatCode, m.Value }).ToListAsync();
        return rows.ToDictionary(r => r.IstatCode, r => r.Value);
    }

    [Fact]
    public async Task AmountsOfTwoFiles_AddUpAcrossMeasures_ExactValues()
    {
        await ImportAsync("prova-1.csv",
            Row("026021", "Conegliano", "10000.0", "A", "2025-03-01", Send),
            Row("026021", "Conegliano", "5000.50", "E", "2025-04-01", Pdnd),
            Row("026021", "Conegliano", "7000.0", "R", "2024-01-01", Pdnd), // renounced: its amount counts nowhere
            Row("026086", "Treviso", "20000.0", "E", "2025-05-10", Send),
            Row("026092", "Vittorio Veneto", "3000.0", "R", "2025-02-01", Send));
        var day1 = new DateOnly(2025, 5, 10);
        var b2 = await LatestAsync("B2", day1);
        // Conegliano: paid 5.000,50 of 10.000 + 5.000,50 = 15.000,50 → 33,3356 % → 33,34; Treviso: 20.000 of 20.000
        Assert.Equal(new Dictionary<string, double> { ["026021"] = 33.34, ["026086"] = 100 }, b2);
        var b3 = await LatestAsync("B3", day1);
        Assert.Equal(0.44, b3["026021"]); // 15.000,50 / 34.428 = 0,4357
        Assert.Equal(0.25, b3["026086"]); // 20.000 / 81.014 = 0,2469
        Assert.Equal(0, b3["026092"]);     // only a renunciation: nothing assigned, a real 0 (B2 has no value: 0/0)
        Assert.Equal(7904, b3.Count);      // every Comune of the territory has a population

        // A second file with 1.3.1 only: 1.4.5 still counts from the first file.
        var second = await ImportAsync("prova-2.csv", Row("026021", "Conegliano", "6000.0", "A", "2025-06-30", Pdnd));
        var day2 = new DateOnly(2025, 6, 30);
        Assert.Equal(day2, second.MeasuredOn);
        b2 = await LatestAsync("B2", day2);
        b3 = await LatestAsync("B3", day2);
        // Conegliano: 10.000 (1.4.5, A) + 6.000 (1.3.1, A) assigned, nothing paid → 0 %; 16.000 / 34.428 = 0,4647
        Assert.Equal(0, b2["026021"]);
        Assert.Equal(0.46, b3["026021"]);
        // Treviso unchanged (100 %, 0,25): not written again
        Assert.False(b2.ContainsKey("026086"));
        Assert.False(b3.ContainsKey("026086"));
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal(2, await db.AgendaPad26Amounts.CountAsync(a => a.Measure == "1.3.1"));
        Assert.Equal(1_000_000, await db.AgendaPad26Amounts.Where(a => a.Measure == "1.4.5").Join(db.Comuni.Where(c => c.IstatCode == "026021"),
            a => a.ComuneId, c => c.Id, (a, c) => a.AssignedCents).SingleAsync());
    }

    [Fact]
    public async Task FundedRowWithoutANumber_NamesLineAndField_NothingWritten()
    {
        var ex = await Assert.ThrowsAsync<AgendaFileException>(() => ImportAsync("rotto.csv",
            Row("026021", "Conegliano", "10000.0", "A", "2025-03-01", Send),
            Row("026086", "Treviso", "ventimila", "E", "2025-05-10", Send)));
        Assert.Equal("riga 3, importo_finanziamento: «ventimila» non è un importo (es. 12345.67).", ex.Message);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.AgendaImportBatches.AnyAsync(b => b.FileName == "rotto.csv"));
    }
}
