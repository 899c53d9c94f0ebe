using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>
/// The list the grid pages through (keys first, then the page's rows): page boundaries, order with ties, every filter and
/// the total, compared with a plain query over the same rows. 60 requests of a service of their own, activity times with
/// ties (three per minute) so that the order's tie-break on the number falls across page boundaries.
/// </summary>
public sealed class RequestListPagingTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private const string ServiceName = "Servizio per la prova delle pagine";
    private int serviceId;
    private int conegliano;
    private int treviso;

    public async Task InitializeAsync()
    {
        await using var db = await factory.CreateSystemDbAsync();
        conegliano = await db.Comuni.Where(c => c.CadastralCode == "C957").Select(c => c.Id).SingleAsync();
        treviso = await db.Comuni.Where(c => c.CadastralCode == "L407").Select(c => c.Id).SingleAsync();
        var existing = await db.CatalogServices.Where(s => s.Name == ServiceName).Select(s => (int?)s.Id).SingleOrDefaultAsync();
        if (existing is int id) { serviceId = id; return; }
        var tv = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var sla = await db.SlaClasses.Where(c => c.ProvinceId == tv).Select(c => c.Id).FirstAsync();
        var service = new CatalogService { ProvinceId = tv, Name = ServiceName, Category = "Prove", SlaClassId = sla, IsPublished = false, CreatedAtUtc = DateTime.UtcNow };
        db.Add(service);
        await db.SaveChangesAsync();
        serviceId = service.Id;
        var start = new DateTime(2029, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var statuses = Enum.GetValues<RequestStatus>();
        var slas = Enum.GetValues<SlaState>();
        for (var i = 0; i < 60; i++)
        {
            db.ServiceRequests.Add(new ServiceRequest
            {
                ProvinceId = tv, ComuneId = i % 4 == 0 ? treviso : conegliano, ServiceId = serviceId,
                Subject = i % 5 == 0 ? $"Rete Wi-Fi della biblioteca n. {i:00}" : $"Pagina del sito n. {i:00}",
                Status = statuses[i % statuses.Length], SlaState = slas[i % slas.Length], RequesterUserId = "prova", RequesterName = "Prova",
                CreatedAtUtc = start, LastActivityAtUtc = start.AddMinutes(i / 3), TakeChargeDueUtc = start, TakeChargeWarnUtc = start,
            });
        }
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(IReadOnlyList<RequestRow> Items, int Total)> List(RequestFilter filter, int page, int size, string email = Cdc) =>
        factory.AsAsync(email, s => s.ListAsync(filter, page, size));

    /// <summary>The same filter as a plain query: ids in the expected order.</summary>
    private async Task<List<int>> Expected(Func<IQueryable<ServiceRequest>, IQueryable<ServiceRequest>> where)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await where(db.ServiceRequests.Where(r => r.ServiceId == serviceId))
            .OrderByDescending(r => r.LastActivityAtUtc).ThenByDescending(r => r.Id).Select(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Pages_CoverEveryRowOnce_InOrder_WithTheTotal()
    {
        var expected = await Expected(q => q);
        Assert.Equal(60, expected.Count);
        var seen = new List<int>();
        for (var page = 0; page < 3; page++)
        {
            var (items, total) = await List(new RequestFilter(ServiceId: serviceId), page, 25);
            Assert.Equal(60, total);
            Assert.Equal(page < 2 ? 25 : 10, items.Count);
            seen.AddRange(items.Select(i => i.Id));
        }
        Assert.Equal(expected, seen);

        // Page size 7: boundaries inside groups of equal activity time.
        var sevens = new List<int>();
        for (var page = 0; page < 9; page++) sevens.AddRange((await List(new RequestFilter(ServiceId: serviceId), page, 7)).Items.Select(i => i.Id));
        Assert.Equal(expected, sevens);

        var beyond = await List(new RequestFilter(ServiceId: serviceId), 10, 25);
        Assert.Empty(beyond.Items);
        Assert.Equal(60, beyond.Total);

        var first = (await List(new RequestFilter(ServiceId: serviceId), 0, 1)).Items.Single();
        Assert.Equal(ServiceName, first.ServiceName);
        Assert.Equal(expected[0], first.Id);
    }

    [Fact]
    public async Task Filters_MatchAPlainQuery()
    {
        async Task Check(RequestFilter filter, Func<IQueryable<ServiceRequest>, IQueryable<ServiceRequest>> where)
        {
            var expected = await Expected(where);
            var (items, total) = await List(filter, 0, 200);
            Assert.Equal(expected.Count, total);
            Assert.Equal(expected, items.Select(i => i.Id));
            Assert.True(total > 0, $"filtro senza risultati: {filter}");
        }
        var s = serviceId;
        await Check(new(ServiceId: s, Status: RequestStatus.InAttesa), q => q.Where(r => r.Status == RequestStatus.InAttesa));
        await Check(new(ServiceId: s, Sla: SlaState.Violato), q => q.Where(r => r.SlaState == SlaState.Violato));
        await Check(new(ServiceId: s, ComuneId: treviso), q => q.Where(r => r.ComuneId == treviso));
        await Check(new(ServiceId: s, ComuneId: conegliano, Status: RequestStatus.Nuova), q => q.Where(r => r.ComuneId == conegliano && r.Status == RequestStatus.Nuova));
        await Check(new(ServiceId: s, Text: "wi-fi"), q => q.Where(r => r.Subject.StartsWith("Rete Wi-Fi")));
        await Check(new(ServiceId: s, OnlyOpen: true), q => q.Where(r => r.Status != RequestStatus.Chiusa));
        var one = (await Expected(q => q))[17];
        await Check(new(ServiceId: s, Text: $"#{one}"), q => q.Where(r => r.Id == one));
        // Bare digits are a number or a piece of a subject ("n. 07"); "#" asks for the number alone.
        await Check(new(ServiceId: s, Text: "07"), q => q.Where(r => r.Id == 7 || r.Subject.Contains("07")));
        var subjectDigits = (await Expected(q => q.Where(r => r.Subject.Contains("n. 07")))).Single();
        Assert.DoesNotContain(subjectDigits, (await List(new RequestFilter(ServiceId: s, Text: "#7"), 0, 200)).Items.Select(i => i.Id));

        // The Comune user sees only its Comune's rows, whatever the filter asks.
        var (comuneItems, comuneTotal) = await List(new RequestFilter(ServiceId: s, ComuneId: treviso), 0, 200, Comune);
        Assert.Empty(comuneItems);
        Assert.Equal(0, comuneTotal);
        // Another Province's operator sees none of them.
        await factory.EnsureExtraUsersAsync();
        Assert.Equal(0, (await List(new RequestFilter(ServiceId: s), 0, 25, CdcBrescia)).Total);
    }

    [Fact]
    public async Task OpeningList_ReadThroughCompiledQueries_IsWhatFilteredReads()
    {
        // A Province's operator (its Province's requests) and the platform's administrator (every Province's: the compiled
        // queries' null province), as Filtered and the list's order read them; first page, and the second with the count known.
        foreach (var email in new[] { Cdc, "admin@demo.it" })
        {
            var (expected, expectedTotal, opening) = await factory.AsUserAsync(email, async sp =>
            {
                var user = await sp.GetRequiredService<CurrentUser>().GetAsync();
                await using var db = await sp.GetRequiredService<PortalDbFactory>().CreateAsync();
                var q = RequestService.Filtered(db, user, new RequestFilter());
                return (await q.OrderByDescending(r => r.LastActivityAtUtc).ThenByDescending(r => r.Id).Take(40).Select(r => r.Id).ToListAsync(),
                    await q.CountAsync(), RequestService.IsOpening(db, new RequestFilter(Text: "  "), user));
            });
            Assert.True(opening, email);
            Assert.True(expectedTotal >= 60, $"{email}: {expectedTotal} richieste");
            var (first, total) = await List(new RequestFilter(), 0, 20, email);
            Assert.Equal(expectedTotal, total);
            Assert.Equal(expected.Take(20), first.Select(i => i.Id));
            var second = await factory.AsAsync(email, s => s.ListAsync(new RequestFilter(), 1, 20, knownTotal: total));
            Assert.Equal(expected.Skip(20), second.Items.Select(i => i.Id));
        }
        Assert.True(RequestService.OpeningCount.Models > 0 && RequestService.OpeningRows.Models > 0, "query compilate non usate");

        // Not the opening list: a filter, a text, a Comune's user (its visibility is a condition of its own).
        var comune = await factory.AsUserAsync(Comune, sp => sp.GetRequiredService<CurrentUser>().GetAsync());
        var cdc = await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<CurrentUser>().GetAsync());
        await using (var db = await factory.CreateSystemDbAsync())
        {
            Assert.False(RequestService.IsOpening(db, new RequestFilter(), comune));
            Assert.False(RequestService.IsOpening(db, new RequestFilter(OnlyOpen: true), cdc));
            Assert.False(RequestService.IsOpening(db, new RequestFilter(Text: "#12"), cdc));
        }
        // The Comune's user, through the general path, still sees only its Comune's requests.
        var (comuneItems, comuneTotal) = await List(new RequestFilter(), 0, 200, Comune);
        Assert.True(comuneTotal > 0);
        Assert.All(comuneItems, r => Assert.Equal("Conegliano", r.ComuneName));
    }
}
