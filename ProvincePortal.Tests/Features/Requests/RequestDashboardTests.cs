using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Requests.Dashboard;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>
/// The dashboard on a small hand-built data set of spring 2030 (no demo request falls in it), Treviso's calendar
/// (Mon–Fri 08:30–13:00 and 14:00–17:30; Easter Monday 22/04, 25/04, the patron San Liberale on 27/04). The working
/// minutes are not written by the test: the backfill computes them from each request's status history.
/// </summary>
public sealed class RequestDashboardTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private static readonly RequestDashboardFilter Spring2030 = new(new DateOnly(2030, 4, 1), new DateOnly(2030, 5, 31));
    private const string Admin = "admin@demo.it";

    private static DateTime Rome(int month, int day, int hour, int minute = 0) => Formats.RomeToUtc(new DateTime(2030, month, day, hour, minute, 0));

    public async Task InitializeAsync()
    {
        await factory.EnsureExtraUsersAsync();
        await using var db = await factory.CreateSystemDbAsync();
        if (await db.ServiceRequests.AnyAsync(r => r.Subject.StartsWith("Cruscotto 2030"))) return;
        var tv = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var bs = await db.Provinces.Where(p => p.Sigla == "BS" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var conegliano = await db.Comuni.Where(c => c.CadastralCode == "C957").Select(c => c.Id).SingleAsync();
        var treviso = await db.Comuni.Where(c => c.CadastralCode == "L407").Select(c => c.Id).SingleAsync();
        var brescia = await db.Comuni.Where(c => c.CadastralCode == "B157").Select(c => c.Id).SingleAsync();
        var sito = await db.CatalogServices.Where(s => s.Name == Website).Select(s => s.Id).SingleAsync();
        var pagoPa = await db.CatalogServices.Where(s => s.Name == "Assistenza pagoPA").Select(s => s.Id).SingleAsync();
        var bsClass = new SlaClass { ProvinceId = bs, Name = "Standard BS", TakeChargeTarget = 8, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 5, ResolveUnit = SlaUnit.Giorni };
        var bsService = new CatalogService { ProvinceId = bs, Name = "Sito web (Brescia)", Category = "Siti web", SlaClass = bsClass, IsPublished = true, CreatedAtUtc = DateTime.UtcNow };
        db.AddRange(bsClass, bsService);
        await db.SaveChangesAsync();

        ServiceRequest Request(int province, int? comune, int service, string subject, bool urgent, DateTime created, RequestStatus status,
            int? ttoMargin, int? ttrMargin, params (DateTime At, RequestStatus From, RequestStatus To)[] changes)
        {
            var r = new ServiceRequest
            {
                ProvinceId = province, ComuneId = comune, ServiceId = service, Subject = "Cruscotto 2030 " + subject, Status = status,
                RequesterUserId = "test", RequesterName = "Prova", CreatedAtUtc = created, LastActivityAtUtc = changes.Length > 0 ? changes[^1].At : created,
                TakeChargeTarget = urgent ? 2 : 8, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = urgent ? 1 : 5, ResolveUnit = SlaUnit.Giorni,
                WarningPercent = 80, TakeChargeDueUtc = created, TakeChargeWarnUtc = created,
                TakeChargeMarginMinutes = ttoMargin, ResolveMarginMinutes = ttrMargin,
                TakenInChargeAtUtc = changes.Length > 0 ? changes[0].At : null,
                SolvedAtUtc = changes.LastOrDefault(c => c.To == RequestStatus.Risolta).At is var s && s != default ? s : null,
            };
            db.ServiceRequests.Add(r);
            db.SaveChanges();
            db.RequestEvents.Add(new RequestEvent { ProvinceId = province, RequestId = r.Id, Kind = RequestEventKind.Creata, ToStatus = RequestStatus.Nuova, AtUtc = created, AuthorName = "Prova" });
            foreach (var c in changes)
                db.RequestEvents.Add(new RequestEvent { ProvinceId = province, RequestId = r.Id, Kind = RequestEventKind.Ripresa, FromStatus = c.From, ToStatus = c.To, AtUtc = c.At, AuthorName = "Prova" });
            db.SaveChanges();
            return r;
        }

        // A: filed Friday 19/04 16:30, taken Tuesday 23/04 09:30 over the weekend and Easter Monday (60 + 60 = 120 min);
        // waiting from Tuesday 10:30 to Friday 26/04 11:00 (360 + 480 + 0 on 25/04 + 150 = 990 min paused); solved
        // Monday 29/04 12:00 (1,710 working minutes since filing, 27/04 is Saturday and the patron) → 720 min = 12 h.
        Request(tv, conegliano, sito, "A", false, Rome(4, 19, 16, 30), RequestStatus.Chiusa, 360, 1500,
            (Rome(4, 23, 9, 30), RequestStatus.Nuova, RequestStatus.InCarico),
            (Rome(4, 23, 10, 30), RequestStatus.InCarico, RequestStatus.InAttesa),
            (Rome(4, 26, 11), RequestStatus.InAttesa, RequestStatus.InCarico),
            (Rome(4, 29, 12), RequestStatus.InCarico, RequestStatus.Risolta),
            (Rome(4, 30, 9), RequestStatus.Risolta, RequestStatus.Chiusa));
        // B (urgent: 2 h / 1 day): filed Monday 06/05 09:00, taken 12:00 (180 min, 60 late), solved Tuesday 15:00 (450 + 330 = 780 min = 13 h, late).
        Request(tv, conegliano, pagoPa, "B", true, Rome(5, 6, 9), RequestStatus.Risolta, -60, -360,
            (Rome(5, 6, 12), RequestStatus.Nuova, RequestStatus.InCarico),
            (Rome(5, 7, 15), RequestStatus.InCarico, RequestStatus.Risolta));
        // C: Treviso's, still new.
        Request(tv, treviso, sito, "C", false, Rome(5, 8, 10), RequestStatus.Nuova, null, null);
        // D: filed Thursday 09/05 08:30, taken 09:00 (30 min), solved Friday 08:30 (a whole day: 480 min = 8 h).
        Request(tv, conegliano, sito, "D", false, Rome(5, 9, 8, 30), RequestStatus.Chiusa, 450, 1920,
            (Rome(5, 9, 9), RequestStatus.Nuova, RequestStatus.InCarico),
            (Rome(5, 10, 8, 30), RequestStatus.InCarico, RequestStatus.Risolta),
            (Rome(5, 13, 9), RequestStatus.Risolta, RequestStatus.Chiusa));
        // Brescia: one request in the same period, which Treviso must never count.
        Request(bs, brescia, bsService.Id, "Brescia", false, Rome(5, 6, 9), RequestStatus.InCarico, 400, null,
            (Rome(5, 6, 10), RequestStatus.Nuova, RequestStatus.InCarico));

        var b = await db.ServiceRequests.Where(r => r.Subject == "Cruscotto 2030 B").Select(r => r.Id).SingleAsync();
        db.SlaAlerts.AddRange(
            new SlaAlert { ProvinceId = tv, RequestId = b, Clock = SlaClock.PresaInCarico, Kind = SlaAlertKind.Avviso, DueUtc = Rome(5, 6, 11), AtUtc = Rome(5, 6, 10, 40), MarginMinutes = 20 },
            new SlaAlert { ProvinceId = tv, RequestId = b, Clock = SlaClock.PresaInCarico, Kind = SlaAlertKind.Violazione, DueUtc = Rome(5, 6, 11), AtUtc = Rome(5, 6, 11, 5), MarginMinutes = -5 },
            new SlaAlert { ProvinceId = tv, RequestId = b, Clock = SlaClock.Risoluzione, Kind = SlaAlertKind.Violazione, DueUtc = Rome(5, 7, 9), AtUtc = Rome(5, 7, 9, 5), MarginMinutes = -5 },
            // Outside the period: not counted.
            new SlaAlert { ProvinceId = tv, RequestId = b, Clock = SlaClock.Risoluzione, Kind = SlaAlertKind.Avviso, DueUtc = Rome(6, 7, 9), AtUtc = Rome(6, 3, 9), MarginMinutes = 5 });
        await db.SaveChangesAsync();

        await factory.AsUserAsync(Admin, sp => sp.GetRequiredService<RequestJobs>().BackfillWorkingMinutesAsync(DateTime.UtcNow));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<RequestDashboard> DashboardAs(string email, RequestDashboardFilter? filter = null) =>
        factory.AsUserAsync(email, sp => sp.GetRequiredService<RequestDashboardService>().GetAsync(filter ?? Spring2030));

    [Fact]
    public async Task Backfill_ComputesWorkingMinutes_AcrossWeekendHolidaysAndThePause()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var rows = await db.ServiceRequests.Where(r => r.Subject.StartsWith("Cruscotto 2030"))
            .ToDictionaryAsync(r => r.Subject[15..], r => (r.TakeChargeWorkingMinutes, r.ResolveWorkingMinutes));
        Assert.Equal<(int?, int?)>((120, 720), rows["A"]);
        Assert.Equal<(int?, int?)>((180, 780), rows["B"]);
        Assert.Equal<(int?, int?)>((null, null), rows["C"]);
        Assert.Equal<(int?, int?)>((30, 480), rows["D"]);
        Assert.Equal<(int?, int?)>((60, null), rows["Brescia"]);
        // Nothing left to fill: a second pass writes nothing.
        Assert.Equal(0, await factory.AsUserAsync(Admin, sp => sp.GetRequiredService<RequestJobs>().BackfillWorkingMinutesAsync(DateTime.UtcNow)));
    }

    [Fact]
    public async Task Figures_HaveTheExactValuesOfTheHandBuiltSet()
    {
        var d = await DashboardAs(Manager);

        Assert.Equal("Provincia di Treviso", d.Organisation);
        var t = d.Totals;
        Assert.Equal((4, 2, 3, 2, 3, 2), (t.Filed, t.Open, t.TakenInCharge, t.TakenWithinSla, t.Solved, t.SolvedWithinSla));
        Assert.Equal(66.7, t.TakenWithinSlaPercent);
        Assert.Equal(66.7, t.SolvedWithinSlaPercent);
        Assert.Equal(110, t.AverageTakeChargeMinutes);
        Assert.Equal(660, t.AverageResolveMinutes);   // (720 + 780 + 480) / 3
        Assert.Equal(11, t.AverageResolveHours);
        Assert.Equal(720, t.MedianResolveMinutes);    // 480, 720, 780
        Assert.Equal(2, d.Backlog);
        Assert.Equal([1, 0, 0, 0, 1, 2], d.ByState.Select(s => s.Count));

        var conegliano = d.ByComune[0];
        Assert.Equal(("Conegliano", 3, 1, 3, 2, 3, 2), (conegliano.Label, conegliano.Filed, conegliano.Open, conegliano.TakenInCharge, conegliano.TakenWithinSla, conegliano.Solved, conegliano.SolvedWithinSla));
        Assert.Equal(660, conegliano.AverageResolveMinutes);
        Assert.Equal(720, conegliano.MedianResolveMinutes);
        var treviso = d.ByComune[1];
        Assert.Equal(("Treviso", 1, 1, 0, 0), (treviso.Label, treviso.Filed, treviso.Open, treviso.TakenInCharge, treviso.Solved));
        Assert.Null(treviso.TakenWithinSlaPercent);
        Assert.Null(treviso.MedianResolveMinutes);
        Assert.Equal(2, d.ByComune.Count);

        var sito = d.ByService.Single(s => s.Label == Website);
        Assert.Equal((3, 1, 2, 2, 2, 2), (sito.Filed, sito.Open, sito.TakenInCharge, sito.TakenWithinSla, sito.Solved, sito.SolvedWithinSla));
        Assert.Equal(100, sito.SolvedWithinSlaPercent);
        Assert.Equal(600, sito.AverageResolveMinutes);
        Assert.Equal(600, sito.MedianResolveMinutes);  // the two middle values of 480 and 720
        var pagoPa = d.ByService.Single(s => s.Label == "Assistenza pagoPA");
        Assert.Equal((1, 1, 0, 1, 0), (pagoPa.Filed, pagoPa.TakenInCharge, pagoPa.TakenWithinSla, pagoPa.Solved, pagoPa.SolvedWithinSla));
        Assert.Equal(0, pagoPa.SolvedWithinSlaPercent);
        Assert.Equal(780, pagoPa.MedianResolveMinutes);

        Assert.Equal((1, 1), (d.Alerts.Single(a => a.Clock == SlaClock.PresaInCarico).Warnings, d.Alerts.Single(a => a.Clock == SlaClock.PresaInCarico).Breaches));
        Assert.Equal((0, 1), (d.Alerts.Single(a => a.Clock == SlaClock.Risoluzione).Warnings, d.Alerts.Single(a => a.Clock == SlaClock.Risoluzione).Breaches));
        Assert.Equal(2, d.Breaches);

        // A narrower period keeps only what was filed in it: May holds B, C and D.
        var may = await DashboardAs(Manager, new RequestDashboardFilter(new DateOnly(2030, 5, 1), new DateOnly(2030, 5, 31)));
        Assert.Equal(3, may.Totals.Filed);
        Assert.Equal(630, may.Totals.AverageResolveMinutes); // (780 + 480) / 2
    }

    [Fact]
    public async Task Isolation_BresciaDoesNotCountTreviso_AndThePlatformAdministratorSeesBoth()
    {
        var brescia = await DashboardAs(CdcBrescia);
        Assert.Equal("Provincia di Brescia", brescia.Organisation);
        Assert.Equal(1, brescia.Totals.Filed);
        Assert.Equal(["Brescia"], brescia.ByComune.Select(c => c.Label));
        Assert.Equal(["Sito web (Brescia)"], brescia.ByService.Select(c => c.Label));
        Assert.Equal(0, brescia.Breaches);
        Assert.Equal(60, brescia.Totals.AverageTakeChargeMinutes);

        Assert.DoesNotContain((await DashboardAs(Manager)).ByComune, c => c.Label == "Brescia");

        var all = await DashboardAs(Admin);
        Assert.Equal(5, all.Totals.Filed);
        Assert.Equal("Tutte le Province", all.Organisation);

        // A Comune's officer has no dashboard at all (the service refuses, not only the menu).
        await Assert.ThrowsAsync<RequestNotFoundException>(() => DashboardAs(Comune));
    }

    [Fact]
    public async Task Period_EndBeforeStart_IsAClearItalianError()
    {
        var ex = await Assert.ThrowsAsync<RequestValidationException>(() =>
            DashboardAs(Manager, new RequestDashboardFilter(new DateOnly(2030, 5, 31), new DateOnly(2030, 4, 1))));
        Assert.Equal("Periodo: la data di inizio (31/05/2030) segue la data di fine (01/04/2030).", ex.Message);
    }

    [Fact]
    public async Task Dirigente_DownloadsPdfAndExcel_WithTheSameFigures_ComuneIsRefused()
    {
        using var client = await factory.LoginAsync(Manager);
        const string query = "?dal=2030-04-01&al=2030-05-31";

        var pdfResponse = await client.GetAsync("/richieste/cruscotto.pdf" + query);
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        using (var pdf = PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Cruscotto Richieste Comuni", text);
            Assert.Contains("Provincia di Treviso", text);
            Assert.Contains("dal 01/04/2030 al 31/05/2030", text);
            Assert.Contains("Risolte entro lo SLA per Comune", text); // the bar chart
            Assert.Contains("66,7 %", text);
            Assert.Contains("11,0 h", text);
            Assert.Contains("12,0 h", text);
            Assert.Contains("Conegliano", text);
            Assert.Contains("Assistenza pagoPA", text);
            Assert.DoesNotContain("Sito web (Brescia)", text);
        }

        var xlsxResponse = await client.GetAsync("/richieste/cruscotto.xlsx" + query);
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(ExcelReport.ContentType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync()));
        var summary = workbook.Worksheet("Sintesi");
        var values = Enumerable.Range(ExcelReport.HeaderRow + 1, 9).ToDictionary(r => summary.Cell(r, 1).GetString(), r => summary.Cell(r, 2).GetString());
        Assert.Equal("4", values["Richieste presentate nel periodo"]);
        Assert.Equal("66,7 %", values["Risolte entro lo SLA"]);
        Assert.Equal("11,0 h", values["Tempo medio di risoluzione (ore lavorative)"]);
        Assert.Equal("12,0 h", values["Tempo mediano di risoluzione (ore lavorative)"]);
        Assert.Equal("2", values["Violazioni SLA nel periodo"]);
        var comuni = workbook.Worksheet("Per Comune");
        var row = ExcelReport.HeaderRow + 1;
        Assert.Equal("Conegliano", comuni.Cell(row, 1).GetString());
        Assert.Equal(3, comuni.Cell(row, 2).GetDouble());
        Assert.Equal(0.667, comuni.Cell(row, 5).GetDouble(), 6);
        Assert.Equal(11, comuni.Cell(row, 8).GetDouble(), 6);
        Assert.Equal(12, comuni.Cell(row, 9).GetDouble(), 6);
        Assert.Equal("Treviso", comuni.Cell(row + 1, 1).GetString());
        Assert.True(comuni.Cell(row + 1, 5).IsEmpty());

        var wrong = await client.GetAsync("/richieste/cruscotto.pdf?dal=2030-05-31&al=2030-04-01");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        using var comune = await factory.LoginAsync(Comune);
        var refused = await comune.GetAsync("/richieste/cruscotto.xlsx" + query);
        Assert.NotEqual(ExcelReport.ContentType, refused.Content.Headers.ContentType?.MediaType);
    }
}
