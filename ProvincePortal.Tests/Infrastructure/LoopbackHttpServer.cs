using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port, for the fakes of outside services the tests cannot reach (Moodle,
/// S3, the EU portal, Entra ID). Each fake maps its routes; this class owns the port, the request log and the shutdown.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication app;

    /// <summary>Every request as "METHOD /path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>"http://127.0.0.1:port", without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    private LoopbackHttpServer(WebApplication app) => this.app = app;

    /// <param name="routes">Maps the fake's endpoints (or a catch-all with <c>app.Run</c>) after the request log.</param>
    /// <param name="configure">Services or logging the fake needs; console logging is off unless it adds it back.</param>
    /// <param name="environment">The host environment (e.g. Development for OpenIddict's relaxed checks).</param>
    public static async Task<LoopbackHttpServer> StartAsync(Action<WebApplication> routes, Action<WebApplicationBuilder>? configure = null,
        string? environment = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        var app = builder.Build();
        var server = new LoopbackHttpServer(app);
        app.Use((context, next) =>
        {
            server.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            return next(context);
        });
        routes(app);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>For fixtures built in a constructor or a property initializer, where nothing can be awaited.</summary>
    public static LoopbackHttpServer Start(Action<WebApplication> routes, Action<WebApplicationBuilder>? configure = null, string? environment = null) =>
        StartAsync(routes, configure, environment).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
