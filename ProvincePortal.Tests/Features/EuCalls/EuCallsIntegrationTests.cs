using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>Import, isolation, calendar and public feeds against the real app and a real database.</summary>
public sealed class EuCallsIntegrationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Europa = "europa@demo.it";   // Operatore Europa, Treviso
    private const string BresciaUser = "sua.bs@demo.it";

    private Task<ImportReport> ImportAsync(string json, string fileName = "ricerca.json", bool apply = true) =>
        factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallImportService>().ImportFileAsync(Stream(json), fileName, apply, CancellationToken.None));

    private async Task<int> CallIdAsync(string identifier)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Calls.Where(c => c.Identifier == identifier).Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task Import_SameFileTwiceThenMovedDeadline_OneCallUpdatedWithHistoryAndSameDeadlineUid()
    {
        var original = Envelope(Item("IMP-1", ("deadlineDate", ["2030-04-18T19:00:00.000+0200", "2030-09-17T17:00:00.000+0200"])));

        var preview = await ImportAsync(original, apply: false);
        Assert.Equal(ImportOutcome.Nuovo, Assert.Single(preview.Rows).Outcome);
        await using (var db = await factory.CreateSystemDbAsync())
            Assert.False(await db.Calls.AnyAsync(c => c.Identifier == "IMP-1"), "the preview must not write");

        Assert.Equal(1, (await ImportAsync(original)).Count(ImportOutcome.Nuovo));
        Assert.Equal(ImportOutcome.Invariato, Assert.Single((await ImportAsync(original)).Rows).Outcome);
        var id = await CallIdAsync("IMP-1");
        List<CallDeadline> before;
        await using (var db = await factory.CreateSystemDbAsync())
            before = await db.CallDeadlines.Where(d => d.CallId == id).OrderBy(d => d.DeadlineUtc).ToListAsync();

        var moved = Envelope(Item("IMP-1", ("deadlineDate", ["2030-05-02T19:00:00.000+0200", "2030-09-17T17:00:00.000+0200"])));
        var report = await ImportAsync(moved, "ricerca-2.json");

        var row = Assert.Single(report.Rows);
        Assert.Equal(ImportOutcome.Aggiornato, row.Outcome);
        var change = Assert.Single(row.Changes, c => c.Field == "Scadenza");
        Assert.Equal("18/04/2030 19:00", change.OldValue);
        Assert.Equal("02/05/2030 19:00", change.NewValue);
        await using (var db = await factory.CreateSystemDbAsync())
        {
            Assert.Equal(1, await db.Calls.CountAsync(c => c.Identifier == "IMP-1"));
            var after = await db.CallDeadlines.Where(d => d.CallId == id).OrderBy(d => d.DeadlineUtc).ToListAsync();
            Assert.Equal(before.Select(d => d.Uid), after.Select(d => d.Uid));
            Assert.Equal(new DateTime(2030, 5, 2, 17, 0, 0, DateTimeKind.Utc), after[0].DeadlineUtc);
            Assert.Equal(1, after[0].Revision);
            Assert.Equal(0, after[1].Revision);
            var history = Assert.Single(await db.CallChanges.Where(c => c.CallId == id).ToListAsync());
            Assert.Equal("Scadenza", history.Field);
            Assert.Contains("ricerca-2.json", history.Source);
        }
    }

    [Fact]
    public async Task Import_MalformedFile_ThrowsAndImportsNothing()
    {
        var json = Envelope(Item("BAD-1"))[..200];
        await Assert.ThrowsAsync<PortalFileException>(() => ImportAsync(json));
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.Calls.AnyAsync(c => c.Identifier == "BAD-1"));
    }

    [Fact]
    public async Task Import_ByAUserOutsideTheEuropeOffice_Forbidden()
    {
        await Assert.ThrowsAsync<CallImportForbiddenException>(() => factory.AsUserAsync("sua@demo.it",
            sp => sp.GetRequiredService<CallImportService>().ImportFileAsync(Stream(Envelope(Item("FORB-1"))), "x.json", true, CancellationToken.None)));
    }

    [Fact]
    public async Task OwnCallsAndNotes_StayInTheirProvince_SharedCallsSeenByAll()
    {
        await ImportAsync(Envelope(Item("ISO-SHARED")));
        var sharedId = await CallIdAsync("ISO-SHARED");
        var ownId = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallService>().CreateOwnAsync(new OwnCallInput
        {
            Origin = CallOrigin.Regionale, Identifier = "REG-TV-ISO", Title = "Bando regionale efficienza energetica", Programme = "FESR Veneto",
            Deadlines = [new DateTime(2031, 3, 1, 12, 0, 0)],
        }, CancellationToken.None));
        await factory.AsUserAsync(Europa, async sp => { await sp.GetRequiredService<CallService>().SaveNoteAsync(sharedId, CallRelevance.Alta, "Interessa i Comuni", false, CancellationToken.None); return 0; });

        var tv = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallService>().SearchAsync(new CallFilter("iso"), 0, 50, CancellationToken.None));
        var bs = await factory.AsUserAsync(BresciaUser, sp => sp.GetRequiredService<CallService>().SearchAsync(new CallFilter("iso"), 0, 50, CancellationToken.None));

        Assert.Contains(tv.Rows, r => r.Id == ownId);
        Assert.Contains(tv.Rows, r => r.Id == sharedId && r.Relevance == CallRelevance.Alta);
        Assert.DoesNotContain(bs.Rows, r => r.Id == ownId);
        Assert.Contains(bs.Rows, r => r.Id == sharedId && r.Relevance == null);
        Assert.Null(await factory.AsUserAsync(BresciaUser, sp => sp.GetRequiredService<CallService>().GetAsync(ownId, CancellationToken.None)));
        var bsDetail = await factory.AsUserAsync(BresciaUser, sp => sp.GetRequiredService<CallService>().GetAsync(sharedId, CancellationToken.None));
        Assert.NotNull(bsDetail);
        Assert.Null(bsDetail.Note);
    }

    [Fact]
    public async Task ICalendar_ParsedBack_OneEventPerDeadlineUidStableWhenTheDeadlineMoves()
    {
        await ImportAsync(Envelope(Item("CAL-1", ("deadlineDate", ["2031-02-10T17:00:00.000+0100", "2031-06-10T17:00:00.000+0200"]))));
        var id = await CallIdAsync("CAL-1");
        await factory.AsUserAsync(Europa, async sp => { await sp.GetRequiredService<CallService>().SaveNoteAsync(id, CallRelevance.Media, null, false, CancellationToken.None); return 0; });
        var tv = await TrevisoAsync();

        var first = Ical.Net.Calendar.Load(await IcalAsync(tv))!.Events.Where(e => e.Summary!.Contains("CAL-1")).OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(2, first.Count);
        Assert.Equal(new DateTime(2031, 2, 10, 16, 0, 0, DateTimeKind.Utc), first[0].DtStart!.AsUtc);

        await ImportAsync(Envelope(Item("CAL-1", ("deadlineDate", ["2031-02-24T17:00:00.000+0100", "2031-06-10T17:00:00.000+0200"]))));
        var second = Ical.Net.Calendar.Load(await IcalAsync(tv))!.Events.Where(e => e.Summary!.Contains("CAL-1")).OrderBy(e => e.DtStart!.AsUtc).ToList();

        Assert.Equal(2, second.Count);
        Assert.Equal(first.Select(e => e.Uid), second.Select(e => e.Uid));
        Assert.Equal(new DateTime(2031, 2, 24, 16, 0, 0, DateTimeKind.Utc), second[0].DtStart!.AsUtc);
        Assert.Equal(1, second[0].Sequence);
    }

    private async Task<int> TrevisoAsync()
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
    }

    private async Task<string> IcalAsync(int province)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CalendarFeed>().ForProvinceAsync(province, null, CancellationToken.None);
    }

    [Fact]
    public async Task ICalendarTokenUrl_WorksWithoutLogin_NotFoundAfterRevocation()
    {
        await ImportAsync(Envelope(Item("TOK-1", ("deadlineDate", ["2031-01-15T17:00:00.000+0100"]))));
        var id = await CallIdAsync("TOK-1");
        await factory.AsUserAsync(Europa, async sp => { await sp.GetRequiredService<CallService>().SaveNoteAsync(id, CallRelevance.Alta, null, false, CancellationToken.None); return 0; });
        var token = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CalendarTokenService>().RegenerateAsync(CancellationToken.None));
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync($"/bandi/ical/{token}.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(calendar.Events, e => e.Summary!.Contains("TOK-1"));

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/bandi/ical/{token}x.ics")).StatusCode);
        await factory.AsUserAsync(Europa, async sp => { await sp.GetRequiredService<CalendarTokenService>().RevokeAsync(CancellationToken.None); return 0; });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/bandi/ical/{token}.ics")).StatusCode);
    }

    [Fact]
    public async Task PublicFeeds_ValidRssAtomJson_OnlyPublishedCallsOfTheProvince()
    {
        await ImportAsync(Envelope(Item("PUB-YES", ("deadlineDate", ["2032-01-15T17:00:00.000+0100"])), Item("PUB-NO", ("deadlineDate", ["2032-01-15T17:00:00.000+0100"]))));
        var yes = await CallIdAsync("PUB-YES");
        var no = await CallIdAsync("PUB-NO");
        await factory.AsUserAsync(Europa, async sp =>
        {
            var calls = sp.GetRequiredService<CallService>();
            await calls.SaveNoteAsync(yes, CallRelevance.Alta, "nota interna riservata", true, CancellationToken.None);
            await calls.SaveNoteAsync(no, CallRelevance.Alta, null, false, CancellationToken.None);
            return 0;
        });
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var rss = XDocument.Parse(await anonymous.GetStringAsync("/pubblico/tv/bandi.rss"));
        var rssTitles = rss.Descendants("item").Select(i => (string)i.Element("title")!).ToList();
        Assert.Contains(rssTitles, t => t.StartsWith("PUB-YES"));
        Assert.DoesNotContain(rssTitles, t => t.StartsWith("PUB-NO"));

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await anonymous.GetStringAsync("/pubblico/TV/bandi.atom"));
        Assert.Equal(atom + "feed", feed.Root!.Name);
        Assert.Contains(feed.Descendants(atom + "entry"), e => ((string)e.Element(atom + "title")!).StartsWith("PUB-YES"));
        Assert.DoesNotContain(feed.Descendants(atom + "entry"), e => ((string)e.Element(atom + "title")!).StartsWith("PUB-NO"));

        var jsonText = await anonymous.GetStringAsync("/pubblico/TV/bandi.json");
        using var json = JsonDocument.Parse(jsonText);
        var ids = json.RootElement.GetProperty("bandi").EnumerateArray().Select(b => b.GetProperty("identificativo").GetString()).ToList();
        Assert.Contains("PUB-YES", ids);
        Assert.DoesNotContain("PUB-NO", ids);
        Assert.DoesNotContain("nota interna", jsonText);

        // Brescia published nothing of Treviso's.
        using var bs = JsonDocument.Parse(await anonymous.GetStringAsync("/pubblico/BS/bandi.json"));
        Assert.DoesNotContain(bs.RootElement.GetProperty("bandi").EnumerateArray(), b => b.GetProperty("identificativo").GetString() == "PUB-YES");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/pubblico/XX/bandi.json")).StatusCode);
    }
}
