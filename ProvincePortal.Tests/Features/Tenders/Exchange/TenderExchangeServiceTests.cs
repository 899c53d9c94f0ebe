using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Tenders.Exchange;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Tenders.Exchange.ExchangeSamples;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

/// <summary>Imports and exports on the real app and database, as the demo SUA users of Treviso and Brescia.</summary>
public sealed class TenderExchangeServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SuaTv = "sua@demo.it";
    private const string SuaBs = "sua.bs@demo.it";

    private Task<T> As<T>(string email, Func<TenderImportService, Task<T>> action) =>
        factory.AsUserAsync(email, s => action(s.GetRequiredService<TenderImportService>()));

    private Task<T> Export<T>(string email, Func<TenderExportService, Task<T>> action) =>
        factory.AsUserAsync(email, s => action(s.GetRequiredService<TenderExportService>()));

    private async Task<int> LotCountAsync()
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Lots.CountAsync();
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task L190_PreviewWritesNothing_ApplyKeepsGroupsAndRoles_ReimportUnchanged_ExportValidatesAndRoundTrips()
    {
        var before = await LotCountAsync();
        var preview = await As(SuaTv, s => s.PreviewL190Async(File.OpenRead(Raggruppamento), "raggruppamento.xml", "TV"));
        Assert.Equal([ExchangeOutcome.Nuovo, ExchangeOutcome.Nuovo], preview.Rows.Select(r => r.Outcome));
        Assert.False(preview.Applied);
        Assert.Equal(before, await LotCountAsync());

        var applied = await As(SuaTv, s => s.ImportL190Async(File.OpenRead(Raggruppamento), "raggruppamento.xml", "TV"));
        Assert.Equal("nuovi: 2, aggiornati: 0, invariati: 0, ignorati: 0, scartati: 0", applied.SummaryLine);

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var lot = await db.Lots.Include(l => l.Procedure).Include(l => l.Participations).ThenInclude(p => p.Members).ThenInclude(m => m.Operator)
                .SingleAsync(l => l.Cig == "1234567CE7");
            var tv = await db.Provinces.SingleAsync(p => p.Sigla == "TV");
            Assert.Equal(tv.Id, lot.ProvinceId);
            Assert.Equal("01-PROCEDURA APERTA", lot.Procedure!.SceltaContraenteL190);
            Assert.Equal("6", lot.Procedure.SceltaContraente);
            Assert.Equal(81234567L, lot.ImportoAggiudicazioneCents);
            Assert.Equal(2, lot.Participations.Count);
            var group = lot.Participations.Single(p => p.Members.Count == 2);
            Assert.True(group.Aggiudicatario);
            Assert.Equal(["Alfa Costruzioni S.r.l.:02-MANDATARIA", "Beta Impianti S.p.A.:01-MANDANTE"],
                group.Members.OrderBy(m => m.Id).Select(m => $"{m.Operator!.Denominazione}:{m.Ruolo}"));
            var single = lot.Participations.Single(p => p.Members.Count == 1);
            Assert.False(single.Aggiudicatario);
            Assert.Equal("DE123456789", single.Members[0].Operator!.IdentificativoFiscaleEstero);
        }

        var again = await As(SuaTv, s => s.ImportL190Async(File.OpenRead(Raggruppamento), "raggruppamento.xml", "TV"));
        Assert.Equal("nuovi: 0, aggiornati: 0, invariati: 2, ignorati: 0, scartati: 0", again.SummaryLine);

        // Brescia cannot take CIGs that Treviso holds.
        var other = await As(SuaBs, s => s.PreviewL190Async(File.OpenRead(Raggruppamento), "raggruppamento.xml", "BS"));
        Assert.All(other.Rows, r => Assert.Equal(ExchangeOutcome.Scartato, r.Outcome));
        Assert.Contains("già registrato sulla piattaforma per un'altra Provincia", other.Rows[0].Message);

        var output = new MemoryStream();
        var export = await Export(SuaTv, s => s.ExportL190Async("TV", 2023, output, "l190-TV-2023.xml"));
        Assert.True(export.Lots >= 2, string.Join("; ", export.Skipped));
        var xml = output.ToArray();
        Assert.Empty(XsdErrors(xml));
        var back = L190Reader.Read(new MemoryStream(xml), "export.xml");
        var exported = back.Lots.Single(l => l.Cig == "1234567CE7");
        Assert.Equal(["02-MANDATARIA", "01-MANDANTE"], exported.Aggiudicatari.Single().Members.Select(m => m.Ruolo));
        var roundTrip = await As(SuaTv, s => s.PreviewL190Async(new MemoryStream(xml), "export.xml", "TV"));
        Assert.Equal(ExchangeOutcome.Invariato, roundTrip.Rows.Single(r => r.Cig == "1234567CE7").Outcome);
        Assert.Equal(ExchangeOutcome.Invariato, roundTrip.Rows.Single(r => r.Cig == "7654321183").Outcome);

        var json = new MemoryStream();
        await Export(SuaTv, s => s.ExportOcdsAsync("TV", json));
        var text = Encoding.UTF8.GetString(json.ToArray());
        Assert.Empty(await OcdsErrors(text));
        Assert.Contains(AnacLinks.CigPage("1234567CE7"), text);
    }

    [Fact]
    public async Task L190_InvalidFile_RefusedWithElementAndLine_NothingWritten()
    {
        var before = await LotCountAsync();
        var xml = File.ReadAllText(Raggruppamento).Replace("<ruolo>01-MANDANTE</ruolo></membro>\n        </raggruppamento>", "<ruolo>06-SOCIO</ruolo></membro>\n        </raggruppamento>");
        Assert.Contains("06-SOCIO", xml);
        var ex = await Assert.ThrowsAsync<ExchangeFileException>(() => As(SuaTv, s => s.ImportL190Async(Bytes(xml), "errato.xml", "TV")));
        var line = Array.FindIndex(xml.Split('\n'), l => l.Contains("06-SOCIO")) + 1;
        Assert.Contains(ex.Errors, e => e.StartsWith($"errato.xml, riga {line}, ") && e.Contains("elemento <ruolo>: valore non ammesso"));
        Assert.Equal(before, await LotCountAsync());
    }

    [Fact]
    public async Task AnacCsv_RealSample_OnlyTheProvinceRows_ReimportIdempotent_ChangesDetected_BadRowsRefused()
    {
        var first = await As(SuaBs, s => s.ImportAnacCsvAsync(File.OpenRead(CigCsv), "cig.csv", "BS"));
        Assert.Equal("nuovi: 1, aggiornati: 0, invariati: 0, ignorati: 19, scartati: 0", first.SummaryLine);
        Assert.Equal("99972610C4", first.Rows.Single(r => r.Outcome == ExchangeOutcome.Nuovo).Cig);
        Assert.Equal(11, first.Rows.Single(r => r.Outcome == ExchangeOutcome.Nuovo).Line);

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var lot = await db.Lots.Include(l => l.Procedure).SingleAsync(l => l.Cig == "99972610C4");
            Assert.Equal(527459981L, lot.ImportoCents);
            Assert.Equal("33-PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA", lot.Procedure!.SceltaContraenteL190);
            Assert.Equal("5", lot.Procedure.SceltaContraente);
            Assert.Equal(ContractType.Lavori, lot.Procedure.Tipo);
            Assert.Equal("06340981007", lot.Procedure.CommittenteCodiceFiscale);
            Assert.Equal((await db.Provinces.SingleAsync(p => p.Sigla == "BS")).Id, lot.ProvinceId);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "Lot" && a.RecordCount == 1));
        }

        var again = await As(SuaBs, s => s.ImportAnacCsvAsync(File.OpenRead(CigCsv), "cig.csv", "BS"));
        Assert.Equal("nuovi: 0, aggiornati: 0, invariati: 1, ignorati: 19, scartati: 0", again.SummaryLine);

        var text = File.ReadAllText(CigCsv);
        var changed = text.Replace("\"5274599.81\"", "\"5274600.00\"");
        var update = await As(SuaBs, s => s.ImportAnacCsvAsync(Bytes(changed), "cig.csv", "BS"));
        Assert.Equal("Cambia: importo del lotto.", update.Rows.Single(r => r.Outcome == ExchangeOutcome.Aggiornato).Message);

        // A Brescia row with a broken CIG check digit and one with a wrong amount: refused with CIG and reason.
        var rows = text.Split('\n').ToList();
        var bresciaLine = rows.FindIndex(r => r.StartsWith("\"99972610C4\""));
        rows.Add(rows[bresciaLine].Replace("\"99972610C4\"", "\"99972610C5\""));
        rows.Add(rows[bresciaLine].Replace("\"99972610C4\"", "\"99972610C4\"").Replace("\"5274599.81\"", "\"cinque\""));
        var bad = await As(SuaBs, s => s.PreviewAnacCsvAsync(Bytes(string.Join('\n', rows)), "cig.csv", "BS"));
        var refused = bad.Rows.Where(r => r.Outcome == ExchangeOutcome.Scartato).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, r => r.Cig == "99972610C5" && r.Message!.Contains("codice di controllo"));
        Assert.Contains(refused, r => r.Cig == "99972610C4" && r.Message!.Contains("importo_lotto \"cinque\""));
    }

    [Fact]
    public async Task AnacCsv_MalformedFile_ErrorWithLine_NothingImported()
    {
        var before = await LotCountAsync();
        var rows = File.ReadAllLines(CigCsv).ToList();
        rows[^1] = rows[^1][..120];
        var ex = await Assert.ThrowsAsync<ExchangeFileException>(() => As(SuaBs, s => s.ImportAnacCsvAsync(Bytes(string.Join('\n', rows)), "rotto.csv", "BS")));
        Assert.StartsWith("rotto.csv, riga 21: ", Assert.Single(ex.Errors));
        Assert.Equal(before, await LotCountAsync());
    }

    [Fact]
    public async Task Import_IntoAnotherProvince_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<ExchangeRequestException>(() => As(SuaTv, s => s.PreviewAnacCsvAsync(File.OpenRead(CigCsv), "cig.csv", "BS")));
        Assert.Equal("Provincia con sigla «BS» non trovata.", ex.Message);
    }
}
