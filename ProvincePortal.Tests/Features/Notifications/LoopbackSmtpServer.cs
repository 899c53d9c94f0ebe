using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ProvincePortal.Tests.Features.Notifications;

/// <summary>A real SMTP server (SmtpServer package) on 127.0.0.1 that keeps what it receives, parsed by MimeKit.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly Store store = new();
    private CancellationTokenSource? stop;
    private Task? running;

    public LoopbackSmtpServer(int? port = null) => Port = port ?? FreePort();

    public int Port { get; }
    public IReadOnlyCollection<MimeMessage> Received => store.Messages.ToArray();

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(options, services);
        stop = new CancellationTokenSource();
        running = server.StartAsync(stop.Token);
        // Listening starts asynchronously: wait until the port accepts connections.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new InvalidOperationException($"Il server SMTP di prova non ascolta sulla porta {Port}.");
    }

    /// <summary>Waits until a message to <paramref name="to"/> matching <paramref name="match"/> arrives.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < until)
        {
            var found = store.Messages.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to) && match(m));
            if (found is not null) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nessuna e-mail per {to} ricevuta dal server SMTP di prova. Ricevute: " +
            string.Join("; ", store.Messages.Select(m => $"{m.To} «{m.Subject}»")));
    }

    public async ValueTask DisposeAsync()
    {
        if (stop is null) return;
        await stop.CancelAsync();
        try { if (running is not null) await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>The app with e-mail on, sending to a loopback SMTP server on <see cref="SmtpPort"/>, and fast retries.</summary>
public class EmailPortalFactory : Infrastructure.PortalFactory
{
    public const string LinkBase = "http://portale.test";

    public int SmtpPort { get; } = LoopbackSmtpServer.FreePort();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Email:Host", "127.0.0.1"),
        new("Email:Port", SmtpPort.ToString()),
        new("Email:StartTls", "false"),
        new("Email:From", "ProvincePortal <portale@provincia.test>"),
        new("Email:LinkBaseUrl", LinkBase),
        new("Email:RetryDelaySeconds", "1"),
        new("Email:MaxRetryDelaySeconds", "1"),
        new("Email:PollSeconds", "1"),
        new("Email:TimeoutSeconds", "5"),
    ];
}

/// <summary><see cref="EmailPortalFactory"/> with its SMTP server already listening.</summary>
public sealed class SmtpPortalFactory : EmailPortalFactory, IAsyncLifetime
{
    public LoopbackSmtpServer Smtp { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Smtp = new LoopbackSmtpServer(SmtpPort);
        await Smtp.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await Smtp.DisposeAsync();
}
