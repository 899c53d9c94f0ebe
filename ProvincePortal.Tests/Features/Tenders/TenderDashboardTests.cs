using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;
using static ProvincePortal.Tests.Features.Tenders.TendersFactory;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>The dashboard's figures against values computed here from the rows inserted, its scoping, and the downloads read back.</summary>
public sealed class TenderDashboardTests(TendersFactory factory) : IClassFixture<TendersFactory>
{
    private Task<T> AsDashboard<T>(string email, Func<TenderDashboardService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<TenderDashboardService>()));

    /// <summary>Inserts procedures of the given year in Treviso: two per phase, alternating committente and procedure type.</summary>
    private async Task<List<Procedure>> SeedYearAsync(int year)
    {
        var conegliano = await factory.ComuneIdAsync("C957");
        await using var db = await factory.CreateSystemDbAsync();
        var tv = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        var list = new List<Procedure>();
        var k = 0;
        foreach (var phase in Enum.GetValues<TenderPhase>())
        {
            for (var i = 0; i < 2; i++, k++)
            {
                var published = new DateOnly(year, 1 + k % 6, 10);
                var awarded = phase >= TenderPhase.Affidamento ? published.AddDays(20 + 7 * k) : (DateOnly?)null;
                var p = new Procedure
                {
                    ProvinceId = tv, ComuneId = k % 3 == 0 ? conegliano : null, Oggetto = $"Dashboard {year} n. {k}", Tipo = ContractType.Servizi,
                    SceltaContraente = k % 2 == 0 ? TenderCodeLists.NegoziataSenzaBando : "6", ImportoBaseCents = 10_000_00 * (k + 1),
                    Phase = phase, Anno = year, DataPubblicazione = phase >= TenderPhase.Pubblicazione ? published : null,
                    DataAggiudicazione = awarded, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
                };
                p.Lots.Add(new Lot
                {
                    ProvinceId = tv, Numero = 1, Oggetto = "Lotto unico", ImportoCents = p.ImportoBaseCents,
                    ImportoAggiudicazioneCents = awarded is null ? null : p.ImportoBaseCents * 9 / 10,
                    RibassoPercent = awarded is null ? null : 5.5m + k,
                });
                list.Add(p);
            }
        }
        db.Procedures.AddRange(list);
        await db.SaveChangesAsync();
        return list;
    }

    [Fact]
    public async Task Figures_MatchTheRowsOfTheYear()
    {
        var rows = await SeedYearAsync(2031);

        var d = await AsDashboard(Manager, s => s.GetAsync(new TenderDashboardFilter(Anno: 2031)));

        Assert.Equal(rows.Count, d.Total);
        Assert.Equal(2031, d.AwardYear);
        foreach (var phase in Enum.GetValues<TenderPhase>())
        {
            var f = d.ByPhase.Single(x => x.Phase == phase);
            Assert.Equal(rows.Count(r => r.Phase == phase), f.Count);
            Assert.Equal(rows.Where(r => r.Phase == phase).Sum(r => r.ImportoBaseCents), f.ValueCents);
        }
        var inProgress = rows.Where(r => r.Phase is TenderPhase.Pubblicazione or TenderPhase.Affidamento or TenderPhase.Esecuzione).ToList();
        Assert.Equal(inProgress.Count, d.InProgressCount);
        Assert.Equal(inProgress.Sum(r => r.ImportoBaseCents), d.InProgressValueCents);
        var awarded = rows.Where(r => r.DataAggiudicazione?.Year == 2031).ToList();
        Assert.Equal(awarded.Count, d.AwardedInYearCount);
        Assert.Equal(awarded.Sum(r => r.Lots.Sum(l => l.ImportoAggiudicazioneCents ?? 0)), d.AwardedInYearValueCents);
        var days = rows.Where(r => r.DataAggiudicazione is not null).Select(r => r.DataAggiudicazione!.Value.DayNumber - r.DataPubblicazione!.Value.DayNumber).ToList();
        Assert.Equal(days.Count, d.AwardsMeasured);
        Assert.Equal(days.Average(), d.AverageDaysToAward!.Value, 6);
        var ribassi = rows.SelectMany(r => r.Lots).Where(l => l.RibassoPercent is not null).Select(l => (double)l.RibassoPercent!.Value).ToList();
        Assert.Equal(ribassi.Average(), d.AverageRibassoPercent!.Value, 6);
        Assert.Equal(rows.Count(r => r.SceltaContraente == "6"), d.BySceltaContraente.Single(s => s.Label == "Aperta").Count);
        Assert.Equal(rows.Count(r => r.ComuneId != null), d.ByCommittente.Single(s => s.Label == "Comune di Conegliano").Count);
        Assert.Equal(rows.Count(r => r.ComuneId == null), d.ByCommittente.Single(s => s.Label == "Provincia di Treviso").Count);
        Assert.Equal(100.0, d.ByCommittente.Sum(s => s.Percent), 1);
    }

    [Fact]
    public async Task Summary_EqualsTheFullDashboard_ForEachVisibility_AndIsNeverSharedAcrossThem()
    {
        // Procedures of this year in Treviso, some of Conegliano's: the SUA, Conegliano's user, Brescia's SUA and the
        // platform administrator each see a different set.
        var year = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Formats.Rome)).Year;
        await SeedYearAsync(year);
        (factory.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>() as Microsoft.Extensions.Caching.Memory.MemoryCache)?.Clear();

        var totals = new Dictionary<string, int>();
        // The SUA first: its cached summary must not be what the Comune's user or Brescia's SUA get next.
        foreach (var email in new[] { Sua, ComuneConegliano, SuaBrescia, "admin@demo.it", ProvinceAdmin })
        {
            var summary = await AsDashboard(email, s => s.GetSummaryAsync());
            var full = await AsDashboard(email, s => s.GetAsync(new TenderDashboardFilter()));
            Assert.Equal(full.Total, summary.Total);
            Assert.Equal(full.InProgressCount, summary.InProgressCount);
            Assert.Equal(full.InProgressValueCents, summary.InProgressValueCents);
            Assert.Equal(full.AwardYear, summary.AwardYear);
            Assert.Equal(full.AwardedInYearValueCents, summary.AwardedInYearValueCents);
            Assert.Equal(full.NextDeadlines.Take(TenderDashboardService.SummaryDeadlines).Select(d => d.DeadlineId), summary.NextDeadlines.Select(d => d.DeadlineId));
            totals[email] = summary.Total;
        }
        Assert.True(totals[ComuneConegliano] < totals[Sua], $"Conegliano {totals[ComuneConegliano]}, SUA {totals[Sua]}");
        Assert.NotEqual(totals[Sua], totals[SuaBrescia]);
        Assert.True(totals["admin@demo.it"] >= totals[Sua] + totals[SuaBrescia]);
        // Same visibility, same figures: the Province's administrator is served the SUA's cached summary.
        Assert.Equal(totals[Sua], totals[ProvinceAdmin]);
        var first = await AsDashboard(Sua, s => s.GetSummaryAsync());
        var again = await AsDashboard(ProvinceAdmin, s => s.GetSummaryAsync());
        Assert.Same(first, again);
    }

    [Fact]
    public async Task ComuneUser_CountsOnlyItsComunesProcedures_AndCannotDownload()
    {
        var rows = await SeedYearAsync(2032);
        var conegliano = await factory.ComuneIdAsync("C957");

        var comune = await AsDashboard(ComuneConegliano, s => s.GetAsync(new TenderDashboardFilter(Anno: 2032)));
        Assert.Equal(rows.Count(r => r.ComuneId == conegliano), comune.Total);
        Assert.Single(comune.ByCommittente);
        await Assert.ThrowsAsync<TenderForbiddenException>(() => AsDashboard(ComuneConegliano, s => s.GetForReportAsync(new TenderDashboardFilter(2032))));

        var provinceOnly = await AsDashboard(Sua, s => s.GetAsync(new TenderDashboardFilter(2032, SoloProvincia: true)));
        Assert.Equal(rows.Count(r => r.ComuneId == null), provinceOnly.Total);
        var brescia = await AsDashboard(SuaBrescia, s => s.GetAsync(new TenderDashboardFilter(Anno: 2032)));
        Assert.Equal(0, brescia.Total);

        using var client = await factory.LoginAsync(ComuneConegliano);
        var response = await client.GetAsync("/gare/cruscotto.pdf?anno=2032");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NextDeadlines_AreThoseOfTheNext30Days_OfVisibleOpenProcedures()
    {
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Procedura con scadenze del cruscotto")));
        var soon = DateTime.UtcNow.AddDays(3);
        await factory.AsAsync(Sua, s => s.AddDeadlineAsync(saved.Id, new DeadlineInput { Kind = DeadlineKind.ScadenzaOfferte, Data = soon.Date, Ora = new TimeSpan(10, 0, 0) }));
        await factory.AsAsync(Sua, s => s.AddDeadlineAsync(saved.Id, new DeadlineInput { Kind = DeadlineKind.Stipula, Data = DateTime.UtcNow.AddDays(45).Date }));
        await factory.AsAsync(Sua, s => s.AddDeadlineAsync(saved.Id, new DeadlineInput { Kind = DeadlineKind.Aggiudicazione, Data = DateTime.UtcNow.AddDays(-2).Date }));

        var d = await AsDashboard(Sua, s => s.GetAsync(new TenderDashboardFilter()));
        var mine = d.NextDeadlines.Where(x => x.ProcedureId == saved.Id).ToList();
        Assert.Equal(DeadlineKind.ScadenzaOfferte, Assert.Single(mine).Kind);
        Assert.Equal("Ing. Giulia Zanin", mine[0].Rup);
        var brescia = await AsDashboard(SuaBrescia, s => s.GetAsync(new TenderDashboardFilter()));
        Assert.DoesNotContain(brescia.NextDeadlines, x => x.ProcedureId == saved.Id);

        // The calendar's month query finds all three, Brescia none.
        var month = await AsDashboard(Sua, s => s.ListDeadlinesAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(50))));
        Assert.Equal(3, month.Count(x => x.ProcedureId == saved.Id));
        Assert.Empty(await AsDashboard(SuaBrescia, s => s.ListDeadlinesAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(50)))));
    }

    [Fact]
    public async Task PdfAndExcelDownloads_CarryTheServiceFigures()
    {
        await SeedYearAsync(2033);
        var d = await AsDashboard(Manager, s => s.GetAsync(new TenderDashboardFilter(Anno: 2033)));
        using var client = await factory.LoginAsync(Manager);

        var pdfResponse = await client.GetAsync("/gare/cruscotto.pdf?anno=2033");
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cruscotto-gare-2033", pdfResponse.Content.Headers.ContentDisposition?.FileNameStar ?? pdfResponse.Content.Headers.ContentDisposition?.FileName);
        using (var pdf = PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Cruscotto Gare", text);
            Assert.Contains("Anno: 2033", text);
            foreach (var figure in TenderDashboardReport.KeyFigures(d).Where(f => !f.Label.StartsWith("Scadenze")))
                Assert.Contains(figure.Value, text);
            Assert.Contains(Formats.EuroCents(d.AwardedInYearValueCents), text);
        }

        var xlsxResponse = await client.GetAsync("/gare/cruscotto.xlsx?anno=2033");
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(ExcelReport.ContentType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync()));
        var summary = workbook.Worksheet("Sintesi");
        var values = Enumerable.Range(ExcelReport.HeaderRow + 1, 8).ToDictionary(r => summary.Cell(r, 1).GetString(), r => summary.Cell(r, 2).GetString());
        Assert.Equal(Formats.Number(d.Total), values["Procedure registrate"]);
        Assert.Equal(Formats.EuroCents(d.InProgressValueCents), values["Valore in corso (base d'asta)"]);
        var phases = workbook.Worksheet("Procedure per fase");
        foreach (var (f, i) in d.ByPhase.Select((f, i) => (f, i)))
        {
            Assert.Equal(PhaseRules.Label(f.Phase), phases.Cell(ExcelReport.HeaderRow + 1 + i, 1).GetString());
            Assert.Equal(f.Count, phases.Cell(ExcelReport.HeaderRow + 1 + i, 2).GetDouble());
            Assert.Equal(f.ValueCents / 100m, (decimal)phases.Cell(ExcelReport.HeaderRow + 1 + i, 3).GetDouble());
        }

        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var denied = await anonymous.GetAsync("/gare/cruscotto.xlsx");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
