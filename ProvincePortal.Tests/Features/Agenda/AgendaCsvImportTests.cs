using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>The generic `cod_comune;indicatore;valore;data` import: per-row errors, all or nothing, Province limits.</summary>
public sealed class AgendaCsvImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<CsvImportReport> ImportAsync(string user, string csv, bool apply = true) => factory.AsUserAsync(user, async sp =>
    {
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return await sp.GetRequiredService<AgendaImportService>().ImportCsvAsync(stream, "valori.csv", apply);
    });

    [Fact]
    public async Task BadRows_AllReportedWithLineAndField_NothingImported()
    {
        var report = await ImportAsync("cdc@demo.it",
            "cod_comune;indicatore;valore;data\n" +
            "026021;D1;87,5;30/06/2026\n" +          // good (Conegliano)
            "026021;Z9;1;30/06/2026\n" +             // unknown indicator
            "026021;D2;molto;30/06/2026\n" +         // not a number
            "999999;D1;10;30/06/2026\n" +            // unknown ISTAT code
            "017029;D1;10;30/06/2026\n" +            // Brescia: another Province for a Treviso user
            "026021;D2;10;31/02/2026\n" +            // not a date
            "026021;D1;90;30/06/2026\n");            // duplicate of line 2
        Assert.False(report.Applied);
        Assert.Equal(7, report.Rows);
        Assert.Equal(
        [
            new CsvRowError(3, "indicatore", "indicatore «Z9» non presente nella versione 2026 del quadro."),
            new CsvRowError(4, "valore", "«molto» non è un numero (es. 12,5)."),
            new CsvRowError(5, "cod_comune", "codice ISTAT «999999» sconosciuto o di un Comune di un'altra Provincia."),
            new CsvRowError(6, "cod_comune", "codice ISTAT «017029» sconosciuto o di un Comune di un'altra Provincia."),
            new CsvRowError(7, "data", "«31/02/2026» non è una data (GG/MM/AAAA o AAAA-MM-GG)."),
            new CsvRowError(8, "riga", "stesso Comune, indicatore e data della riga 2."),
        ], report.Errors);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.AgendaMeasurements.AnyAsync(m => m.Batch!.Kind == "CSV"));
    }

    [Fact]
    public async Task GoodFile_Imported_ThenSameFileUnchanged_NewDateAddsHistory()
    {
        const string csv = "cod_comune;indicatore;valore;data\n026086;D1;1.234,5;2026-06-30\n026086;C1;12;30/06/2026\n";
        var first = await ImportAsync("provincia@demo.it", csv);
        Assert.Empty(first.Errors);
        Assert.Equal((2, 0), (first.Added, first.Unchanged));
        var same = await ImportAsync("provincia@demo.it", csv);
        Assert.Equal((0, 2), (same.Added, same.Unchanged));
        var later = await ImportAsync("provincia@demo.it", "cod_comune;indicatore;valore;data\n026086;C1;15;31/12/2026\n");
        Assert.Equal(1, later.Added);
        await using var db = await factory.CreateSystemDbAsync();
        var treviso = await db.Comuni.SingleAsync(c => c.IstatCode == "026086");
        var values = await db.AgendaMeasurements.Where(m => m.ComuneId == treviso.Id && m.Indicator!.Code == "C1").OrderBy(m => m.MeasuredOn)
            .Select(m => new { m.Value, m.MeasuredOn }).ToListAsync();
        Assert.Equal([(12.0, new DateOnly(2026, 6, 30)), (15.0, new DateOnly(2026, 12, 31))], values.Select(v => (v.Value, v.MeasuredOn)));
        Assert.Equal(1234.5, await db.AgendaMeasurements.Where(m => m.ComuneId == treviso.Id && m.Indicator!.Code == "D1").Select(m => m.Value).SingleAsync());
    }

    [Fact]
    public async Task WrongHeader_FileError()
    {
        var ex = await Assert.ThrowsAsync<AgendaFileException>(() => ImportAsync("admin@demo.it", "comune,valore\n026021,1\n"));
        Assert.StartsWith("riga 1: intestazione attesa «cod_comune;indicatore;valore;data»", ex.Message);
    }

    [Fact]
    public async Task DirigenteAndComuneUsers_CannotImport()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => ImportAsync("dirigente@demo.it", "cod_comune;indicatore;valore;data\n"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => ImportAsync("comune@demo.it", "cod_comune;indicatore;valore;data\n"));
    }
}
