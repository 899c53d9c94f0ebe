using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Demo;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Demo;

/// <summary>Two databases of the app, each given the `piccola` demo data with the same seed.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public const long Seed = 7;
    public PortalFactory First { get; } = new();
    public PortalFactory Second { get; } = new();
    public string FirstOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        FirstOutput = await GenerateAsync(First, replace: false);
        await GenerateAsync(Second, replace: false);
    }

    public static async Task<string> GenerateAsync(PortalFactory factory, bool replace, long seed = Seed)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var output = new StringWriter();
        await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(DemoScale.Piccola, seed, replace, output, CancellationToken.None);
        return output.ToString();
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}

/// <summary>
/// `demo genera` at the `piccola` scale: exact volumes, the same rows for the same seed on two databases, data the app's
/// own services find (request search, document search with the stored text, tenant isolation of the officers), a second
/// run refused without --sostituisci and a replacement that leaves no duplicates.
/// </summary>
public sealed class DemoGeneratorTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static async Task<(int Procedures, int Calls, int Requests, int Documents, int Officers, int Measurements, int Comuni, int Indicators, int Provinces)> CountsAsync(PortalFactory factory)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var ranges = (await db.DemoGenerations.SingleAsync()).Ranges;
        var batch = await db.AgendaImportBatches.Where(b => b.Kind == "demo").Select(b => b.Id).SingleAsync();
        var framework = await db.AgendaFrameworks.Where(f => f.IsCurrent).Select(f => f.Id).SingleAsync();
        return (
            await db.Procedures.CountAsync(p => p.Id >= FirstId(ranges, "Procedures")),
            await db.Calls.CountAsync(c => c.Id >= FirstId(ranges, "Calls")),
            await db.ServiceRequests.CountAsync(r => r.Id >= FirstId(ranges, "ServiceRequests")),
            await db.Documents.CountAsync(d => d.Id >= FirstId(ranges, "Documents")),
            await db.Users.CountAsync(u => u.Email!.EndsWith("@demo.provinceportal.it")),
            await db.AgendaMeasurements.CountAsync(m => m.BatchId == batch),
            await db.Comuni.CountAsync(c => c.SuppressedOn == null),
            await db.AgendaIndicators.CountAsync(i => i.FrameworkId == framework && i.Origin != ProvincePortal.Features.Agenda.IndicatorOrigin.SelfAssessment),
            await db.Provinces.CountAsync(p => p.SuppressedOn == null));
    }

    private static int FirstId(string ranges, string table)
    {
        var part = ranges.Split(';').Single(p => p.StartsWith(table + ".Id:"));
        return int.Parse(part[(part.LastIndexOf(':') + 1)..].Split('-')[0]);
    }

    /// <summary>
    /// A hash of a sample of generated rows by content: equal data gives an equal checksum. Of the requests only what the
    /// app's background jobs never rewrite: they close old solved requests and refresh SLA states against the real clock,
    /// which is past the generator's base date.
    /// </summary>
    private static async Task<string> ChecksumAsync(PortalFactory factory)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var ranges = (await db.DemoGenerations.SingleAsync()).Ranges;
        var sb = new StringBuilder();
        var procedures = FirstId(ranges, "Procedures");
        foreach (var p in await db.Procedures.Where(p => p.Id >= procedures).OrderBy(p => p.Id)
                     .Select(p => new { p.Oggetto, p.ImportoBaseCents, p.Phase, p.Cup, p.DataAggiudicazione, Lots = p.Lots.OrderBy(l => l.Numero).Select(l => l.Cig + l.ImportoAggiudicazioneCents).ToList() }).ToListAsync())
            sb.Append(p.Oggetto).Append(p.ImportoBaseCents).Append(p.Phase).Append(p.Cup).Append(p.DataAggiudicazione).AppendJoin(',', p.Lots).Append('\n');
        var requests = FirstId(ranges, "ServiceRequests");
        foreach (var r in await db.ServiceRequests.Where(r => r.Id >= requests && r.Id % 7 == 0).OrderBy(r => r.Id)
                     .Select(r => new { r.Subject, r.Priority, r.CreatedAtUtc, r.TakenInChargeAtUtc, r.TakeChargeWorkingMinutes, r.TakeChargeDueUtc }).ToListAsync())
            sb.Append(r.Subject).Append(r.Priority).Append(r.CreatedAtUtc.Ticks).Append(r.TakenInChargeAtUtc?.Ticks).Append(r.TakeChargeWorkingMinutes).Append(r.TakeChargeDueUtc.Ticks).Append('\n');
        var documents = FirstId(ranges, "Documents");
        foreach (var d in await db.DocumentTexts.Where(t => t.DocumentId >= documents && t.DocumentId % 5 == 0).OrderBy(t => t.DocumentId).Select(t => t.Title + t.Body).ToListAsync())
            sb.Append(d).Append('\n');
        foreach (var c in await db.Calls.Where(c => c.Id >= FirstId(ranges, "Calls")).OrderBy(c => c.Id).Select(c => c.Identifier + c.Title + c.LastDeadlineUtc).ToListAsync())
            sb.Append(c).Append('\n');
        foreach (var m in await db.AgendaMeasurements.Where(m => m.Id % 101 == 0).OrderBy(m => m.ComuneId).ThenBy(m => m.IndicatorId).Select(m => m.Value).ToListAsync())
            sb.Append(m).Append(' ');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    [Fact]
    public async Task Piccola_GeneratesTheExactVolumes()
    {
        var c = await CountsAsync(fixture.First);
        Assert.Equal(100, c.Procedures);
        Assert.Equal(50, c.Calls);
        Assert.Equal(1_000, c.Requests);
        Assert.Equal(100, c.Documents);
        Assert.Equal(c.Provinces, c.Officers);
        Assert.True(c.Provinces >= 107, $"Province: {c.Provinces}");
        Assert.True(c.Indicators > 0);
        Assert.Equal(c.Comuni * c.Indicators, c.Measurements);
        Assert.Contains("Richieste", fixture.FirstOutput);
    }

    [Fact]
    public async Task GeneratedRows_AreValidAndConsistent()
    {
        await using var db = await fixture.First.CreateSystemDbAsync();
        var ranges = (await db.DemoGenerations.SingleAsync()).Ranges;
        var cigs = await db.Lots.Where(l => l.Id >= FirstId(ranges, "Lots") && l.Cig != null).Select(l => l.Cig!).ToListAsync();
        Assert.NotEmpty(cigs);
        Assert.All(cigs, cig => Assert.True(ProvincePortal.Features.Tenders.CigCode.IsValid(cig), cig));
        var cups = await db.Procedures.Where(p => p.Id >= FirstId(ranges, "Procedures") && p.Cup != null).Select(p => p.Cup!).ToListAsync();
        Assert.All(cups, cup => Assert.True(ProvincePortal.Features.Tenders.CupCode.IsValid(cup), cup));
        var vat = await db.EconomicOperators.Where(o => o.Id >= FirstId(ranges, "EconomicOperators")).Select(o => o.CodiceFiscale!).ToListAsync();
        Assert.All(vat, v => Assert.True(ProvincePortal.Features.Tenders.PartitaIva.IsValid(v), v));
        // Closed requests have their whole history, in order, and SLA figures.
        var first = FirstId(ranges, "ServiceRequests");
        var closed = await db.ServiceRequests.Where(r => r.Id >= first && r.Status == RequestStatus.Chiusa).Select(r => r.Id).Take(20).ToListAsync();
        Assert.NotEmpty(closed);
        foreach (var id in closed)
        {
            var r = await db.ServiceRequests.SingleAsync(x => x.Id == id);
            var events = await db.RequestEvents.Where(e => e.RequestId == id).OrderBy(e => e.AtUtc).ToListAsync();
            Assert.Equal(RequestEventKind.Creata, events[0].Kind);
            Assert.Equal(RequestStatus.Chiusa, events[^1].ToStatus);
            Assert.True(r.CreatedAtUtc < r.TakenInChargeAtUtc && r.TakenInChargeAtUtc <= r.SolvedAtUtc && r.SolvedAtUtc <= r.ClosedAtUtc && r.ClosedAtUtc < DemoGenerator.BaseDate);
            Assert.NotNull(r.ResolveWorkingMinutes);
            Assert.Contains(r.SlaState, new[] { SlaState.Rispettato, SlaState.Violato });
        }
    }

    [Fact]
    public async Task SameSeed_OnTwoDatabases_GivesTheSameRows()
    {
        Assert.Equal(await ChecksumAsync(fixture.First), await ChecksumAsync(fixture.Second));
    }

    [Fact]
    public async Task GeneratedData_IsFoundThroughTheAppsServices_AndOfficersSeeOnlyTheirProvince()
    {
        await using var db = await fixture.First.CreateSystemDbAsync();
        var ranges = (await db.DemoGenerations.SingleAsync()).Ranges;
        var bs = await db.Provinces.Where(p => p.Sigla == "BS" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var request = await db.ServiceRequests.Where(r => r.ProvinceId == bs && r.Id >= FirstId(ranges, "ServiceRequests")).OrderBy(r => r.Id).FirstAsync();
        var tvRequest = await db.ServiceRequests.Where(r => r.ProvinceId != bs).Select(r => r.Id).FirstAsync();
        var bresciaRequests = await db.ServiceRequests.CountAsync(r => r.ProvinceId == bs);
        var document = await db.Documents.Where(d => d.ProvinceId == bs && d.Id >= FirstId(ranges, "Documents")).OrderBy(d => d.Id).FirstAsync();
        var body = await db.DocumentTexts.Where(t => t.DocumentId == document.Id).Select(t => t.Body).SingleAsync();
        var row = document.Id - FirstId(ranges, "Documents") + 1;
        var word = $"interno n. {row},"; // a phrase of the body that no other generated document has

        var email = DemoGenerator.OfficerEmail("BS");
        var (list, all, hidden) = await fixture.First.AsUserAsync(email, async services =>
        {
            var requests = services.GetRequiredService<RequestService>();
            var found = await requests.ListAsync(new RequestFilter(Text: request.Subject), 0, 500);
            var everything = await requests.ListAsync(new RequestFilter(), 0, 1);
            return (found, everything.Total, await requests.GetAsync(tvRequest));
        });
        Assert.Contains(list.Items, r => r.Id == request.Id);
        Assert.Equal(bresciaRequests, all);
        Assert.Null(hidden);

        var hits = await fixture.First.AsUserAsync(email, services => services.GetRequiredService<DocumentService>().SearchAsync($"interno {row}"));
        Assert.Contains(hits, h => h.DocumentId == document.Id);
        Assert.Contains(word, body);
        var stored = await fixture.First.Services.GetRequiredService<IDocumentStore>()
            .OpenReadAsync(await db.DocumentVersions.Where(v => v.DocumentId == document.Id).Select(v => v.Sha256).SingleAsync(), CancellationToken.None);
        Assert.NotNull(stored);
        using (var reader = new StreamReader(stored!)) Assert.Contains(word, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task SecondRun_IsRefusedWithoutSostituisci_AndReplacingLeavesNoDuplicates()
    {
        var refused = await Assert.ThrowsAsync<DemoGenerationException>(() => DemoFixture.GenerateAsync(fixture.Second, replace: false));
        Assert.Contains("--sostituisci", refused.Message);

        var before = await CountsAsync(fixture.Second);
        var checksum = await ChecksumAsync(fixture.Second);
        await DemoFixture.GenerateAsync(fixture.Second, replace: true);
        Assert.Equal(before, await CountsAsync(fixture.Second));
        await using var db = await fixture.Second.CreateSystemDbAsync();
        Assert.Equal(1, await db.DemoGenerations.CountAsync());
        Assert.Equal(before.Officers, await db.Users.CountAsync(u => u.Email!.EndsWith("@demo.provinceportal.it")));
        Assert.Equal(before.Requests + await db.ServiceRequests.CountAsync(r => r.Id < FirstId(db.DemoGenerations.Single().Ranges, "ServiceRequests")),
            await db.ServiceRequests.CountAsync());
        Assert.Equal(checksum, await ChecksumAsync(fixture.Second));
    }
}
