using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProvincePortal.Bench.Circuiti;

/// <summary>
/// One signed-in user of the portal as the server sees a browser tab: the prerendered page over HTTP, then a Blazor
/// Server circuit on <c>/_blazor</c> driven the way blazor.web.js (.NET 10) drives it — negotiate, WebSocket,
/// StartCircuit, then UpdateRootComponents with the page's root-component markers, every render batch acknowledged,
/// every JS interop call answered, a keep-alive ping after 15 s without sending — and in-app navigations
/// (OnLocationChanged) timed until the server has rendered the target page.
/// No DOM is built: a render batch is only searched for the UTF-8 text that proves which page it carries.
/// The hub protocol ("blazorpack": SignalR's MessagePack framing) is read and written here directly on the WebSocket,
/// in the connection's own buffers: the client runs on the same cores as the server it measures, and the generic
/// SignalR client cost ~5 ms of CPU per user action (reflection per argument, a new array per render batch, a pipe
/// and a thread-pool hop per message).
/// </summary>
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly Uri baseUri;
    private readonly object gate = new();
    private byte[]? awaitedText;
    private TaskCompletionSource<long>? awaitedBatch;
    private TaskCompletionSource<string?>? startCircuit;
    private long lastBatchTimestamp;
    private long jsObjectIds;
    private long dotNetCallIds;
    // The renderer's DotNetObjectReference (Blazor._internal.attachWebRendererInterop): browser events go to its
    // DispatchEventAsync, as blazor.web.js's event delegator sends them.
    private long rendererInteropId = -1;
    private readonly ClickTargets clickTargets = new();
    private int gridTotal = -1;

    // Outgoing hub messages are appended to `outbox` under `gate` and written by whoever holds `sending`: the acks of
    // all the messages found in one WebSocket read go out in one frame (the server parses them one by one, as it does
    // when the browser's sends coalesce in the socket).
    private readonly SemaphoreSlim sending = new(1, 1);
    private Writer outbox = new(256);
    private Writer spare = new(256);
    private long lastSentTimestamp;
    private long lastReceivedTimestamp;
    private readonly CancellationTokenSource closing = new();
    private Task? receiving;

    public int RenderBatches;
    public int JsCalls;
    public long BatchBytes;
    public int PingsSent;

    /// <summary>Why the server ended the circuit (JS.Error, closed connection), or null while it is alive.</summary>
    public string? Error { get; private set; }

    /// <summary>When the connection closed: seconds since this client last sent, and since it last received.</summary>
    public (double SinceSent, double SinceReceived)? SilenceAtClose { get; private set; }

    public string? CircuitId { get; private set; }

    private BlazorCircuit(ClientWebSocket socket, Uri baseUri)
    {
        this.socket = socket;
        this.baseUri = baseUri;
        lastSentTimestamp = lastReceivedTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Signs in through the real login form (antiforgery token + form POST) and returns the cookies of the session.
    /// Several circuits may share one account's cookies, as several tabs of one browser do.
    /// </summary>
    public static async Task<CookieContainer> LoginAsync(Uri baseUri, string email, string password, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var http = NewHttpClient(baseUri, cookies);
        var page = await http.GetStringAsync("/account/accedi", ct);
        var token = AntiforgeryField().Match(page);
        if (!token.Success) throw new InvalidOperationException("La pagina di accesso non contiene il token antiforgery.");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["_handler"] = "accesso",
            ["__RequestVerificationToken"] = token.Groups[1].Value,
        });
        using var response = await http.PostAsync("/account/accedi", form, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Accesso non riuscito per {email}: HTTP {(int)response.StatusCode}.");
        return cookies;
    }

    public static HttpClient NewHttpClient(Uri baseUri, CookieContainer cookies) =>
        new(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(120),
        };

    /// <summary>
    /// GETs <paramref name="path"/> (prerendered), opens the circuit for its root components and waits until a render
    /// batch containing <paramref name="expectedText"/> arrives (the interactive render of that page).
    /// <paramref name="clickTargets"/>: labels whose click handlers to remember (see <see cref="WatchClickTargets"/>).
    /// </summary>
    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies, string path, string expectedText,
        TimeSpan timeout, CancellationToken ct, params string[] clickTargets)
    {
        var baseUri = http.BaseAddress!;
        using var response = await http.GetAsync(path, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path}: HTTP {(int)response.StatusCode} (sessione scaduta?).");
        var html = await response.Content.ReadAsStringAsync(ct);
        var (operations, state) = ReadPrerenderedPage(html);
        if (operations.Count == 0) throw new InvalidOperationException($"GET {path}: nessun marcatore <!--Blazor:...--> di tipo server.");

        // As the SignalR JS client: negotiate (version 1), then the WebSocket with the connection token.
        using var negotiate = await http.PostAsync("_blazor/negotiate?negotiateVersion=1", null, ct);
        if (!negotiate.IsSuccessStatusCode) throw new InvalidOperationException($"negotiate: HTTP {(int)negotiate.StatusCode}.");
        using var negotiation = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync(ct));
        var token = negotiation.RootElement.GetProperty("connectionToken").GetString();
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        // Browsers send no WebSocket pings of their own; the hub's keep-alive is a SignalR ping message.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var ws = new UriBuilder(new Uri(baseUri, "_blazor")) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws", Query = "id=" + Uri.EscapeDataString(token!) };
        var circuit = new BlazorCircuit(socket, baseUri);
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connectTimeout.CancelAfter(TimeSpan.FromMinutes(2));
                await socket.ConnectAsync(ws.Uri, connectTimeout.Token);
                await socket.SendAsync("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, connectTimeout.Token);
            }
            // Watched from the first batch: the layout's elements (the notification bell) are rendered only once.
            circuit.WatchClickTargets(clickTargets);
            var first = circuit.Await(expectedText);
            var started = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            circuit.startCircuit = started;
            circuit.receiving = circuit.ReceiveLoopAsync();
            Pings.Add(circuit);
            var href = new Uri(baseUri, path).ToString();
            // blazor.web.js: StartCircuit with no "initial components" (those are for blazor.server.js), then the page's
            // markers as one "add" operation each, the persisted component state going with the first update.
            circuit.Enqueue(w => w.Invocation("StartCircuit", "0", 4).Str(baseUri.ToString()).Str(href).Str("[]").Str(state).End());
            await circuit.FlushAsync();
            circuit.CircuitId = await started.Task.WaitAsync(timeout, ct);
            if (string.IsNullOrEmpty(circuit.CircuitId)) throw new InvalidOperationException("StartCircuit rifiutato dal server.");
            var batch = new JsonObject { ["batchId"] = 1, ["operations"] = new JsonArray(operations.Select(o => (JsonNode)o).ToArray()) };
            var update = batch.ToJsonString();
            circuit.Enqueue(w => w.Invocation("UpdateRootComponents", null, 2).Str(update).Str(state).End());
            await circuit.FlushAsync();
            await circuit.WaitAsync(first, timeout, $"primo rendering di {path}", ct);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>The root components to add (sorted by sequence as blazor.web.js does) and the persisted state.</summary>
    public static (List<JsonObject> Operations, string State) ReadPrerenderedPage(string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match m in ComponentMarker().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is JsonObject marker && (string?)marker["type"] == "server")
                markers.Add(marker);
        }
        var operations = markers.OrderBy(m => (int?)m["sequence"] ?? 0)
            .Select((marker, i) => new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker.DeepClone() })
            .ToList();
        var state = PersistedState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        return (operations, state);
    }

    public record NavigationTiming(TimeSpan Rendered, TimeSpan Settled, int Batches, long SentAt = 0);

    /// <summary>
    /// An in-app navigation as blazor.web.js reports an intercepted link click (OnLocationChanged, intercepted=true).
    /// Rendered = send → arrival of the first render batch containing <paramref name="expectedText"/> (the target page's
    /// first render). Settled = send → arrival of the last batch before the circuit stays quiet for
    /// <paramref name="quiet"/> (data loaded asynchronously, e.g. MudDataGrid rows, included); the quiet wait itself is not
    /// counted.
    /// </summary>
    public async Task<NavigationTiming> NavigateAsync(string path, string expectedText, TimeSpan quiet, TimeSpan timeout, CancellationToken ct)
    {
        var batchesBefore = Volatile.Read(ref RenderBatches);
        var rendered = Await(expectedText);
        var uri = new Uri(baseUri, path).ToString();
        lock (gate) gridTotal = -1;
        var sent = Stopwatch.GetTimestamp();
        Enqueue(w => w.Invocation("OnLocationChanged", null, 3).Str(uri).Nil().Bool(true).End());
        await FlushAsync();
        var renderedAt = await WaitAsync(rendered, timeout, $"navigazione a {path}", ct);
        return await SettleAsync(sent, renderedAt, batchesBefore, quiet, ct);
    }

    /// <summary>
    /// Remembers the click handlers of the elements carrying one of <paramref name="labels"/> (an aria-label, a
    /// data-testid) in the render batches that follow, so <see cref="ClickAsync"/> can click them.
    /// </summary>
    public void WatchClickTargets(params string[] labels)
    {
        lock (gate) clickTargets.Watch(labels);
    }

    /// <summary>Rows of the current page's grid as its pager last showed them ("1-25 di N"), -1 if not seen.</summary>
    public int GridTotal
    {
        get { lock (gate) return gridTotal; }
    }

    /// <summary>The last known click handler of the element labelled <paramref name="label"/>, if it was rendered.</summary>
    public bool HasClickTarget(string label)
    {
        lock (gate) return clickTargets.TryGet(label, out _);
    }

    /// <summary>
    /// A click on the element labelled <paramref name="label"/> as blazor.web.js dispatches it: the renderer's
    /// DispatchEventAsync through BeginInvokeDotNetFromJS with the event descriptor and MouseEventArgs. Timed like a
    /// navigation: send → the batch containing <paramref name="expectedText"/>, then until the circuit is quiet.
    /// </summary>
    public async Task<NavigationTiming> ClickAsync(string label, string expectedText, TimeSpan quiet, TimeSpan timeout, CancellationToken ct)
    {
        long handler;
        lock (gate)
            if (!clickTargets.TryGet(label, out handler))
                throw new InvalidOperationException($"Nessun elemento \"{label}\" con un gestore onclick nei render batch ricevuti.");
        var interop = Volatile.Read(ref rendererInteropId);
        if (interop < 0) throw new InvalidOperationException("Il server non ha registrato l'interop del renderer (attachWebRendererInterop).");
        var batchesBefore = Volatile.Read(ref RenderBatches);
        var rendered = Await(expectedText);
        var args = $"[{{\"eventHandlerId\":{handler},\"eventName\":\"click\",\"eventFieldInfo\":null}}," +
                   "{\"detail\":1,\"screenX\":0,\"screenY\":0,\"clientX\":0,\"clientY\":0,\"offsetX\":0,\"offsetY\":0,\"pageX\":0,\"pageY\":0," +
                   "\"movementX\":0,\"movementY\":0,\"button\":0,\"buttons\":0,\"ctrlKey\":false,\"shiftKey\":false,\"altKey\":false,\"metaKey\":false,\"type\":\"click\"}]";
        var callId = Interlocked.Increment(ref dotNetCallIds).ToString(CultureInfo.InvariantCulture);
        var sent = Stopwatch.GetTimestamp();
        // (callId, assemblyName, methodIdentifier, dotNetObjectId, argsJson): an instance method has no assembly name.
        Enqueue(w => w.Invocation("BeginInvokeDotNetFromJS", null, 5).Str(callId).Nil().Str("DispatchEventAsync").Int(interop).Str(args).End());
        await FlushAsync();
        var renderedAt = await WaitAsync(rendered, timeout, $"clic su \"{label}\"", ct);
        return await SettleAsync(sent, renderedAt, batchesBefore, quiet, ct);
    }

    private async Task<NavigationTiming> SettleAsync(long sent, long renderedAt, int batchesBefore, TimeSpan quiet, CancellationToken ct)
    {
        while (true)
        {
            var last = Volatile.Read(ref lastBatchTimestamp);
            var idle = Stopwatch.GetElapsedTime(last);
            if (idle >= quiet) return new(Stopwatch.GetElapsedTime(sent, renderedAt), Stopwatch.GetElapsedTime(sent, last),
                Volatile.Read(ref RenderBatches) - batchesBefore, sent);
            await Task.Delay(quiet - idle, ct);
        }
    }

    private Task<long> Await(string text)
    {
        var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            awaitedText = Encoding.UTF8.GetBytes(text);
            awaitedBatch = tcs;
        }
        return tcs.Task;
    }

    private async Task<long> WaitAsync(Task<long> batch, TimeSpan timeout, string what, CancellationToken ct)
    {
        try { return await batch.WaitAsync(timeout, ct); }
        catch (TimeoutException)
        {
            lock (gate) awaitedBatch = null;
            throw new TimeoutException($"{what}: nessun render batch atteso entro {timeout.TotalSeconds:0} s" +
                                       (Error is null ? "" : $" ({Error})") + ".");
        }
    }

    // ---- Sending -------------------------------------------------------------------------------------------------

    private bool HasOutgoing
    {
        get { lock (gate) return outbox.Length > 0; }
    }

    private void Enqueue(Action<Writer> write)
    {
        lock (gate) write(outbox);
    }

    /// <summary>Writes what is queued; a caller finding another flush under way waits for it and then sends the rest.</summary>
    private async ValueTask FlushAsync()
    {
        await sending.WaitAsync();
        try
        {
            Writer toSend;
            lock (gate)
            {
                if (outbox.Length == 0) return;
                toSend = outbox;
                outbox = spare;
                spare = toSend;
            }
            Volatile.Write(ref lastSentTimestamp, Stopwatch.GetTimestamp());
            try { await socket.SendAsync(toSend.Written, WebSocketMessageType.Binary, true, CancellationToken.None); }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
                Closed(e.Message);
            }
            toSend.Reset();
        }
        finally { sending.Release(); }
    }

    /// <summary>SignalR's keep-alive as the JS client does it: a ping when nothing was sent for 15 s.</summary>
    internal async ValueTask PingIfIdleAsync(long now, TimeSpan interval, Action<TimeSpan> late)
    {
        if (Error is not null || receiving is null) return;
        var since = Stopwatch.GetElapsedTime(Volatile.Read(ref lastSentTimestamp), now);
        if (since < interval) return;
        late(since - interval);
        Interlocked.Increment(ref PingsSent);
        Enqueue(w => w.Ping());
        await FlushAsync();
    }

    // ---- Receiving -----------------------------------------------------------------------------------------------

    private async Task ReceiveLoopAsync()
    {
        // One buffer per connection, grown to the largest hub message seen and shrunk again when it holds nothing.
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        var filled = 0;
        var handshake = true;
        try
        {
            while (true)
            {
                if (filled == buffer.Length) buffer = Grow(buffer, filled, buffer.Length * 2);
                var result = await socket.ReceiveAsync(buffer.AsMemory(filled), closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Closed($"WebSocket chiuso dal server ({socket.CloseStatus} {socket.CloseStatusDescription})");
                    // The browser answers the close frame (the server waits up to 5 s for it before aborting).
                    await sending.WaitAsync();
                    try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
                    catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException) { }
                    finally { sending.Release(); }
                    break;
                }
                Volatile.Write(ref lastReceivedTimestamp, Stopwatch.GetTimestamp());
                filled += result.Count;
                var start = 0;
                if (handshake)
                {
                    var end = buffer.AsSpan(0, filled).IndexOf((byte)0x1e);
                    if (end < 0) continue;
                    // {} or {"error":"..."}
                    if (buffer.AsSpan(0, end).IndexOf("error"u8) >= 0)
                    {
                        Closed("handshake rifiutato: " + Encoding.UTF8.GetString(buffer, 0, end));
                        break;
                    }
                    handshake = false;
                    start = end + 1;
                }
                var consumed = start + ReadMessages(buffer.AsSpan(start, filled - start), out var needed);
                filled -= consumed;
                if (filled > 0) buffer.AsSpan(consumed, filled).CopyTo(buffer);
                if (needed > buffer.Length) buffer = Grow(buffer, filled, needed);
                else if (filled == 0 && buffer.Length > 64 * 1024) buffer = Grow(buffer, 0, 8 * 1024);
                if (HasOutgoing) await FlushAsync();
                if (Error is not null && socket.State != WebSocketState.Open) break;
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested) { }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            Closed(e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            startCircuit?.TrySetResult(null);
        }

        static byte[] Grow(byte[] buffer, int keep, int size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            buffer.AsSpan(0, keep).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            return bigger;
        }
    }

    private void Closed(string why)
    {
        if (Error is null)
        {
            Error = "connessione chiusa: " + why;
            SilenceAtClose = (Stopwatch.GetElapsedTime(Volatile.Read(ref lastSentTimestamp)).TotalSeconds,
                Stopwatch.GetElapsedTime(Volatile.Read(ref lastReceivedTimestamp)).TotalSeconds);
        }
        // Whoever waits for a batch learns it now rather than at its timeout.
        TaskCompletionSource<long>? waiting;
        lock (gate) { waiting = awaitedBatch; awaitedBatch = null; }
        waiting?.TrySetException(new IOException(Error));
        startCircuit?.TrySetResult(null);
    }

    /// <summary>Handles the complete hub messages in <paramref name="data"/>; returns the bytes used and, when a message is incomplete, the buffer size it needs.</summary>
    private int ReadMessages(ReadOnlySpan<byte> data, out int needed)
    {
        needed = 0;
        var used = 0;
        while (used < data.Length)
        {
            // Length prefix: 7 bits a byte, least significant first.
            var length = 0;
            var at = used;
            var complete = false;
            for (var shift = 0; at < data.Length && shift < 35; shift += 7)
            {
                var b = data[at++];
                length |= (b & 0x7f) << shift;
                if (b < 0x80) { complete = true; break; }
            }
            if (!complete) break;
            if (at + length > data.Length)
            {
                needed = at - used + length;
                break;
            }
            OnMessage(data.Slice(at, length));
            used = at + length;
        }
        return used;
    }

    private void OnMessage(ReadOnlySpan<byte> message)
    {
        var r = new Reader(message);
        var fields = r.ArrayHeader();
        var type = r.Int();
        switch (type)
        {
            case 1: // Invocation: headers, invocation id, target, arguments[, stream ids]
                r.Skip();
                r.Skip();
                var target = r.Str();
                r.ArrayHeader();
                OnInvocation(target, ref r);
                break;
            case 3: // Completion: headers, invocation id, result kind (1 error, 2 void, 3 result)[, result]
                r.Skip();
                r.Skip();
                var kind = r.Int();
                var result = kind == 3 && !r.TryNil() ? Encoding.UTF8.GetString(r.Str()) : null;
                if (kind == 1) Closed("StartCircuit: " + Encoding.UTF8.GetString(r.Str()));
                startCircuit?.TrySetResult(result);
                startCircuit = null;
                break;
            case 7: // Close: error[, allow reconnect]
                var error = fields > 1 && !r.TryNil() ? Encoding.UTF8.GetString(r.Str()) : null;
                Closed("il server ha chiuso la connessione" + (error is null ? "" : $" con l'errore «{error}»"));
                break;
            // 6 Ping: the server's keep-alive, nothing to answer.
        }
    }

    private void OnInvocation(ReadOnlySpan<byte> target, ref Reader r)
    {
        if (target.SequenceEqual("JS.RenderBatch"u8))
        {
            var id = r.Int();
            OnRenderBatch(id, r.Bin());
        }
        else if (target.SequenceEqual("JS.BeginInvokeJS"u8))
        {
            // .NET 10: (taskId, identifier, argsJson, resultType, targetInstanceId, callType).
            Interlocked.Increment(ref JsCalls);
            var taskId = r.Int();
            var identifier = r.Str();
            var argsJson = r.TryNil() ? default : r.Str();
            var resultType = (int)r.Int();
            if (identifier.EndsWith("attachWebRendererInterop"u8) && argsJson.IndexOf("\"__dotNetObject\":"u8) is var at and >= 0 &&
                Utf8Parser.TryParse(argsJson[(at + 17)..], out long reference, out _))
                Volatile.Write(ref rendererInteropId, reference);
            if (Trace) Console.Error.WriteLine($"[js] {Encoding.UTF8.GetString(identifier)}");
            if (taskId == 0) return; // fire-and-forget: no answer expected
            Span<byte> answer = stackalloc byte[256];
            var length = JsAnswer(answer, taskId, identifier, resultType);
            lock (gate) outbox.Invocation("EndInvokeJSFromDotNet", null, 3).Int(taskId).Bool(true).Str(answer[..length]).End();
        }
        else if (target.SequenceEqual("JS.Error"u8))
        {
            Error ??= "JS.Error: " + (r.TryNil() ? "" : Encoding.UTF8.GetString(r.Str()));
        }
        // JS.EndInvokeDotNet, JS.EndLocationChanging, JS.AttachComponent, JS.EndUpdateRootComponents: nothing to do.
    }

    private void OnRenderBatch(long id, ReadOnlySpan<byte> data)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref RenderBatches);
        Interlocked.Add(ref BatchBytes, data.Length);
        Volatile.Write(ref lastBatchTimestamp, now);
        TaskCompletionSource<long>? hit = null;
        lock (gate)
        {
            if (clickTargets.Watching)
            {
                // The pager's "1-25 di N" (25 rows a page): tells whether the grid has a second page to go to.
                if (PagerTotal(data) is var total and >= 0) gridTotal = total;
                clickTargets.Read(data);
            }
            if (awaitedBatch is not null && awaitedText is not null && data.IndexOf(awaitedText) >= 0)
            {
                hit = awaitedBatch;
                awaitedBatch = null;
            }
            // Acknowledge as the browser does once the batch is applied: the server holds at most a few
            // unacknowledged batches per circuit and stops rendering otherwise.
            outbox.Invocation("OnRenderCompleted", null, 2).Int(id).Nil().End();
        }
        hit?.TrySetResult(now);
        if (Trace)
        {
            var text = Encoding.UTF8.GetString(data);
            var at = text.IndexOf(" di ", StringComparison.Ordinal);
            string handlers;
            lock (gate) handlers = clickTargets.ToString();
            Console.Error.WriteLine($"[batch] {id} {data.Length} B{(at < 0 ? "" : " …" + text[Math.Max(0, at - 12)..Math.Min(text.Length, at + 12)].ReplaceLineEndings(" "))} handlers {handlers}");
        }
    }

    /// <summary>
    /// N in the pager's range text "a-b di N" (MudDataGrid with the app's Italian localizer; "0-0 di 0" when empty), N
    /// formatted with the server's group separator ("4,265" or "4.265"); -1 if the batch has none or shows an empty grid.
    /// </summary>
    private static int PagerTotal(ReadOnlySpan<byte> data)
    {
        var from = 0;
        while (data[from..].IndexOf(" di "u8) is var k and >= 0)
        {
            var at = from + k;
            from = at + 4;
            var i = at - 1;
            if (i < 0 || !IsDigit(data[i])) continue;
            while (i >= 0 && IsDigit(data[i])) i--;
            if (i < 1 || data[i] != (byte)'-' || !IsDigit(data[i - 1])) continue;
            var total = -1;
            for (var j = from; j < data.Length && j < from + 16 && (IsDigit(data[j]) || data[j] is (byte)'.' or (byte)','); j++)
                if (IsDigit(data[j])) total = Math.Max(total, 0) * 10 + data[j] - '0';
            // "0-0 di 0" is also what the grid shows while its first rows load: not a total yet.
            if (total > 0) return total;
        }
        return -1;

        static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
    }

    public static bool Trace { get; set; } = Environment.GetEnvironmentVariable("CIRCUITI_TRACE") == "1";

    /// <summary>
    /// A plausible browser answer, as the JSON "[taskId,true,result]": most of MudBlazor's and Blazor's calls return
    /// nothing; the few that return sizes get a 1280×800 desktop; object references get a fresh id (as
    /// DotNet.createJSObjectReference would).
    /// </summary>
    private int JsAnswer(Span<byte> into, long taskId, ReadOnlySpan<byte> identifier, int resultType)
    {
        into[0] = (byte)'[';
        Utf8Formatter.TryFormat(taskId, into[1..], out var n);
        n++;
        ",true,"u8.CopyTo(into[n..]);
        n += 6;
        if (resultType == 1)
        {
            "{\"__jsObjectId\":"u8.CopyTo(into[n..]);
            n += 16;
            Utf8Formatter.TryFormat(Interlocked.Increment(ref jsObjectIds), into[n..], out var m);
            n += m;
            into[n++] = (byte)'}';
        }
        else
        {
            var result = identifier.EndsWith("getBrowserWindowSize"u8) ? "{\"height\":800,\"width\":1280}"u8
                : identifier.EndsWith("getBoundingClientRect"u8)
                    ? "{\"top\":0,\"left\":0,\"width\":1280,\"height\":800,\"bottom\":800,\"right\":1280,\"x\":0,\"y\":0,\"windowHeight\":800,\"windowWidth\":1280,\"scrollX\":0,\"scrollY\":0}"u8
                : identifier.IndexOf("matchMedia"u8) >= 0 ? "false"u8
                // MudBlazor asks whether its script is loaded and whether a MudPopoverProvider is on the page.
                : identifier.SequenceEqual("window.hasOwnProperty"u8) ? "true"u8
                : identifier.EndsWith("countProviders"u8) ? "1"u8
                : "null"u8;
            result.CopyTo(into[n..]);
            n += result.Length;
        }
        into[n++] = (byte)']';
        return n;
    }

    public async ValueTask DisposeAsync()
    {
        Pings.Remove(this);
        // One send at a time on a WebSocket: the close waits for a flush (or the ping timer's) under way.
        await sending.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException) { /* closing anyway */ }
        finally { sending.Release(); }
        closing.Cancel();
        if (receiving is not null) await receiving;
        socket.Dispose();
        closing.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentMarker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex PersistedState();

    /// <summary>
    /// The keep-alive of every open circuit from one timer (the JS client has one timer per connection; thousands of
    /// timers would cost the client more than the pings). Records how late the pings went out.
    /// </summary>
    public static class Pings
    {
        public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
        private static readonly HashSet<BlazorCircuit> Open = [];
        private static Task? loop;
        private static long maxLateTicks;
        private static int sent;

        /// <summary>Pings sent and the latest one past the 15 s (the timer ticks every second).</summary>
        public static (int Sent, TimeSpan MaxLate) Stats => (Volatile.Read(ref sent), TimeSpan.FromTicks(Interlocked.Read(ref maxLateTicks)));

        internal static void Add(BlazorCircuit circuit)
        {
            lock (Open)
            {
                Open.Add(circuit);
                loop ??= Task.Run(RunAsync);
            }
        }

        internal static void Remove(BlazorCircuit circuit)
        {
            lock (Open) Open.Remove(circuit);
        }

        private static async Task RunAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            var circuits = new List<BlazorCircuit>();
            while (await timer.WaitForNextTickAsync())
            {
                circuits.Clear();
                lock (Open) circuits.AddRange(Open);
                var now = Stopwatch.GetTimestamp();
                foreach (var c in circuits)
                    await c.PingIfIdleAsync(now, Interval, late =>
                    {
                        Interlocked.Increment(ref sent);
                        var ticks = late.Ticks;
                        long seen;
                        while (ticks > (seen = Interlocked.Read(ref maxLateTicks)) && Interlocked.CompareExchange(ref maxLateTicks, ticks, seen) != seen) { }
                    });
            }
        }
    }

    /// <summary>The MessagePack subset of SignalR's hub messages, read in place.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int at;

        public int ArrayHeader()
        {
            var b = data[at++];
            if (b is >= 0x90 and <= 0x9f) return b & 0x0f;
            if (b == 0xdc) { at += 2; return BinaryPrimitives.ReadUInt16BigEndian(data[(at - 2)..]); }
            if (b == 0xdd) { at += 4; return (int)BinaryPrimitives.ReadUInt32BigEndian(data[(at - 4)..]); }
            throw new InvalidDataException($"blazorpack: atteso un array, trovato 0x{b:x2}.");
        }

        public bool TryNil()
        {
            if (data[at] != 0xc0) return false;
            at++;
            return true;
        }

        public long Int()
        {
            var b = data[at++];
            if (b <= 0x7f) return b;
            if (b >= 0xe0) return (sbyte)b;
            long value;
            switch (b)
            {
                case 0xcc: value = data[at]; at += 1; break;
                case 0xcd: value = BinaryPrimitives.ReadUInt16BigEndian(data[at..]); at += 2; break;
                case 0xce: value = BinaryPrimitives.ReadUInt32BigEndian(data[at..]); at += 4; break;
                case 0xcf: value = (long)BinaryPrimitives.ReadUInt64BigEndian(data[at..]); at += 8; break;
                case 0xd0: value = (sbyte)data[at]; at += 1; break;
                case 0xd1: value = BinaryPrimitives.ReadInt16BigEndian(data[at..]); at += 2; break;
                case 0xd2: value = BinaryPrimitives.ReadInt32BigEndian(data[at..]); at += 4; break;
                case 0xd3: value = BinaryPrimitives.ReadInt64BigEndian(data[at..]); at += 8; break;
                default: throw new InvalidDataException($"blazorpack: atteso un intero, trovato 0x{b:x2}.");
            }
            return value;
        }

        public ReadOnlySpan<byte> Str()
        {
            var b = data[at++];
            int length;
            if (b is >= 0xa0 and <= 0xbf) length = b & 0x1f;
            else if (b == 0xd9) length = data[at++];
            else if (b == 0xda) { length = BinaryPrimitives.ReadUInt16BigEndian(data[at..]); at += 2; }
            else if (b == 0xdb) { length = (int)BinaryPrimitives.ReadUInt32BigEndian(data[at..]); at += 4; }
            else throw new InvalidDataException($"blazorpack: attesa una stringa, trovato 0x{b:x2}.");
            at += length;
            return data.Slice(at - length, length);
        }

        public ReadOnlySpan<byte> Bin()
        {
            var b = data[at++];
            int length;
            if (b == 0xc4) length = data[at++];
            else if (b == 0xc5) { length = BinaryPrimitives.ReadUInt16BigEndian(data[at..]); at += 2; }
            else if (b == 0xc6) { length = (int)BinaryPrimitives.ReadUInt32BigEndian(data[at..]); at += 4; }
            else throw new InvalidDataException($"blazorpack: attesi dati binari, trovato 0x{b:x2}.");
            at += length;
            return data.Slice(at - length, length);
        }

        /// <summary>Skips one value of any type (the headers map, an invocation id).</summary>
        public void Skip()
        {
            var b = data[at];
            switch (b)
            {
                case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3: at++; return;
                case >= 0x80 and <= 0x8f: at++; for (var i = 0; i < (b & 0x0f) * 2; i++) Skip(); return;
                case >= 0x90 and <= 0x9f: { var n = ArrayHeader(); for (var i = 0; i < n; i++) Skip(); return; }
                case >= 0xa0 and <= 0xbf or 0xd9 or 0xda or 0xdb: Str(); return;
                case 0xc4 or 0xc5 or 0xc6: Bin(); return;
                case >= 0xcc and <= 0xd3: Int(); return;
                case 0xca: at += 5; return;
                case 0xcb: at += 9; return;
                case 0xdc or 0xdd: { var n = ArrayHeader(); for (var i = 0; i < n; i++) Skip(); return; }
                case 0xde: { at++; var n = BinaryPrimitives.ReadUInt16BigEndian(data[at..]); at += 2; for (var i = 0; i < n * 2; i++) Skip(); return; }
                default: throw new InvalidDataException($"blazorpack: tipo MessagePack 0x{b:x2} non gestito.");
            }
        }
    }

    /// <summary>Hub messages as SignalR's MessagePack protocol frames them (length prefix, then the message), in a reused buffer.</summary>
    private sealed class Writer(int capacity)
    {
        private byte[] buffer = new byte[capacity];
        private int length;
        private int messageStart;

        public int Length => length;
        public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);
        public void Reset() => length = 0;

        /// <summary>[1, {}, invocationId, target, [arguments…], []]: the invocation the .NET and JS clients send.</summary>
        public Writer Invocation(string target, string? invocationId, int arguments)
        {
            // Room for the longest length prefix (5 bytes); the prefix is written by End once the size is known.
            Ensure(5);
            length += 5;
            messageStart = length;
            Byte(0x96).Byte(0x01).Byte(0x80);
            if (invocationId is null) Nil(); else Str(invocationId);
            Str(target);
            return ArrayHeader(arguments);
        }

        public void Ping()
        {
            Ensure(3);
            buffer[length++] = 0x02;
            buffer[length++] = 0x91;
            buffer[length++] = 0x06;
        }

        public void End()
        {
            Byte(0x90); // no stream ids
            var size = length - messageStart;
            Span<byte> prefix = stackalloc byte[5];
            var n = 0;
            var value = (uint)size;
            do
            {
                var b = (byte)(value & 0x7f);
                value >>= 7;
                prefix[n++] = value > 0 ? (byte)(b | 0x80) : b;
            } while (value > 0);
            // Move the message back over the unused part of the reserved 5 bytes.
            var start = messageStart - 5;
            prefix[..n].CopyTo(buffer.AsSpan(start));
            if (n < 5) buffer.AsSpan(messageStart, size).CopyTo(buffer.AsSpan(start + n));
            length = start + n + size;
        }

        public Writer Nil() => Byte(0xc0);
        public Writer Bool(bool value) => Byte(value ? (byte)0xc3 : (byte)0xc2);

        public Writer Int(long value)
        {
            Ensure(9);
            if (value is >= 0 and <= 0x7f) buffer[length++] = (byte)value;
            else if (value is >= 0 and <= uint.MaxValue)
            {
                buffer[length++] = 0xce;
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(length), (uint)value);
                length += 4;
            }
            else
            {
                buffer[length++] = 0xd3;
                BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(length), value);
                length += 8;
            }
            return this;
        }

        public Writer Str(string value)
        {
            var max = Encoding.UTF8.GetMaxByteCount(value.Length);
            Ensure(max + 5);
            // Header sized for the longest encoding, then moved if the text is shorter.
            var headerAt = length;
            var header = max <= 31 ? 1 : max <= 0xff ? 2 : max <= 0xffff ? 3 : 5;
            var bytes = Encoding.UTF8.GetBytes(value, buffer.AsSpan(headerAt + header));
            var actualHeader = bytes <= 31 ? 1 : bytes <= 0xff ? 2 : bytes <= 0xffff ? 3 : 5;
            if (actualHeader != header) buffer.AsSpan(headerAt + header, bytes).CopyTo(buffer.AsSpan(headerAt + actualHeader));
            WriteStrHeader(buffer.AsSpan(headerAt), bytes);
            length = headerAt + actualHeader + bytes;
            return this;
        }

        public Writer Str(ReadOnlySpan<byte> utf8)
        {
            Ensure(utf8.Length + 5);
            length += WriteStrHeader(buffer.AsSpan(length), utf8.Length);
            utf8.CopyTo(buffer.AsSpan(length));
            length += utf8.Length;
            return this;
        }

        private static int WriteStrHeader(Span<byte> into, int size)
        {
            if (size <= 31) { into[0] = (byte)(0xa0 | size); return 1; }
            if (size <= 0xff) { into[0] = 0xd9; into[1] = (byte)size; return 2; }
            if (size <= 0xffff) { into[0] = 0xda; BinaryPrimitives.WriteUInt16BigEndian(into[1..], (ushort)size); return 3; }
            into[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(into[1..], (uint)size);
            return 5;
        }

        private Writer ArrayHeader(int n)
        {
            if (n > 15) throw new ArgumentOutOfRangeException(nameof(n));
            return Byte((byte)(0x90 | n));
        }

        private Writer Byte(byte b)
        {
            Ensure(1);
            buffer[length++] = b;
            return this;
        }

        private void Ensure(int more)
        {
            if (length + more <= buffer.Length) return;
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
}

/// <summary>
/// The click targets of a circuit: elements whose attribute value starts with a watched label (the grid pager's
/// aria-labels, the bell's) and their current onclick handler id. A handler is first read from the batch that renders
/// the element (its label is in that batch's string table); when the element's component re-renders with a new
/// delegate (MudBlazor's buttons take a fresh lambda at each render: the pager's "next" when the rows arrive and it
/// becomes enabled), the batch only carries a SetAttribute edit of "onclick" in that component and disposes the old
/// id — so the component id is remembered with the handler, and its SetAttribute edits update it, as the browser's
/// DOM element would be updated.
/// </summary>
internal sealed class ClickTargets
{
    private byte[][] labels = [];
    private string[] names = [];
    private readonly Dictionary<int, ClickTarget> targets = [];

    public bool Watching => labels.Length > 0;

    public void Watch(string[] watched)
    {
        names = watched;
        labels = watched.Select(l => Encoding.UTF8.GetBytes(l)).ToArray();
        targets.Clear();
    }

    public bool TryGet(string label, out long handler)
    {
        handler = 0;
        var k = Array.IndexOf(names, label);
        // A disabled button is not clicked: the browser would not dispatch the click (MudBlazor disables the pager's
        // buttons on the first and last page and while the grid loads; the server would ignore the event).
        if (k < 0 || !targets.TryGetValue(k, out var target) || target.Disabled) return false;
        handler = target.Handler;
        return true;
    }

    public void Read(ReadOnlySpan<byte> batch)
    {
        var reader = new RenderBatchReader(batch);
        if (targets.Count > 0) reader.UpdateHandlers(targets);
        foreach (var label in labels)
        {
            if (batch.IndexOf(label) < 0) continue;
            reader.FindClickHandlers(labels, targets);
            break;
        }
    }

    public override string ToString() => string.Join(',', targets.Select(t => $"{names[t.Key]}={t.Value.Handler}@{t.Value.Component}/{string.Join('.', t.Value.Path)}{(t.Value.Disabled ? " disabled" : "")}"));
}

/// <summary>A watched element: its onclick handler id, the component that renders it, whether it is disabled, its place in the component.</summary>
internal record struct ClickTarget(long Handler, int Component, bool Disabled, int[] Path);

/// <summary>
/// Just enough of the render batch format (as blazor.web.js reads it) to follow click handlers: the batch ends with five
/// int32 offsets (updated components, reference frames, disposed components, disposed event handlers, string table);
/// the updated components are a count and the offsets of the diffs (component id, then an array of 16-byte edits:
/// type, sibling index, reference frame index, removed attribute name); reference frames are 20 bytes each (type at +0;
/// element: subtree length at +4, name at +8; attribute: name at +4, value at +8 as string-table indexes, event handler
/// id as uint64 at +12); an element's attributes are the attribute frames that immediately follow it; arrays are an
/// int32 count then the items; a string is a 7-bit encoded length then UTF-8 bytes.
/// </summary>
internal readonly ref struct RenderBatchReader(ReadOnlySpan<byte> data)
{
    private const int Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, Markup = 8, FrameSize = 20, EditSize = 16;
    private const int PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, StepIn = 6, StepOut = 7;
    private static ReadOnlySpan<byte> OnClick => "onclick"u8;
    private static ReadOnlySpan<byte> Disabled => "disabled"u8;
    private readonly ReadOnlySpan<byte> data = data;

    private int Int(int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
    private int Offset(int k) => Int(data.Length - 20 + 4 * k);
    private int FramesStart => Offset(1) + 4;
    private ReadOnlySpan<byte> Frame(int index) => data.Slice(FramesStart + index * FrameSize, FrameSize);

    /// <summary>
    /// For each element with an attribute value starting with a label and an onclick handler, records the handler, its
    /// component and its place in the component (see <see cref="Locate"/>).
    /// </summary>
    public void FindClickHandlers(byte[][] labels, Dictionary<int, ClickTarget> handlers)
    {
        var stringTable = Offset(4);
        var count = Int(Offset(1));
        for (var i = 0; i < count; i++)
        {
            var frame = Frame(i);
            if (BinaryPrimitives.ReadInt32LittleEndian(frame) != Element) continue;
            long onclick = 0;
            var label = -1;
            var disabled = false;
            for (var j = i + 1; j < count; j++)
            {
                var attribute = Frame(j);
                if (BinaryPrimitives.ReadInt32LittleEndian(attribute) != Attribute) break;
                var id = BinaryPrimitives.ReadInt64LittleEndian(attribute[12..]);
                var name = String(stringTable, BinaryPrimitives.ReadInt32LittleEndian(attribute[4..]));
                if (id != 0 && name.SequenceEqual(OnClick)) onclick = id;
                else if (id == 0 && name.SequenceEqual(Disabled)) disabled = true;
                else if (id == 0 && label < 0)
                {
                    var value = String(stringTable, BinaryPrimitives.ReadInt32LittleEndian(attribute[8..]));
                    // A prefix is enough: "Notifiche" finds the bell whether or not its label counts unread notifications.
                    for (var k = 0; k < labels.Length; k++) if (value.StartsWith(labels[k])) label = k;
                }
            }
            if (label >= 0 && onclick != 0 && Locate(i) is var (component, path))
                handlers[label] = new(onclick, component, disabled, path);
        }
    }

    /// <summary>
    /// The component whose PrependFrame edit inserted the frame at <paramref name="index"/> and the element's place in that
    /// component: the sibling indexes from the component's top level down to it, as blazor.web.js counts them (elements,
    /// texts, markup and child components count one each; regions are flattened into their parent). Null if no edit
    /// inserted it.
    /// </summary>
    private (int Component, int[] Path)? Locate(int index)
    {
        var table = Offset(0);
        var diffs = Int(table);
        var stack = new List<int>();
        for (var d = 0; d < diffs; d++)
        {
            var diff = Int(table + 4 + 4 * d);
            var edits = Int(diff + 4);
            stack.Clear();
            for (var e = 0; e < edits; e++)
            {
                var edit = diff + 8 + e * EditSize;
                var sibling = Int(edit + 4);
                switch (Int(edit))
                {
                    case StepIn: stack.Add(sibling); break;
                    case StepOut: stack.RemoveAt(stack.Count - 1); break;
                    case PrependFrame:
                        var frame = Int(edit + 8);
                        if (index < frame || index >= frame + Span(frame)) break;
                        var path = new List<int>(stack);
                        var counter = sibling;
                        return Descend(frame, frame + Span(frame), ref counter, index, path) ? (Int(diff), path.ToArray()) : null;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Walks the frames [<paramref name="first"/>, <paramref name="end"/>) of one level, numbering them from
    /// <paramref name="counter"/>, and appends to <paramref name="path"/> the sibling indexes down to the frame at
    /// <paramref name="index"/>.
    /// </summary>
    private bool Descend(int first, int end, ref int counter, int index, List<int> path)
    {
        for (var f = first; f < end;)
        {
            var type = Type(f);
            var span = Span(f);
            if (type == Region)
            {
                if (Descend(f + 1, f + span, ref counter, index, path)) return true;
            }
            else if (type is Element or Text or Component or Markup)
            {
                if (index >= f && index < f + span)
                {
                    path.Add(counter);
                    if (index == f) return true;
                    var inner = 0;
                    return type == Element && Descend(f + 1, f + span, ref inner, index, path);
                }
                counter++;
            }
            f += span;
        }
        return false;
    }

    private int Type(int frame) => BinaryPrimitives.ReadInt32LittleEndian(Frame(frame));

    // Elements, components and regions carry their subtree length; every other frame is one.
    private int Span(int frame) => Type(frame) is Element or Component or Region ? BinaryPrimitives.ReadInt32LittleEndian(Frame(frame)[4..]) : 1;

    /// <summary>
    /// Follows the known targets through the batch's edits, walking each component's diff as blazor.web.js applies it
    /// (StepIn/StepOut, sibling indexes): an "onclick" SetAttribute on a target's element gives it its new id, a
    /// "disabled" one disables it and its removal enables it; a frame inserted or removed before a target shifts its place,
    /// removing it or its parent drops it; so does a disposed component or a disposed handler id (not replaced).
    /// </summary>
    public void UpdateHandlers(Dictionary<int, ClickTarget> handlers)
    {
        var stringTable = Offset(4);
        var table = Offset(0);
        var diffs = Int(table);
        var stack = new List<int>();
        var mine = new List<int>();
        for (var d = 0; d < diffs; d++)
        {
            var diff = Int(table + 4 + 4 * d);
            var component = Int(diff);
            mine.Clear();
            foreach (var (label, target) in handlers) if (target.Component == component) mine.Add(label);
            if (mine.Count == 0) continue;
            stack.Clear();
            var edits = Int(diff + 4);
            for (var e = 0; e < edits && mine.Count > 0; e++)
            {
                var edit = diff + 8 + e * EditSize;
                var type = Int(edit);
                var sibling = Int(edit + 4);
                switch (type)
                {
                    case StepIn: stack.Add(sibling); continue;
                    case StepOut: stack.RemoveAt(stack.Count - 1); continue;
                    case PrependFrame or RemoveFrame:
                        for (var k = mine.Count - 1; k >= 0; k--)
                        {
                            var target = handlers[mine[k]];
                            if (target.Path.Length <= stack.Count || !target.Path.AsSpan(0, stack.Count).SequenceEqual(CollectionsMarshal.AsSpan(stack))) continue;
                            var at = target.Path[stack.Count];
                            if (type == RemoveFrame && at == sibling) { handlers.Remove(mine[k]); mine.RemoveAt(k); continue; }
                            if (at < sibling) continue;
                            var path = (int[])target.Path.Clone();
                            path[stack.Count] += type == PrependFrame ? 1 : -1;
                            handlers[mine[k]] = target with { Path = path };
                        }
                        continue;
                    case SetAttribute or RemoveAttribute:
                        foreach (var label in mine)
                        {
                            var target = handlers[label];
                            if (target.Path.Length != stack.Count + 1 || target.Path[^1] != sibling
                                || !target.Path.AsSpan(0, stack.Count).SequenceEqual(CollectionsMarshal.AsSpan(stack))) continue;
                            if (type == RemoveAttribute)
                            {
                                if (String(stringTable, Int(edit + 12)).SequenceEqual(Disabled)) handlers[label] = target with { Disabled = false };
                                break;
                            }
                            var attribute = Frame(Int(edit + 8));
                            var id = BinaryPrimitives.ReadInt64LittleEndian(attribute[12..]);
                            var name = String(stringTable, BinaryPrimitives.ReadInt32LittleEndian(attribute[4..]));
                            if (id != 0 && name.SequenceEqual(OnClick)) handlers[label] = target with { Handler = id };
                            else if (id == 0 && name.SequenceEqual(Disabled)) handlers[label] = target with { Disabled = true };
                            break;
                        }
                        continue;
                }
            }
        }
        var disposedComponents = Offset(2);
        for (var i = 0; i < Int(disposedComponents); i++)
        {
            var id = Int(disposedComponents + 4 + 4 * i);
            foreach (var (label, target) in handlers)
                if (target.Component == id) handlers.Remove(label);
        }
        var disposedHandlers = Offset(3);
        for (var i = 0; i < Int(disposedHandlers); i++)
        {
            var id = BinaryPrimitives.ReadInt64LittleEndian(data[(disposedHandlers + 4 + 8 * i)..]);
            foreach (var (label, target) in handlers)
                if (target.Handler == id) { handlers.Remove(label); break; }
        }
    }

    private ReadOnlySpan<byte> String(int stringTable, int index)
    {
        if (index < 0 || stringTable + 4 * index + 4 > data.Length - 20) return default;
        var at = Int(stringTable + 4 * index);
        var length = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = data[at++];
            length |= (b & 0x7f) << shift;
            if (b < 0x80) break;
        }
        return data.Slice(at, length);
    }
}
