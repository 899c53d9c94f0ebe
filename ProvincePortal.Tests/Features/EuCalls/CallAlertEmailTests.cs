using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.EuCalls.Alerts;
using ProvincePortal.Tests.Features.Notifications;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The app sending alert e-mails through its outbox to a real SMTP server on loopback; the digest job is run by the tests.</summary>
public sealed class AlertsSmtpFactory : EmailPortalFactory, IAsyncLifetime
{
    public LoopbackSmtpServer Smtp { get; private set; } = default!;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        base.ExtraSettings().Append(new("EuCalls:Alerts:DigestsEnabled", "false"));

    public async Task InitializeAsync()
    {
        Smtp = new LoopbackSmtpServer(SmtpPort);
        await Smtp.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await Smtp.DisposeAsync();
}

public sealed class CallAlertEmailTests(AlertsSmtpFactory factory) : IClassFixture<AlertsSmtpFactory>
{
    private const string Europa = "europa@demo.it";

    private static string Marker() => "mk" + Guid.NewGuid().ToString("N")[..10];

    private Task<int?> SaveSearchAsync(string name, string marker, AlertFrequency frequency) =>
        factory.AsUserAsync(Europa, sp => sp.GetRequiredService<SavedSearchService>().SaveAsync(null,
            new SavedSearchInput { Name = name, Text = marker, Frequency = frequency }, CancellationToken.None));

    private Task<ImportReport> ImportAsync(params System.Text.Json.Nodes.JsonObject[] items) =>
        factory.AsUserAsync(Europa, sp => sp.GetRequiredService<CallImportService>().ImportFileAsync(
            Stream(Envelope(items)), "avvisi.json", true, CancellationToken.None));

    private async Task<int> SendDigestsAsync(DateTime nowUtc)
    {
        // A new scope each time, as after a restart: what was sent is known from the database only.
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AlertDigestService>().SendDueAsync(nowUtc);
    }

    [Fact]
    public async Task Immediate_OneMessagePerImportListingTheMatchedCallsWithLinks()
    {
        var m = Marker();
        await SaveSearchAsync($"Subito {m}", m, AlertFrequency.Immediata);
        await ImportAsync(Item($"IMM-A-{m}", ("keywords", [m])), Item($"IMM-B-{m}", ("keywords", [m])), Item($"IMM-C-{Marker()}"));

        var message = await factory.Smtp.WaitForAsync(Europa, x => x.Subject.Contains(m));
        Assert.Equal($"Avviso bandi «Subito {m}»: 2 bandi nuovi o modificati", message.Subject);
        var body = message.TextBody;
        Assert.Contains($"IMM-A-{m}", body);
        Assert.Contains($"IMM-B-{m}", body);
        Assert.DoesNotContain("IMM-C-", body);
        Assert.Matches($@"{EmailPortalFactory.LinkBase}/bandi/\d+", body);
        Assert.Contains($"{EmailPortalFactory.LinkBase}/bandi/avvisi", body);
        await Task.Delay(1500);
        Assert.Single(factory.Smtp.Received, x => x.Subject.Contains(m));
    }

    [Fact]
    public async Task DailyDigest_SentOnceWithEveryMatchedCall_NotSentAgainAfterARestart()
    {
        var m = Marker();
        var search = await SaveSearchAsync($"Giornaliera {m}", m, AlertFrequency.Giornaliera);
        await ImportAsync(Item($"DIG-A-{m}", ("keywords", [m])));
        await ImportAsync(Item($"DIG-B-{m}", ("keywords", [m])));
        await ImportAsync(Item($"DIG-A-{m}", ("keywords", [m]), ("deadlineDate", ["2031-03-03T17:00:00.000+0100"])));

        // Nothing by e-mail before the digest (the bell has them already).
        await Task.Delay(1500);
        Assert.DoesNotContain(factory.Smtp.Received, x => x.Subject.Contains(m));

        var tomorrow = DateTime.UtcNow.AddDays(1);
        Assert.True(await SendDigestsAsync(tomorrow) >= 1);
        var digest = await factory.Smtp.WaitForAsync(Europa, x => x.Subject.Contains(m));
        Assert.Equal($"Riepilogo giornaliero «Giornaliera {m}»: 2 bandi", digest.Subject);
        Assert.Contains($"DIG-A-{m}", digest.TextBody);
        Assert.Contains($"DIG-B-{m}", digest.TextBody);
        Assert.Contains("Nuovo: ", digest.TextBody);

        // Same period again, later the same day, and a pass the day after with nothing new: no second message.
        await SendDigestsAsync(tomorrow);
        await SendDigestsAsync(tomorrow.AddHours(3));
        await SendDigestsAsync(tomorrow.AddDays(1));
        await Task.Delay(2000);
        Assert.Single(factory.Smtp.Received, x => x.Subject.Contains(m));

        await using var db = await factory.CreateSystemDbAsync();
        var digests = db.AlertDigests.Where(d => d.SavedSearchId == search).ToList();
        Assert.Equal(3, Assert.Single(digests).Alerts);
        Assert.All(db.CallAlerts.Where(a => a.SavedSearchId == search).ToList(), a => Assert.Equal(digests[0].Id, a.DigestId));
    }

    [Fact]
    public async Task WeeklyDigest_WaitsForTheWeekAndPausedSearchesWait()
    {
        var m = Marker();
        var search = await SaveSearchAsync($"Settimanale {m}", m, AlertFrequency.Settimanale);
        await ImportAsync(Item($"WEEK-{m}", ("keywords", [m])));
        // Later the same week (before next Monday's start) the alert is newer than this week's start: it waits.
        var (_, thisWeek) = AlertDigestService.PeriodOf(AlertFrequency.Settimanale, DateTime.UtcNow, 7);
        await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<SavedSearchService>().SetPausedAsync(search!.Value, true, CancellationToken.None));
        await SendDigestsAsync(thisWeek.AddDays(7).AddMinutes(1));
        await factory.AsUserAsync(Europa, sp => sp.GetRequiredService<SavedSearchService>().SetPausedAsync(search!.Value, false, CancellationToken.None));
        await SendDigestsAsync(thisWeek.AddDays(7).AddMinutes(-1));
        await Task.Delay(1500);
        Assert.DoesNotContain(factory.Smtp.Received, x => x.Subject.Contains(m));

        await SendDigestsAsync(thisWeek.AddDays(7).AddMinutes(1));
        var digest = await factory.Smtp.WaitForAsync(Europa, x => x.Subject.Contains(m));
        Assert.Equal($"Riepilogo settimanale «Settimanale {m}»: 1 bando", digest.Subject);
    }
}
