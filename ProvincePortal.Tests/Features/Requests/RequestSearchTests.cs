using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>
/// The list's free text through the full-text index (FTS5 on SQLite, GIN tsvector on PostgreSQL): word prefixes, case
/// and accents, input that is query syntax, isolation, the other filters and paging, and an index kept in step with
/// requests filed, edited and deleted after the migration. Expected results come from the rows themselves, matched in C#.
/// </summary>
public sealed class RequestSearchTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private const string ServiceName = "Servizio per la prova della ricerca";
    private const int Bulk = 500;
    private int serviceId;
    private int bresciaServiceId;
    private int conegliano;
    private int treviso;

    public async Task InitializeAsync()
    {
        await factory.EnsureExtraUsersAsync();
        await using var db = await factory.CreateSystemDbAsync();
        conegliano = await db.Comuni.Where(c => c.CadastralCode == "C957").Select(c => c.Id).SingleAsync();
        treviso = await db.Comuni.Where(c => c.CadastralCode == "L407").Select(c => c.Id).SingleAsync();
        var existing = await db.CatalogServices.Where(s => s.Name == ServiceName).Select(s => new { s.Id, s.ProvinceId }).ToListAsync();
        if (existing.Count > 0)
        {
            var tvId = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
            serviceId = existing.Single(s => s.ProvinceId == tvId).Id;
            bresciaServiceId = existing.Single(s => s.ProvinceId != tvId).Id;
            return;
        }
        var tv = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var bs = await db.Provinces.Where(p => p.Sigla == "BS" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var tvSla = await db.SlaClasses.Where(c => c.ProvinceId == tv).Select(c => c.Id).FirstAsync();
        var service = new CatalogService { ProvinceId = tv, Name = ServiceName, Category = "Prove", SlaClassId = tvSla, IsPublished = false, CreatedAtUtc = DateTime.UtcNow };
        var bsSla = new SlaClass { ProvinceId = bs, Name = "Prova ricerca", TakeChargeTarget = 8, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 5, ResolveUnit = SlaUnit.Giorni };
        var bsService = new CatalogService { ProvinceId = bs, Name = ServiceName, Category = "Prove", SlaClass = bsSla, IsPublished = false, CreatedAtUtc = DateTime.UtcNow };
        db.AddRange(service, bsSla, bsService);
        await db.SaveChangesAsync();
        serviceId = service.Id;
        bresciaServiceId = bsService.Id;

        var start = new DateTime(2029, 5, 1, 8, 0, 0, DateTimeKind.Utc);
        var statuses = Enum.GetValues<RequestStatus>();
        var slas = Enum.GetValues<SlaState>();
        var n = 0;
        ServiceRequest Request(int province, int service, int? comune, string subject) => new()
        {
            ProvinceId = province, ComuneId = comune, ServiceId = service, Subject = subject,
            Status = statuses[n % statuses.Length], SlaState = slas[n % slas.Length], RequesterUserId = "prova", RequesterName = "Prova",
            // Ties of three on the activity time, so that the order's tie-break on the number falls inside pages.
            CreatedAtUtc = start, LastActivityAtUtc = start.AddMinutes(n++ / 3), TakeChargeDueUtc = start, TakeChargeWarnUtc = start,
        };
        db.AddRange(
            Request(tv, serviceId, conegliano, "Illuminazione pubblica: lampioni spenti in via Roma"),
            Request(tv, serviceId, treviso, "ILLUMINAZIONE VOTIVA del cimitero"),
            Request(tv, serviceId, conegliano, "Città più accessibile: barriere architettoniche"),
            Request(tv, serviceId, null, "Perché l'ufficio è chiuso? \"Sportello\" (NEAR piazza) - urgente*"),
            Request(bs, bresciaServiceId, null, "Illuminazione della Loggia di Brescia"));
        for (var i = 0; i < Bulk; i++)
            db.Add(Request(tv, serviceId, i % 3 == 0 ? treviso : conegliano, $"Segnaletica stradale {(i % 2 == 0 ? "orizzontale" : "verticale")} n. {i:000}"));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(IReadOnlyList<RequestRow> Items, int Total)> List(RequestFilter filter, int page = 0, int size = 200, string email = Cdc) =>
        factory.AsAsync(email, s => s.ListAsync(filter, page, size));

    private async Task<List<string>> Subjects(string text, string email = Cdc, int? service = null) =>
        (await List(new RequestFilter(ServiceId: service ?? serviceId, Text: text), email: email)).Items.Select(i => i.Subject).ToList();

    /// <summary>Every word of the query starts a word of the subject (case and accents ignored): the rule, in C#.</summary>
    private static bool Matches(string subject, string text)
    {
        var words = RequestSearchSql.Terms(subject);
        return RequestSearchSql.Terms(text).All(t => words.Any(w => w.StartsWith(t, StringComparison.Ordinal)));
    }

    /// <summary>The ids a filter must give, from the rows of the test service, newest activity first.</summary>
    private async Task<List<int>> Expected(string text, Func<ServiceRequest, bool> where)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var rows = await db.ServiceRequests.AsNoTracking().Where(r => r.ServiceId == serviceId).ToListAsync();
        return rows.Where(r => Matches(r.Subject, text) && where(r))
            .OrderByDescending(r => r.LastActivityAtUtc).ThenByDescending(r => r.Id).Select(r => r.Id).ToList();
    }

    [Fact]
    public async Task Text_MatchesTheStartOfWords_IgnoringCase()
    {
        var found = await Subjects("illumin");
        Assert.Equal(2, found.Count);
        Assert.Contains("Illuminazione pubblica: lampioni spenti in via Roma", found);
        Assert.Contains("ILLUMINAZIONE VOTIVA del cimitero", found);
        Assert.Equal(["ILLUMINAZIONE VOTIVA del cimitero"], await Subjects("Votiva ILLUM"));
        Assert.Equal(["Illuminazione pubblica: lampioni spenti in via Roma"], await Subjects("LAMPION"));
        // Inside a word is no match: the index holds words, not substrings.
        Assert.Empty(await Subjects("minazione"));
        Assert.Empty(await Subjects("illuminazione inesistente"));
    }

    [Fact]
    public async Task Text_IgnoresAccents_BothWays()
    {
        const string subject = "Città più accessibile: barriere architettoniche";
        Assert.Equal([subject], await Subjects("citta"));
        Assert.Equal([subject], await Subjects("CITTÀ PIU"));
        Assert.Equal([subject], await Subjects("cittá"));
        Assert.Equal(["Perché l'ufficio è chiuso? \"Sportello\" (NEAR piazza) - urgente*"], await Subjects("perche UFFICIO"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"illumin")]
    [InlineData("illumin*")]
    [InlineData("*")]
    [InlineData("(")]
    [InlineData(")illumin(")]
    [InlineData("NEAR")]
    [InlineData("NEAR(illumin votiva)")]
    [InlineData("-illumin")]
    [InlineData("illumin -votiva")]
    [InlineData("illumin AND OR NOT")]
    [InlineData("illumin:votiva")]
    [InlineData("Facets:p1")]
    [InlineData("Subject:illumin")]
    [InlineData("{Subject}:illumin ^votiva")]
    [InlineData("'; DROP TABLE \"ServiceRequests\"; --")]
    [InlineData("illumin & votiva | !x :* \\")]
    [InlineData("% _ [a-z]")]
    public async Task Text_QuerySyntaxInTheInput_NeverThrows_AndIsReadAsWords(string text)
    {
        var (items, total) = await List(new RequestFilter(ServiceId: serviceId, Text: text), size: 25);
        // Nothing to look for (only syntax): the text filters nothing, as in Bandi.
        var expected = await Expected(RequestSearchSql.Terms(text).Count == 0 ? "" : text, _ => true);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Take(25), items.Select(i => i.Id));
    }

    [Fact]
    public async Task Text_QuerySyntax_FindsTheSubjectThatContainsIt()
    {
        const string subject = "Perché l'ufficio è chiuso? \"Sportello\" (NEAR piazza) - urgente*";
        Assert.Equal([subject], await Subjects("\"sportello\" (near"));
        Assert.Equal([subject], await Subjects("urgente*"));
        Assert.Equal([subject], await Subjects("- NEAR"));
        // The facets' column of the SQLite index is not reachable from the text.
        Assert.Empty(await Subjects($"Facets:s{serviceId}"));
    }

    [Fact]
    public async Task Text_IsIsolatedByProvinceAndComune()
    {
        // Brescia's operator: its own request, never Treviso's, whatever the service asked.
        Assert.Equal(["Illuminazione della Loggia di Brescia"],
            (await List(new RequestFilter(Text: "illumin"), email: CdcBrescia)).Items.Select(i => i.Subject));
        Assert.Equal(0, (await List(new RequestFilter(ServiceId: serviceId, Text: "illumin"), email: CdcBrescia)).Total);
        Assert.Equal(0, (await List(new RequestFilter(Text: "segnaletica"), email: CdcBrescia)).Total);
        // Treviso's operator never gets Brescia's.
        var ofTreviso = await List(new RequestFilter(Text: "illuminazione"));
        Assert.DoesNotContain(ofTreviso.Items, i => i.Subject.Contains("Brescia"));
        Assert.Equal(2, ofTreviso.Total);
        // A Comune user: its Comune's requests only (Conegliano has one of the two).
        var comune = await List(new RequestFilter(Text: "illuminazione"), email: Comune);
        Assert.Equal(["Illuminazione pubblica: lampioni spenti in via Roma"], comune.Items.Select(i => i.Subject));
        Assert.Equal(1, comune.Total);
        Assert.Equal(0, (await List(new RequestFilter(Text: "illuminazione", ComuneId: treviso), email: Comune)).Total);
    }

    [Fact]
    public async Task Text_WithEveryFilter_CountsAndPagesLikeThePlainQuery()
    {
        async Task Check(RequestFilter filter, Func<ServiceRequest, bool> where)
        {
            var expected = await Expected(filter.Text!, where);
            Assert.True(expected.Count > 0, $"nessun risultato atteso per {filter}");
            var (items, total) = await List(filter);
            Assert.Equal(expected.Count, total);
            Assert.Equal(expected.Take(200), items.Select(i => i.Id));
        }
        var s = serviceId;
        await Check(new(ServiceId: s, Text: "segnaletica"), _ => true);
        await Check(new(ServiceId: s, Text: "verticale"), _ => true);
        await Check(new(ServiceId: s, Text: "segnaletica", Status: RequestStatus.InAttesa), r => r.Status == RequestStatus.InAttesa);
        await Check(new(ServiceId: s, Text: "segn orizz", OnlyOpen: true), r => r.Status != RequestStatus.Chiusa);
        await Check(new(ServiceId: s, Text: "stradale", Sla: SlaState.Violato), r => r.SlaState == SlaState.Violato);
        await Check(new(ServiceId: s, Text: "stradale", ComuneId: conegliano, Status: RequestStatus.Nuova), r => r.ComuneId == conegliano && r.Status == RequestStatus.Nuova);
        await Check(new(ServiceId: s, Text: "stradale", ComuneId: treviso), r => r.ComuneId == treviso);
        await Check(new(ServiceId: s, Text: "illumin", ComuneId: conegliano), r => r.ComuneId == conegliano);
        // Bare digits: the number or a word of the subject starting with them ("n. 042").
        var (digits, digitsTotal) = await List(new RequestFilter(ServiceId: s, Text: "042"));
        Assert.Equal(digits.Count, digitsTotal);
        Assert.Contains(digits, i => i.Subject.EndsWith("n. 042"));
        Assert.All(digits, i => Assert.True(i.Id == 42 || i.Subject.EndsWith("n. 042"), i.Subject));

        // Pages of every size, including size 1 (the first pages of a common word are read by walking the list index)
        // and the last page (read from the other end), cover every match once, in order, with the right total.
        var all = await Expected("segnaletica", _ => true);
        Assert.Equal(Bulk, all.Count);
        foreach (var size in new[] { 1, 7, 25, 200 })
        {
            foreach (var page in new[] { 0, 1, 2, Bulk / size / 2, (Bulk - 1) / size })
            {
                var (items, total) = await List(new RequestFilter(ServiceId: s, Text: "segnaletica"), page, size);
                Assert.Equal(Bulk, total);
                Assert.Equal(all.Skip(page * size).Take(size), items.Select(i => i.Id));
            }
        }
        var beyond = await List(new RequestFilter(ServiceId: s, Text: "segnaletica"), 100, 25);
        Assert.Empty(beyond.Items);
        Assert.Equal(Bulk, beyond.Total);
    }

    [Fact]
    public async Task Text_EveryWayOfReadingAPage_GivesThePlainQuerysPage()
    {
        // On 1,000,000 requests the list chooses how to read a text search's page by cost (see ReadOf); here each way is
        // forced on every case, so that a way the test data would never choose is still checked against the rows.
        var s = serviceId;
        var cases = new (RequestFilter Filter, Func<ServiceRequest, bool> Where)[]
        {
            (new(ServiceId: s, Text: "segn"), _ => true),
            (new(ServiceId: s, Text: "stra orizz"), _ => true),
            (new(ServiceId: s, Text: "segn", ComuneId: treviso, OnlyOpen: true), r => r.ComuneId == treviso && r.Status != RequestStatus.Chiusa),
            (new(ServiceId: s, Text: "strad", Sla: SlaState.Violato), r => r.SlaState == SlaState.Violato),
        };
        foreach (var read in Enum.GetValues<RequestService.TextPageRead>())
        {
            foreach (var (filter, where) in cases)
            {
                var expected = await Expected(filter.Text!, where);
                Assert.True(expected.Count > 7, $"troppo pochi risultati attesi per {filter}");
                foreach (var size in new[] { 7, 25 })
                {
                    var last = (expected.Count - 1) / size;
                    foreach (var page in new[] { 0, 1, last / 2, last })
                    {
                        var (items, total) = await factory.AsAsync(Cdc, r => r.ListAsync(filter, page, size, read, default));
                        Assert.Equal(expected.Count, total);
                        Assert.Equal(expected.Skip(page * size).Take(size), items.Select(i => i.Id));
                    }
                }
            }
            // Bare digits: the number or a word starting with them.
            var (digits, _) = await factory.AsAsync(Cdc, r => r.ListAsync(new RequestFilter(ServiceId: s, Text: "042"), 0, 200, read, default));
            var expectedDigits = await Expected("", r => r.Id == 42 || Matches(r.Subject, "042"));
            Assert.NotEmpty(expectedDigits);
            Assert.Equal(expectedDigits, digits.Select(i => i.Id));
            // The probe looks for the words alone: the Province and the Comune still come from the list's own conditions.
            var brescia = await factory.AsAsync(CdcBrescia, r => r.ListAsync(new RequestFilter(Text: "illumin"), 0, 200, read, default));
            Assert.Equal(["Illuminazione della Loggia di Brescia"], brescia.Items.Select(i => i.Subject));
            var ofConegliano = await Expected("segn", r => r.ComuneId == conegliano);
            var comune = await factory.AsAsync(Comune, r => r.ListAsync(new RequestFilter(ServiceId: s, Text: "segn"), 1, 25, read, default));
            Assert.Equal(ofConegliano.Count, comune.Total);
            Assert.Equal(ofConegliano.Skip(25).Take(25), comune.Items.Select(i => i.Id));
        }
    }

    [Fact]
    public void ReadOf_ProbesOnlyTheFirstPagesOfAVeryCommonShortWord()
    {
        static RequestService.TextPageRead Read(string text, int matches, int rowsUpToPage) =>
            RequestService.ReadOf(new RequestService.TextSearch(RequestSearchSql.Terms(text), SearchFacets.None, null), matches, rowsUpToPage);
        // The figures of bench/RichiesteList: "del" in 290,399 subjects, "biblioteca" in 25,010.
        Assert.Equal(RequestService.TextPageRead.WalkProbing, Read("del", 290_399, 75));
        Assert.Equal(RequestService.TextPageRead.WalkMatchSet, Read("del", 290_399, 100_000));
        Assert.Equal(RequestService.TextPageRead.WalkMatchSet, Read("biblioteca", 25_010, 75));
        Assert.Equal(RequestService.TextPageRead.WalkMatchSet, Read("bibl", 25_010, 75));
        Assert.Equal(RequestService.TextPageRead.ByKey, Read("biblioteca", 25_010, 12_510));
        Assert.Equal(RequestService.TextPageRead.ByKey, Read("votiva", 1_000, 25));
        // A longer word merges every term it starts at each probe; a one-letter word has no prefix index.
        Assert.Equal(RequestService.TextPageRead.WalkMatchSet, Read("delibera", 290_399, 75));
        Assert.Equal(RequestService.TextPageRead.WalkMatchSet, Read("d", 290_399, 75));
        Assert.Equal(RequestService.TextPageRead.WalkProbing, Read("del via", 290_399, 25));
        Assert.Equal(RequestService.TextPageRead.ByKey, RequestService.ReadOf(null, 290_399, 25));
    }

    [Fact]
    public async Task RequestFiledAndEditedAfterTheMigration_IsFoundByItsCurrentSubjectAndState()
    {
        var id = await factory.FileWebsiteRequestAsync("Potatura degli alberi del parco giochi");
        var website = await factory.ServiceIdAsync(Website);
        async Task<List<int>> Find(string text, RequestStatus? status = null) =>
            (await List(new RequestFilter(ServiceId: website, Text: text, Status: status))).Items.Select(i => i.Id).ToList();

        Assert.Equal([id], await Find("potatura alberi"));
        Assert.Equal([id], await Find("potat", RequestStatus.Nuova));

        await using (var db = await factory.CreateSystemDbAsync())
        {
            var request = await db.ServiceRequests.SingleAsync(r => r.Id == id);
            request.Subject = "Sfalcio dell'erba nel parco giochi";
            await db.SaveChangesAsync();
        }
        Assert.Empty(await Find("potatura"));
        Assert.Equal([id], await Find("sfalcio erba"));
        Assert.Equal([id], await Find("parco giochi"));

        // A change of state moves the request between the state filters of a text search.
        await factory.ActAsync(Cdc, id, RequestAction.PrendiInCarico);
        Assert.Empty(await Find("sfalcio", RequestStatus.Nuova));
        Assert.Equal([id], await Find("sfalcio", RequestStatus.InCarico));

        // A deleted request leaves the index.
        var gone = await InsertAsync(website, "Tinteggiatura della palestra comunale");
        Assert.Equal([gone], await Find("tinteggiatura"));
        await using (var db = await factory.CreateSystemDbAsync())
            await db.ServiceRequests.Where(r => r.Id == gone).ExecuteDeleteAsync();
        var (items, total) = await List(new RequestFilter(ServiceId: website, Text: "tinteggiatura"));
        Assert.Empty(items);
        Assert.Equal(0, total);
    }

    /// <summary>A request of Treviso written straight to the database (no events, nothing linked to it).</summary>
    private async Task<int> InsertAsync(int service, string subject)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var now = DateTime.UtcNow;
        var province = await db.CatalogServices.Where(s => s.Id == service).Select(s => s.ProvinceId).SingleAsync();
        var request = new ServiceRequest
        {
            ProvinceId = province, ComuneId = conegliano, ServiceId = service, Subject = subject, Status = RequestStatus.Nuova, SlaState = SlaState.InTempo,
            RequesterUserId = "prova", RequesterName = "Prova", CreatedAtUtc = now, LastActivityAtUtc = now, TakeChargeDueUtc = now, TakeChargeWarnUtc = now,
        };
        db.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }

    [SkippableFact]
    public async Task Sqlite_LostTriggers_AreRestoredAtStartUp_WithTheIndexRefilled()
    {
        Skip.If(TestDatabase.UsePostgres, "FTS5 triggers exist on SQLite only");
        var website = await factory.ServiceIdAsync(Website);
        await using (var db = await factory.CreateSystemDbAsync())
        {
            // What a later migration that rebuilds ServiceRequests leaves behind: the table's triggers are gone.
            await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER "ServiceRequests_search_ai"; DROP TRIGGER "ServiceRequests_search_au";""");
        }
        var id = await InsertAsync(website, "Rastrelliere per le biciclette");
        Assert.Equal(0, (await List(new RequestFilter(ServiceId: website, Text: "rastrelliere"))).Total);
        await using (var db = await factory.CreateSystemDbAsync())
        {
            Assert.True(await RequestSearchSql.EnsureSqliteAsync(db));
            Assert.False(await RequestSearchSql.EnsureSqliteAsync(db));
        }
        Assert.Equal([id], (await List(new RequestFilter(ServiceId: website, Text: "rastrelliere"))).Items.Select(i => i.Id));
        Assert.Equal(2, (await List(new RequestFilter(ServiceId: serviceId, Text: "illumin"))).Total);
        Assert.Equal(Bulk, (await List(new RequestFilter(ServiceId: serviceId, Text: "segnaletica"))).Total);
        // The restored triggers follow later edits.
        await using (var db = await factory.CreateSystemDbAsync())
            await db.ServiceRequests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Subject, "Portabiciclette coperti"));
        Assert.Equal(0, (await List(new RequestFilter(ServiceId: website, Text: "rastrelliere"))).Total);
        Assert.Equal([id], (await List(new RequestFilter(ServiceId: website, Text: "portabici"))).Items.Select(i => i.Id));
    }
}
