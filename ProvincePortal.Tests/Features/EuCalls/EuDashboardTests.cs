using System.Net;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.EuCalls.Dashboard;
using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;
using static ProvincePortal.Tests.Features.EuCalls.EuWorkFactory;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The Bandi UE dashboard against rows inserted here (as differences, the demo data stays), its scoping and its downloads read back.</summary>
public sealed class EuDashboardTests(EuWorkFactory factory) : IClassFixture<EuWorkFactory>
{
    private Task<EuDashboard> DashboardAs(string email) =>
        factory.AsAsync<EuDashboardService, EuDashboard>(email, s => s.GetAsync());

    private async Task AddCallAsync(string programme, DateTime? openingUtc, params DateTime[] deadlines)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var now = DateTime.UtcNow;
        var call = new Call
        {
            Origin = CallOrigin.PortaleUe, PortalKey = "DASH-" + Guid.NewGuid().ToString("N"), Identifier = "DASH-" + Random.Shared.Next(100000, 999999),
            Title = "Bando del cruscotto", Programme = programme, OpeningUtc = openingUtc, SearchText = "bando del cruscotto", CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        CallRules.ApplyDeadlines(call, deadlines);
        db.Calls.Add(call);
        await db.SaveChangesAsync();
    }

    private async Task AddProjectAsync(ProjectStatus status, long euShareCents, params int[] comuni)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var tv = await factory.ProvinceIdAsync("TV");
        var p = new Project
        {
            ProvinceId = tv, Title = "Progetto del cruscotto " + status, LeadOrganisation = "Provincia di Treviso", Status = status,
            TotalBudgetCents = euShareCents * 2, EuShareCents = euShareCents, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
        };
        foreach (var c in comuni) p.Comuni.Add(new ProjectComune { ProvinceId = tv, ComuneId = c });
        db.EuProjects.Add(p);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Figures_CountWhatWasAdded()
    {
        var before = await DashboardAs(Manager);
        var now = DateTime.UtcNow;
        var programme = "Programma di prova " + Guid.NewGuid().ToString("N")[..6];
        await AddCallAsync(programme, now.AddDays(-10), now.AddDays(5), now.AddDays(60));   // open, one deadline in the window
        await AddCallAsync(programme, null, now.AddDays(20));                                 // open, one in the window
        await AddCallAsync(programme, now.AddDays(3), now.AddDays(90));                       // forthcoming
        await AddCallAsync(programme, now.AddDays(-90), now.AddDays(-1));                     // closed
        var conegliano = await factory.ComuneIdAsync("Conegliano");
        await AddProjectAsync(ProjectStatus.Idea, 0, conegliano);
        await AddProjectAsync(ProjectStatus.Finanziato, 300_000_00, conegliano);
        await AddProjectAsync(ProjectStatus.InCorso, 100_000_00);

        var after = await DashboardAs(Manager);
        Assert.Equal(before.OpenCalls + 2, after.OpenCalls);
        Assert.Equal(before.ForthcomingCalls + 1, after.ForthcomingCalls);
        Assert.Equal(before.DeadlinesInWindow + 2, after.DeadlinesInWindow);
        Assert.Equal(before.Projects + 3, after.Projects);
        Assert.Equal(before.FundedProjects + 2, after.FundedProjects);
        Assert.Equal(before.FundingObtainedCents + 400_000_00, after.FundingObtainedCents);
        Assert.Equal(Count(before, ProjectStatus.Idea) + 1, Count(after, ProjectStatus.Idea));
        Assert.Equal(Count(before, ProjectStatus.Finanziato) + 1, Count(after, ProjectStatus.Finanziato));
        var ours = after.ByProgramme.FirstOrDefault(p => p.Programme == programme);
        if (ours is not null) Assert.Equal((2, 1), (ours.Open, ours.Forthcoming));
        Assert.Equal(after.OpenCalls, after.ByProgramme.Sum(p => p.Open));
        var coneglianoFunding = after.FundingByComune.Single(f => f.ComuneId == conegliano);
        Assert.Equal((before.FundingByComune.FirstOrDefault(f => f.ComuneId == conegliano)?.AttributedCents ?? 0) + 300_000_00, coneglianoFunding.AttributedCents);
        Assert.True(after.NextDeadlines.Zip(after.NextDeadlines.Skip(1)).All(x => x.First.DeadlineUtc <= x.Second.DeadlineUtc));

        // A Comune's user counts only the projects of its Comune, and may not download.
        var comune = await DashboardAs(ComuneConegliano);
        Assert.True(comune.Projects < after.Projects);
        Assert.All(comune.FundingByComune, f => Assert.Equal(conegliano, f.ComuneId));
        await Assert.ThrowsAsync<EuWorkForbiddenException>(() => factory.AsAsync<EuDashboardService, EuDashboard>(ComuneConegliano, s => s.GetForReportAsync()));
    }

    private static int Count(EuDashboard d, ProjectStatus s) => d.ProjectsByStatus.Single(x => x.Status == s).Count;

