using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.EuCalls.Alerts;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>
/// Matching of new and changed calls against saved searches, on the real app and database: each criterion, the tenant
/// isolation of a Province's own calls, who may receive alerts, and "once per call and change".
/// Every test uses its own marker word, so the searches of one test never match the calls of another.
/// </summary>
public sealed class CallAlertTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Europa = "europa@demo.it";        // Operatore Europa, Treviso
    private const string BresciaEuropa = "europa.bs@prova.it";

    private static string Marker() => "mk" + Guid.NewGuid().ToString("N")[..10];

    private Task<int?> SaveSearchAsync(string email, SavedSearchInput input) =>
        factory.AsUserAsync(email, sp => sp.GetRequiredService<SavedSearchService>().SaveAsync(null, input, CancellationToken.None));

    private async Task<int> AddCallAsync(string marker, string? ownerSigla = null, string programme = "LIFE", string? beneficiaries = null,
        string keywords = "", int deadlineInDays = 90, string title = "Bando di prova")
    {
        await using var db = await factory.CreateSystemDbAsync();
        var now = DateTime.UtcNow;
        var call = new Call
        {
            ProvinceId = ownerSigla is null ? null : await db.Provinces.Where(p => p.Sigla == ownerSigla && p.SuppressedOn == null).Select(p => (int?)p.Id).SingleAsync(),
            Origin = ownerSigla is null ? CallOrigin.PortaleUe : CallOrigin.Regionale,
            PortalKey = ownerSigla is null ? "TEST-" + Guid.NewGuid().ToString("N") : null,
            Identifier = $"{marker.ToUpperInvariant()}-{Random.Shared.Next(1000, 9999)}", Title = $"{title} {marker}", Programme = programme,
            Beneficiaries = beneficiaries, Keywords = keywords, CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        CallRules.ApplyDeadlines(call, [now.AddDays(deadlineInDays)]);
        call.SearchText = CallRules.SearchTextOf(call);
        db.Calls.Add(call);
        await db.SaveChangesAsync();
        return call.Id;
    }

    private async Task<int> RecordAsync(params CallEvent[] events)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CallAlertMatcher>().RecordAsync(events, CancellationToken.None);
    }

    private async Task<List<CallAlert>> AlertsAsync(int? searchId)
    {
        await using var db = await factory.CreateSystemDbAsync();
        return await db.CallAlerts.Where(a => a.SavedSearchId == searchId).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<List<int>> AlertedCallsAsync(int? searchId) => (await AlertsAsync(searchId)).Select(a => a.CallId).Order().ToList();

    private async Task EnsureBresciaEuropaAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByEmailAsync(BresciaEuropa) is not null) return;
        await using var db = await factory.CreateSystemDbAsync();
        var brescia = await db.Provinces.Where(p => p.Sigla == "BS" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var user = new PortalUser { UserName = BresciaEuropa, Email = BresciaEuropa, EmailConfirmed = true, FullName = "Operatore Europa Brescia", ProvinceId = brescia };
        Assert.True((await users.CreateAsync(user, "Prova-2026!")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.EuropeOperator)).Succeeded);
    }

    [Fact]
    public async Task Text_MatchesTitleIdentifierAndKeywords_IgnoringCaseAndAccents()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Testo", Text = $"{m.ToUpperInvariant()} Città", Frequency = AlertFrequency.SoloPortale });
        var hit = await AddCallAsync(m, keywords: "citta | mobilità");
        var otherWord = await AddCallAsync(m, keywords: "energia");
        await RecordAsync(CallEvent.Created(hit), CallEvent.Created(otherWord));
        Assert.Equal([hit], await AlertedCallsAsync(search));
    }

    [Fact]
    public async Task Programmes_AnyOfTheChosenProgrammes()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Programmi", Text = m, Programmes = ["LIFE", "CERV"], Frequency = AlertFrequency.SoloPortale });
        var life = await AddCallAsync(m, programme: "LIFE");
        var cerv = await AddCallAsync(m, programme: "CERV");
        var horizon = await AddCallAsync(m, programme: "Horizon Europe");
        await RecordAsync(CallEvent.Created(life), CallEvent.Created(cerv), CallEvent.Created(horizon));
        Assert.Equal(new[] { life, cerv }.Order(), await AlertedCallsAsync(search));
    }

    [Fact]
    public async Task Beneficiaries_AnyTypeInsideTheFreeText_CallsWithoutBeneficiariesDoNotMatch()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Beneficiari", Text = m, Beneficiaries = ["Comuni", "Associazioni"], Frequency = AlertFrequency.SoloPortale });
        var comuni = await AddCallAsync(m, beneficiaries: "Enti pubblici; comuni e loro unioni");
        var associazioni = await AddCallAsync(m, beneficiaries: "ASSOCIAZIONI culturali");
        var pmi = await AddCallAsync(m, beneficiaries: "PMI");
        var none = await AddCallAsync(m, beneficiaries: null);
        await RecordAsync(CallEvent.Created(comuni), CallEvent.Created(associazioni), CallEvent.Created(pmi), CallEvent.Created(none));
        Assert.Equal(new[] { comuni, associazioni }.Order(), await AlertedCallsAsync(search));
    }

    [Fact]
    public async Task Themes_AnyThemeAmongTheKeywords()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Temi", Text = m, Themes = "clima, Biodiversità", Frequency = AlertFrequency.SoloPortale });
        var clima = await AddCallAsync(m, keywords: "Clima | adattamento");
        var bio = await AddCallAsync(m, keywords: "biodiversità | aree protette");
        var energia = await AddCallAsync(m, keywords: "energia | comunità energetiche");
        await RecordAsync(CallEvent.Created(clima), CallEvent.Created(bio), CallEvent.Created(energia));
        Assert.Equal(new[] { clima, bio }.Order(), await AlertedCallsAsync(search));
    }

    [Fact]
    public async Task DeadlineWithinDays_OnlyCallsWithADeadlineInTheWindow()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Scadenza", Text = m, DeadlineWithinDays = 30, Frequency = AlertFrequency.SoloPortale });
        var soon = await AddCallAsync(m, deadlineInDays: 10);
        var late = await AddCallAsync(m, deadlineInDays: 60);
        var past = await AddCallAsync(m, deadlineInDays: -2);
        await RecordAsync(CallEvent.Created(soon), CallEvent.Created(late), CallEvent.Created(past));
        Assert.Equal([soon], await AlertedCallsAsync(search));
    }

    [Fact]
    public async Task OwnCallsIncludedOrNot_AndOnlyForTheOwningProvince()
    {
        await EnsureBresciaEuropaAsync();
        var m = Marker();
        var trevisoAll = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Tutti", Text = m, Frequency = AlertFrequency.SoloPortale });
        var trevisoEuOnly = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Solo UE", Text = m, Kind = CallKindFilter.SoloUe, Frequency = AlertFrequency.SoloPortale });
        var brescia = await SaveSearchAsync(BresciaEuropa, new SavedSearchInput { Name = "Brescia", Text = m, Frequency = AlertFrequency.SoloPortale });
        var shared = await AddCallAsync(m);
        var ownTreviso = await AddCallAsync(m, ownerSigla: "TV");
        var ownBrescia = await AddCallAsync(m, ownerSigla: "BS");

        await RecordAsync(CallEvent.Created(shared), CallEvent.Created(ownTreviso), CallEvent.Created(ownBrescia));

        Assert.Equal(new[] { shared, ownTreviso }.Order(), await AlertedCallsAsync(trevisoAll));
        Assert.Equal([shared], await AlertedCallsAsync(trevisoEuOnly));
        Assert.Equal(new[] { shared, ownBrescia }.Order(), await AlertedCallsAsync(brescia));
    }

    [Fact]
    public async Task AProvincesNewOwnCall_AlertsItsUsersOnly()
    {
        await EnsureBresciaEuropaAsync();
        var m = Marker();
        var treviso = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "PNRR", Text = m, Programmes = ["PNRR"], Frequency = AlertFrequency.SoloPortale });
        var brescia = await SaveSearchAsync(BresciaEuropa, new SavedSearchInput { Name = "PNRR", Text = m, Programmes = ["PNRR"], Frequency = AlertFrequency.SoloPortale });
        var id = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallService>().CreateOwnAsync(new OwnCallInput
        {
            Identifier = $"PNRR-{m}", Title = "Avviso PNRR per la digitalizzazione", Programme = "PNRR", Beneficiaries = "Comuni",
            Deadlines = [DateTime.Today.AddDays(40).AddHours(12)],
        }, CancellationToken.None));
        Assert.Equal([id], await AlertedCallsAsync(treviso));
        Assert.Empty(await AlertsAsync(brescia));
    }

    [Fact]
    public async Task PausedSearchesAndUsersWithoutTheBandiSection_GetNoAlerts()
    {
        var m = Marker();
        var paused = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Sospesa", Text = m, Frequency = AlertFrequency.SoloPortale });
        await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<SavedSearchService>().SetPausedAsync(paused!.Value, true, CancellationToken.None));
        // The SUA operator has no access to Bandi UE: a search left in the database (e.g. from an earlier role) is ignored.
        int suaSearch;
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var sua = await db.Users.Where(u => u.Email == "sua@demo.it").Select(u => u.Id).SingleAsync();
            var s = new SavedSearch { UserId = sua, Name = "SUA", Text = m, Frequency = AlertFrequency.SoloPortale, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow };
            db.SavedSearches.Add(s);
            await db.SaveChangesAsync();
            suaSearch = s.Id;
        }
        var call = await AddCallAsync(m);
        Assert.Equal(0, await RecordAsync(CallEvent.Created(call)));
        Assert.Empty(await AlertsAsync(paused));
        Assert.Empty(await AlertsAsync(suaSearch));
        await Assert.ThrowsAsync<CallValidationException>(() => SaveSearchAsync("sua@demo.it", new SavedSearchInput { Name = "x" }));
    }

    [Fact]
    public async Task GridAndAlert_UseTheSameRule()
    {
        var m = Marker();
        var input = new SavedSearchInput { Name = "Stessa regola", Text = m, Programmes = ["CERV"], Beneficiaries = ["Comuni"], Themes = "gemellaggio", DeadlineWithinDays = 40, Frequency = AlertFrequency.SoloPortale };
        var search = await SaveSearchAsync(Europa, input);
        var calls = new[]
        {
            await AddCallAsync(m, programme: "CERV", beneficiaries: "Comuni", keywords: "gemellaggio", deadlineInDays: 20),
            await AddCallAsync(m, programme: "CERV", beneficiaries: "Comuni", keywords: "gemellaggio", deadlineInDays: 80),
            await AddCallAsync(m, programme: "LIFE", beneficiaries: "Comuni", keywords: "gemellaggio", deadlineInDays: 20),
            await AddCallAsync(m, programme: "CERV", beneficiaries: "PMI", keywords: "gemellaggio", deadlineInDays: 20),
            await AddCallAsync(m, programme: "CERV", beneficiaries: "Comuni", keywords: "energia", deadlineInDays: 20),
        };
        await RecordAsync(calls.Select(CallEvent.Created).ToArray());

        SavedSearch saved;
        await using (var db = await factory.CreateSystemDbAsync())
            saved = await db.SavedSearches.SingleAsync(s => s.Id == search);
        var (rows, total) = await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallService>().SearchAsync(saved.ToFilter(), 0, 50, CancellationToken.None));
        Assert.Equal(1, total);
        Assert.Equal(rows.Select(r => r.Id), await AlertedCallsAsync(search));
        Assert.Equal(calls[0], rows.Single().Id);
    }

    [Fact]
    public async Task ACallAndChangeAreAlertedOncePerSearch_ANewChangeAgain()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = "Una volta", Text = m, Frequency = AlertFrequency.SoloPortale });
        var call = await AddCallAsync(m);
        Assert.Equal(1, await RecordAsync(CallEvent.Created(call)));
        Assert.Equal(0, await RecordAsync(CallEvent.Created(call)));
        var change = new CallChange { Id = 900_000 + Random.Shared.Next(1, 99_999), Field = "Budget", OldValue = "€ 1,00", NewValue = "€ 2,00" };
        Assert.Equal(1, await RecordAsync(CallEvent.Changed(call, [change])));
        Assert.Equal(0, await RecordAsync(CallEvent.Changed(call, [change])));
        var alerts = await AlertsAsync(search);
        Assert.Equal(2, alerts.Count);
        Assert.True(alerts[0].IsNew);
        Assert.Equal("Budget: € 1,00 → € 2,00", alerts[1].Summary);
    }

    [Fact]
    public async Task Import_NewThenSameThenMovedDeadline_AlertsNewAndChangeWithABellNotification()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = $"Import {m}", Text = m, Frequency = AlertFrequency.SoloPortale });
        async Task Import(string deadline) => await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallImportService>().ImportFileAsync(
            Stream(Envelope(Item($"HORIZON-{m}", ("keywords", [m]), ("deadlineDate", [deadline])))), "avvisi.json", true, CancellationToken.None));

        await Import("2030-04-18T19:00:00.000+0200");
        await Import("2030-04-18T19:00:00.000+0200");
        await Import("2030-05-02T19:00:00.000+0200");

        var alerts = await AlertsAsync(search);
        Assert.Equal(2, alerts.Count);
        Assert.True(alerts[0].IsNew);
        Assert.False(alerts[1].IsNew);
        Assert.Contains("Scadenza: 18/04/2030 19:00 → 02/05/2030 19:00", alerts[1].Summary);
        Assert.False(alerts[0].DigestDue, "in-app only: nothing waits for a digest");
        await using var db = await factory.CreateSystemDbAsync();
        var europa = await db.Users.Where(u => u.Email == Europa).Select(u => u.Id).SingleAsync();
        var bell = await db.Notifications.Where(n => n.RecipientUserId == europa && n.Title.Contains($"Import {m}")).OrderBy(n => n.Id).ToListAsync();
        Assert.Equal(2, bell.Count);
        Assert.Equal($"/bandi/{alerts[0].CallId}", bell[0].LinkUrl);
        Assert.Contains("bando modificato", bell[1].Title);
        Assert.False(await db.OutboxEmails.AnyAsync(e => e.Subject.Contains(m)), "in-app only: no e-mail");
    }

    [Fact]
    public async Task SavedSearches_AreTheirOwnersOnly()
    {
        var m = Marker();
        var search = await SaveSearchAsync(Europa, new SavedSearchInput { Name = $"Mia {m}" });
        Assert.Null(await factory.AsUserAsync("dirigente@demo.it", sp => sp.GetRequiredService<SavedSearchService>().GetAsync(search!.Value, CancellationToken.None)));
        Assert.False(await factory.AsUserAsync("dirigente@demo.it", sp => sp.GetRequiredService<SavedSearchService>().DeleteAsync(search!.Value, CancellationToken.None)));
        Assert.Null(await factory.AsUserAsync("dirigente@demo.it", sp => sp.GetRequiredService<SavedSearchService>().SaveAsync(search, new SavedSearchInput { Name = "Presa" }, CancellationToken.None)));
        Assert.Equal($"Mia {m}", (await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<SavedSearchService>().GetAsync(search!.Value, CancellationToken.None)))!.Name);
        var error = await Assert.ThrowsAsync<CallValidationException>(() => SaveSearchAsync(Europa, new SavedSearchInput { Name = " ", DeadlineWithinDays = -1 }));
        Assert.Contains("Nome: obbligatorio.", error.Errors);
        Assert.Contains("Scadenza entro giorni: tra 0 e 3650.", error.Errors);
    }

    [Theory]
    [InlineData("2026-11-26T10:00:00Z", AlertFrequency.Giornaliera, "G:2026-11-26", "2026-11-26T06:00:00Z")]
    [InlineData("2026-11-26T05:00:00Z", AlertFrequency.Giornaliera, "G:2026-11-25", "2026-11-25T06:00:00Z")]
    [InlineData("2026-11-26T10:00:00Z", AlertFrequency.Settimanale, "S:2026-11-23", "2026-11-23T06:00:00Z")]
    [InlineData("2026-11-23T05:59:00Z", AlertFrequency.Settimanale, "S:2026-11-16", "2026-11-16T06:00:00Z")]
    [InlineData("2026-07-01T05:30:00Z", AlertFrequency.Giornaliera, "G:2026-07-01", "2026-07-01T05:00:00Z")]
    public void PeriodOf_TodayOrThisWeeksMondayAtTheDigestHourInRome(string now, AlertFrequency frequency, string period, string start)
    {
        var (p, s) = AlertDigestService.PeriodOf(frequency, DateTime.Parse(now).ToUniversalTime(), 7);
        Assert.Equal(period, p);
        Assert.Equal(DateTime.Parse(start).ToUniversalTime(), s);
        Assert.Equal(DateTimeKind.Utc, s.Kind);
    }
}
