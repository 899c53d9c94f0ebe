using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The registry's text filter through the full-text index (FTS5 on SQLite, tsvector on PostgreSQL).</summary>
public sealed class CallSearchTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Europa = "europa@demo.it";

    private Task<ImportReport> ImportAsync(params System.Text.Json.Nodes.JsonObject[] items) =>
        factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallImportService>().ImportFileAsync(Stream(Envelope(items)), "ricerca.json", true, CancellationToken.None));

    private async Task<List<string>> SearchAsync(string text, CallFilter? filter = null)
    {
        var (rows, total) = await factory.AsUserAsync(Europa, sp =>
            sp.GetRequiredService<CallService>().SearchAsync((filter ?? new CallFilter()) with { Text = text }, 0, 100, CancellationToken.None));
        Assert.Equal(total, rows.Count);
        return rows.Select(r => r.Identifier).Order().ToList();
    }

    [Fact]
    public async Task TextFilter_WordStartsWithoutAccentsAllWordsRequired_AndFollowsUpdates()
    {
        await ImportAsync(
            Item("SRCH-ALFA-01", ("title", ["Rigenerazione della Città di Zefiropoli"]), ("deadlineDate", ["2031-03-10T17:00:00.000+0100"])),
            Item("SRCH-BETA-02", ("title", ["Mobilità sostenibile a Zefiropoli"]), ("deadlineDate", ["2031-04-10T17:00:00.000+0200"])),
            Item("SRCH-GAMMA-03", ("title", ["Qualità dell'aria nelle città alpine"]), ("deadlineDate", ["2031-05-10T17:00:00.000+0200"])));

        // Accents and case do not matter, in the text or in the query.
        Assert.Equal(["SRCH-ALFA-01"], await SearchAsync("zefiropoli citta"));
        Assert.Equal(["SRCH-ALFA-01"], await SearchAsync("ZEFIROPOLI CITTÀ"));
        // Each word is the start of a word: "zefiro" finds both, "ropoli" (inside a word) finds none.
        Assert.Equal(["SRCH-ALFA-01", "SRCH-BETA-02"], await SearchAsync("zefiro"));
        Assert.Empty(await SearchAsync("ropoli"));
        // All words are required; identifiers are searchable by their parts.
        Assert.Equal(["SRCH-BETA-02"], await SearchAsync("mobilita zefiro"));
        Assert.Equal(["SRCH-GAMMA-03"], await SearchAsync("srch-gamma"));
        // The query syntax of the index never sees the user's punctuation.
        Assert.Empty(await SearchAsync("\"zefiro* OR (NEAR ropoli:*"));
        // Text and the other filters together.
        Assert.Empty(await SearchAsync("zefiro", new CallFilter(Programme: "LIFE")));
        Assert.Equal(["SRCH-ALFA-01", "SRCH-BETA-02"], await SearchAsync("zefiro", new CallFilter(Programme: "Horizon Europe")));

        // A changed title is reindexed by the import: the old word no longer finds the call, the new one does.
        await ImportAsync(Item("SRCH-BETA-02", ("title", ["Mobilità sostenibile a Borealia"]), ("deadlineDate", ["2031-04-10T17:00:00.000+0200"])));
        Assert.Equal(["SRCH-ALFA-01"], await SearchAsync("zefiro"));
        Assert.Equal(["SRCH-BETA-02"], await SearchAsync("borealia"));
    }

    [Fact]
    public async Task TextFilter_OwnCallOfAProvince_FoundByItsProvinceOnly()
    {
        var id = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallService>().CreateOwnAsync(new OwnCallInput
        {
            Identifier = "TV-SRCH-1", Title = "Efficientamento energetico delle scuole di Quintavalle", Programme = "PNRR",
            Deadlines = [new DateTime(2031, 6, 30, 12, 0, 0)],
        }, CancellationToken.None));
        Assert.True(id > 0);

        Assert.Equal(["TV-SRCH-1"], await SearchAsync("quintaval"));
        var (brescia, total) = await factory.AsUserAsync("sua.bs@demo.it", sp =>
            sp.GetRequiredService<CallService>().SearchAsync(new CallFilter("quintaval"), 0, 10, CancellationToken.None));
        Assert.Empty(brescia);
        Assert.Equal(0, total);
    }

    [Fact]
    public async Task ProgrammeChoices_AnOwnCallsNewProgrammeShowsAtOnce_ForItsProvinceOnly()
    {
        Task<IReadOnlyList<string>> ProgrammesAsync(string user) =>
            factory.AsUserAsync(user, sp => sp.GetRequiredService<CallService>().ProgrammesAsync(CancellationToken.None));
        var programme = "Fondo " + Guid.NewGuid().ToString("N")[..6];
        Assert.DoesNotContain(programme, await ProgrammesAsync(Europa));
        Assert.DoesNotContain(programme, await ProgrammesAsync("sua.bs@demo.it"));

        var id = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallService>().CreateOwnAsync(new OwnCallInput
        {
            Identifier = "TV-PROG-1", Title = "Sostegno alle botteghe dei borghi", Programme = programme,
            Deadlines = [new DateTime(2031, 9, 30, 12, 0, 0)],
        }, CancellationToken.None));

        // The choices were shared and kept; the node that stored the call reads them again.
        Assert.Contains(programme, await ProgrammesAsync(Europa));
        Assert.DoesNotContain(programme, await ProgrammesAsync("sua.bs@demo.it"));

        // A count read moments ago is returned as it is (the list only pages).
        var (rows, total) = await factory.AsUserAsync(Europa, sp =>
            sp.GetRequiredService<CallService>().SearchAsync(new CallFilter(Programme: programme), 0, 10, CancellationToken.None, knownTotal: 5));
        Assert.Equal(id, Assert.Single(rows).Id);
        Assert.Equal(5, total);
    }

    [Fact]
    public async Task OpeningList_ReadThroughCompiledQueries_IsWhatFilteredReads()
    {
        await ImportAsync(
            Item("OPEN-LIST-01", ("title", ["Primo bando della lista"]), ("deadlineDate", ["2032-01-10T17:00:00.000+0100"])),
            Item("OPEN-LIST-02", ("title", ["Secondo bando della lista"]), ("deadlineDate", ["2032-01-10T17:00:00.000+0100"])),
            Item("OPEN-LIST-03", ("title", ["Terzo bando della lista"]), ("deadlineDate", ["2032-02-10T17:00:00.000+0100"])));
        // The filter as the page builds it with nothing chosen: blank text, empty lists. Filtered adds no condition to it.
        var opening = new CallFilter(Text: " ", Programmes: [], Beneficiaries: [], Themes: []);
        var (expected, expectedTotal, unfiltered, narrowed) = await factory.AsUserAsync(Europa, async sp =>
        {
            await using var db = await sp.GetRequiredService<PortalDbFactory>().CreateAsync();
            var all = db.Calls.AsNoTracking();
            var now = DateTime.UtcNow;
            return (await all.OrderByDescending(c => c.LastDeadlineUtc).ThenByDescending(c => c.Id).Take(6).Select(c => c.Id).ToListAsync(),
                await all.CountAsync(), ReferenceEquals(CallService.Filtered(db, all, opening, now), all),
                ReferenceEquals(CallService.Filtered(db, all, opening with { Themes = ["acqua"] }, now), all));
        });
        Assert.True(unfiltered);
        Assert.False(narrowed);
        var service = (Func<IServiceProvider, CallService>)(sp => sp.GetRequiredService<CallService>());
        var (first, total) = await factory.AsUserAsync(Europa, sp => service(sp).SearchAsync(opening, 0, 3, CancellationToken.None));
        Assert.Equal(expectedTotal, total);
        Assert.True(total >= 3, $"{total} bandi");
        Assert.Equal(expected.Take(3), first.Select(r => r.Id));
        var (second, _) = await factory.AsUserAsync(Europa, sp => service(sp).SearchAsync(opening, 1, 3, CancellationToken.None, knownTotal: total));
        Assert.Equal(expected.Skip(3).Take(3), second.Select(r => r.Id));
        Assert.True(CallService.OpeningCount.Models > 0 && CallService.OpeningRows.Models > 0, "query compilate non usate");
        // Another order is not the opening list: read through the general path, the same calls.
        var (byTitle, titleTotal) = await factory.AsUserAsync(Europa, sp => service(sp).SearchAsync(opening with { Sort = CallSort.Titolo }, 0, 500, CancellationToken.None));
        Assert.Equal(total, titleTotal);
        Assert.Equal(Math.Min(total, 500), byTitle.Count);
    }
}