    [Fact]
    public async Task Summary_EqualsTheFullDashboard_ForEachVisibility_AndIsNeverSharedAcrossThem()
    {
        // A project of Treviso that only Conegliano's user does not see, and a call of Treviso's own that Brescia does not see.
        var now = DateTime.UtcNow;
        await AddProjectAsync(ProjectStatus.Finanziato, 123_000_00);
        await factory.AddCallAsync("Bando proprio del riepilogo", "TV");
        await AddCallAsync("Programma del riepilogo", now.AddDays(-1), now.AddDays(7));
        (factory.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>() as Microsoft.Extensions.Caching.Memory.MemoryCache)?.Clear();
        var brescia = await factory.EuropeOperatorOfAsync("BS");

        // Treviso's Dirigente first: its cached summary must not be what Conegliano's user or Brescia's office get next.
        var results = new List<(EuDashboardSummary Summary, EuDashboard Full)>();
        foreach (var who in new Func<Func<EuDashboardService, Task<object>>, Task<object>>[]
                 {
                     a => factory.AsAsync<EuDashboardService, object>(Manager, a),
                     a => factory.AsAsync<EuDashboardService, object>(ComuneConegliano, a),
                     a => factory.AsPrincipalAsync<EuDashboardService, object>(brescia, a),
                     a => factory.AsAsync<EuDashboardService, object>(Europa, a),
                 })
        {
            var summary = (EuDashboardSummary)await who(async s => await s.GetSummaryAsync());
            var full = (EuDashboard)await who(async s => await s.GetAsync());
            Assert.Equal(full.OpenCalls, summary.OpenCalls);
            Assert.Equal(full.ForthcomingCalls, summary.ForthcomingCalls);
            Assert.Equal(full.DeadlinesInWindow, summary.DeadlinesInWindow);
            Assert.Equal(full.Projects, summary.Projects);
            Assert.Equal(full.FundingObtainedCents, summary.FundingObtainedCents);
            Assert.Equal(full.NextDeadlines.Take(EuDashboardService.SummaryDeadlines).Select(d => (d.CallId, d.DeadlineUtc)), summary.NextDeadlines.Select(d => (d.CallId, d.DeadlineUtc)));
            results.Add((summary, full));
        }
        var (treviso, comune, bs, europa) = (results[0].Summary, results[1].Summary, results[2].Summary, results[3].Summary);
        Assert.True(comune.Projects < treviso.Projects, $"Conegliano {comune.Projects}, Treviso {treviso.Projects}");
        Assert.True(bs.OpenCalls < treviso.OpenCalls, $"Brescia {bs.OpenCalls}, Treviso {treviso.OpenCalls}");
        // Same visibility (Treviso, whole Province): the EU office is served the Dirigente's cached summary.
        Assert.Same(treviso, europa);
    }

    [Fact]
    public async Task Dirigente_DownloadsPdfAndExcel_WithTheServiceFigures_ComuneIsRefused()
    {
        await AddCallAsync("LIFE", DateTime.UtcNow.AddDays(-3), DateTime.UtcNow.AddDays(9));
        var d = await DashboardAs(Manager);
        using var client = await factory.LoginAsync(Manager);

        var pdfResponse = await client.GetAsync("/bandi/cruscotto.pdf");
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        using (var pdf = PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Cruscotto Bandi UE", text);
            Assert.Contains("Provincia di Treviso", text);
            foreach (var figure in EuDashboardReport.KeyFigures(d))
                Assert.Contains(figure.Value, text);
            Assert.Contains("Schede progetto per stato", text);
            Assert.Contains("Finanziamenti ottenuti per Comune", text);
        }

        var xlsxResponse = await client.GetAsync("/bandi/cruscotto.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(ExcelReport.ContentType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync()));
        var summary = workbook.Worksheet("Sintesi");
        var figures = EuDashboardReport.KeyFigures(d);
        var values = Enumerable.Range(ExcelReport.HeaderRow + 1, figures.Count).ToDictionary(r => summary.Cell(r, 1).GetString(), r => summary.Cell(r, 2).GetString());
        Assert.Equal(Formats.Number(d.OpenCalls), values["Bandi aperti"]);
        Assert.Equal(Formats.EuroCents(d.FundingObtainedCents), values["Finanziamenti ottenuti (quota UE)"]);
        var statuses = workbook.Worksheets.ElementAt(2);
        foreach (var (s, i) in d.ProjectsByStatus.Select((s, i) => (s, i)))
        {
            Assert.Equal(ProjectStatusRules.Label(s.Status), statuses.Cell(ExcelReport.HeaderRow + 1 + i, 1).GetString());
            Assert.Equal(s.Count, statuses.Cell(ExcelReport.HeaderRow + 1 + i, 2).GetDouble());
            Assert.Equal(s.EuShareCents / 100m, (decimal)statuses.Cell(ExcelReport.HeaderRow + 1 + i, 4).GetDouble());
        }

        using var comune = await factory.LoginAsync(ComuneConegliano);
        var refused = await comune.GetAsync("/bandi/cruscotto.xlsx");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual(ExcelReport.ContentType, refused.Content.Headers.ContentType?.MediaType);
    }
}
