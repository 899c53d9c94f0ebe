using ProvincePortal.Bench.Circuiti;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Hosting;

/// <summary>
/// The protocol client of the circuit load benchmark (bench/Circuiti) against the real app on Kestrel: if the Blazor
/// hub protocol or the page's root-component markers change, the benchmark would silently measure nothing.
/// </summary>
[Trait("Category", "E2E")]
public sealed class CircuitLoadTests(KestrelPortalFactory app) : IClassFixture<KestrelPortalFactory>
{
    [Fact]
    public async Task TenCircuits_StartOnTheDashboard_EachNavigatesToTheRequestList_AndOpensTheNotificationMenu()
    {
        var baseUri = new Uri(app.Address + "/");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cookies = await BlazorCircuit.LoginAsync(baseUri, "provincia@demo.it", "Demo-2026!", timeout.Token);
        using var http = BlazorCircuit.NewHttpClient(baseUri, cookies);

        // Open: each circuit must render the dashboard interactively (its greeting arrives in a render batch).
        var circuits = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            BlazorCircuit.OpenAsync(http, cookies, "/", "Benvenuto, Paolo Provinciale.", TimeSpan.FromSeconds(30), timeout.Token, "Notifiche")));
        try
        {
            Assert.All(circuits, c => Assert.False(string.IsNullOrEmpty(c.CircuitId)));
            Assert.Equal(10, circuits.Select(c => c.CircuitId).Distinct().Count());

            // One in-app navigation each: the request list's grid must be rendered by the server for that circuit.
            var timings = await Task.WhenAll(circuits.Select(c =>
                c.NavigateAsync("/richieste", "requests-grid", TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30), timeout.Token)));

            Assert.All(timings, t => Assert.True(t.Batches >= 1 && t.Settled >= t.Rendered));

            // One UI event each, dispatched as blazor.web.js does (DispatchEventAsync with the handler id read from the
            // render batches): a click on the app bar's bell must render its menu for that circuit.
            var clicks = await Task.WhenAll(circuits.Select(c =>
                c.ClickAsync("Notifiche", "Tutte le notifiche", TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30), timeout.Token)));
            Assert.All(clicks, t => Assert.True(t.Batches >= 1 && t.Settled >= t.Rendered));
            Assert.All(circuits, c => Assert.Null(c.Error));
            // MudBlazor's interop (popovers, key interceptors, resize listener) was answered rather than left hanging.
            Assert.All(circuits, c => Assert.True(c.JsCalls > 0));
        }
        finally
        {
            foreach (var c in circuits) await c.DisposeAsync();
        }
    }
}
