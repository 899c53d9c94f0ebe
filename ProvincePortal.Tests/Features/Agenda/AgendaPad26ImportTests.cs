using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>
/// The real PA digitale 2026 files (Seed/padigitale2026) through the import, on the ISTAT 2020 territory (7,904 Comuni).
/// Expected counts were computed independently of the app with Python's csv module: for rows with
/// tipologia_ente = "Comuni" whose cod_comune is in column 5 of the ISTAT 2020 file, the set of stato_candidatura per
/// cod_comune, E if it holds E, else A if it holds A, else R; Comuni without rows are "not applied"; codes not in the
/// ISTAT list counted apart (script in the commit message of this test; rerun it on a new file).
/// </summary>
public sealed class AgendaPad26ImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Admin = "admin@demo.it";
    private static string File(string name) => Path.Combine(AgendaDemoData.SeedDirectory, name);

    private Task<Pad26ImportReport> ImportAsync(string name, bool apply) => factory.AsUserAsync(Admin, async sp =>
    {
        await using var stream = System.IO.File.OpenRead(File(name));
        return await sp.GetRequiredService<AgendaImportService>().ImportPad26Async(stream, name, apply);
    });

    [Fact]
    public async Task RealFiles_PreviewImportReimportAndSecondMeasure_ExactCounts()
    {
        var preview = await ImportAsync("candidature_finanziate_145.csv", apply: false);
        Assert.False(preview.Applied);
        await using (var db = await factory.CreateSystemDbAsync())
            Assert.Equal(0, await db.AgendaMeasurements.CountAsync());

        var r145 = await ImportAsync("candidature_finanziate_145.csv", apply: true);
        Assert.Equal((7707, 7707, 0), (r145.Rows, r145.ComuniRows, r145.OtherEntiRows));
        var m = Assert.Single(r145.Measures);
        Assert.Equal(("1.4.5", "A7", 6530, 126, 149, 1099), (m.Key, m.IndicatorCode, m.Done, m.InProgress, m.Renounced, m.NotApplied));
        Assert.Equal(6530 + 126 + 149 + 1099, 7904);
        // Sardinia's recoding and 5 rows without a code: listed, never dropped silently.
        Assert.Equal(310, r145.UnmatchedCodes.Count);
        Assert.Equal(325, r145.UnmatchedCodes.Sum(u => u.Rows));
        Assert.Equal(5, r145.UnmatchedCodes.Single(u => u.Code == "N/D").Rows);
        Assert.Contains(r145.UnmatchedCodes, u => u.Code == "119009" && u.ComuneInFile == "Iglesias");
        Assert.Equal(new DateOnly(2026, 8, 11), r145.MeasuredOn);
        // A7, the renounced count B4 and B3 (€ per inhabitant, 0 without funds) for every Comune; B2 (€ paid / € assigned)
        // for the 6,656 Comuni with something assigned (A or E: the 6,530 + 126 above)
        Assert.Equal(7904 * 3 + 6656, r145.Added);

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var a7 = await db.AgendaIndicators.Where(i => i.Code == "A7" && i.Framework!.IsCurrent).Select(i => i.Id).SingleAsync();
            Assert.Equal(6530, await db.AgendaMeasurements.CountAsync(x => x.IndicatorId == a7 && x.Status == MeasureStatus.Done && x.Value == 1));
            Assert.Equal(126, await db.AgendaMeasurements.CountAsync(x => x.IndicatorId == a7 && x.Value == 0.5));
            var batch = await db.AgendaImportBatches.SingleAsync();
            Assert.Contains("N/D Albaredo Arnaboldi ×5", batch.UnmatchedCodes);
            // Python on the file: 6,521 Comuni were paid all they were assigned; Conegliano 59.966 € / 34.428 inhabitants = 1,74
            var b2 = await db.AgendaIndicators.Where(i => i.Code == "B2" && i.Framework!.IsCurrent).Select(i => i.Id).SingleAsync();
            var b3 = await db.AgendaIndicators.Where(i => i.Code == "B3" && i.Framework!.IsCurrent).Select(i => i.Id).SingleAsync();
            Assert.Equal(6521, await db.AgendaMeasurements.CountAsync(x => x.IndicatorId == b2 && x.Value == 100));
            Assert.Equal(6656, await db.AgendaMeasurements.CountAsync(x => x.IndicatorId == b3 && x.Value > 0));
            Assert.Equal(1.74, await db.AgendaMeasurements.Where(x => x.IndicatorId == b3 && db.Comuni.Any(c => c.Id == x.ComuneId && c.IstatCode == "026021"))
                .Select(x => x.Value).SingleAsync());
        }

        var again = await ImportAsync("candidature_finanziate_145.csv", apply: true);
        Assert.Equal((0, 7904 * 3 + 6656), (again.Added, again.Unchanged));

        var r131 = await ImportAsync("candidature_finanziate_131.csv", apply: true);
        Assert.Equal((11856, 11587, 269), (r131.Rows, r131.ComuniRows, r131.OtherEntiRows));
        m = Assert.Single(r131.Measures);
        Assert.Equal(("1.3.1", "A8", 6400, 390, 49, 1065), (m.Key, m.IndicatorCode, m.Done, m.InProgress, m.Renounced, m.NotApplied));
        Assert.Equal((294, 411), (r131.UnmatchedCodes.Count, r131.UnmatchedCodes.Sum(u => u.Rows)));
        // A8 for every Comune; B4 changes only for the 49 Comuni that renounced 1.3.1; with the 1.3.1 amounts added to the
        // 1.4.5 ones kept from the first file (Python on both files): B2 for 7,255 Comuni, 2,248 of them new or changed;
        // B3 changed for 6,790 of 7,904
        Assert.Equal((7904 + 49 + 2248 + 6790, 7904 - 49 + 7255 - 2248 + 7904 - 6790), (r131.Added, r131.Unchanged));
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var b4 = await db.AgendaIndicators.Where(i => i.Code == "B4" && i.Framework!.IsCurrent).Select(i => i.Id).SingleAsync();
            var latest = await db.AgendaMeasurements.Where(x => x.IndicatorId == b4).GroupBy(x => x.ComuneId)
                .Select(g => g.OrderByDescending(x => x.Id).First().Value).ToListAsync();
            Assert.Equal(5, latest.Count(v => v == 2)); // renounced both measures (Python: both R = 5)
            // history kept: the 49 changed Comuni have two B4 values
            Assert.Equal(49, await db.AgendaMeasurements.Where(x => x.IndicatorId == b4).GroupBy(x => x.ComuneId).CountAsync(g => g.Count() == 2));
        }
    }

    [Fact]
    public async Task NotAPad26File_ClearErrorNamingTheColumns_NothingWritten()
    {
        var ex = await Assert.ThrowsAsync<AgendaFileException>(() => factory.AsUserAsync(Admin, async sp =>
        {
            await using var stream = new MemoryStream("name,importo_finanziamento\nAgliè,205571\n"u8.ToArray());
            return await sp.GetRequiredService<AgendaImportService>().ImportPad26Async(stream, "importi_per_comune.csv", true);
        }));
        Assert.Contains("mancano le colonne cod_comune", ex.Message);
        Assert.Contains("riga 1", ex.Message);
    }

    [Fact]
    public async Task BadStateInARow_NamesTheLine()
    {
        var lines = System.IO.File.ReadLines(File("candidature_finanziate_145.csv")).Take(4).ToList();
        lines[3] = lines[3].Replace(",E,", ",X,");
        var ex = await Assert.ThrowsAsync<AgendaFileException>(() => factory.AsUserAsync(Admin, async sp =>
        {
            await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines)));
            return await sp.GetRequiredService<AgendaImportService>().ImportPad26Async(stream, "rotto.csv", true);
        }));
        Assert.Equal("riga 4, stato_candidatura: valore «X» non previsto (attesi A, R, E).", ex.Message);
    }

    [Fact]
    public async Task ProvinceAdministrator_CannotImportNationalData()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => factory.AsUserAsync("provincia@demo.it", async sp =>
        {
            await using var stream = System.IO.File.OpenRead(File("candidature_finanziate_145.csv"));
            return await sp.GetRequiredService<AgendaImportService>().ImportPad26Async(stream, "x.csv", true);
        }));
    }
}
