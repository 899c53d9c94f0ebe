using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace ProvincePortal.Bench.Circuiti;

/// <summary>
/// One signed-in user of the portal as the server sees a browser tab: the prerendered page over HTTP, then a Blazor
/// Server circuit on <c>/_blazor</c> driven the way blazor.web.js (.NET 10) drives it — StartCircuit, then
/// UpdateRootComponents with the page's root-component markers, every render batch acknowledged, every JS interop call
/// answered — and in-app navigations (OnLocationChanged) timed until the server has rendered the target page.
/// No DOM is built: a render batch is only searched for the UTF-8 text that proves which page it carries.
/// </summary>
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly HubConnection hub;
    private readonly Uri baseUri;
    private readonly object gate = new();
    private byte[]? awaitedText;
    private TaskCompletionSource<long>? awaitedBatch;
    private long lastBatchTimestamp;
    private long jsObjectIds;
    private long dotNetCallIds;
    // The renderer's DotNetObjectReference (Blazor._internal.attachWebRendererInterop): browser events go to its
    // DispatchEventAsync, as blazor.web.js's event delegator sends them.
    private long rendererInteropId = -1;
    private readonly Dictionary<string, long> clickHandlers = new(StringComparer.Ordinal);
    private byte[][] watchedLabels = [];
    private static readonly byte[] FirstPageOf = "1-25 di "u8.ToArray();
    private int gridTotal = -1;

    public int RenderBatches;
    public int JsCalls;
    public long BatchBytes;

    /// <summary>Why the server ended the circuit (JS.Error, closed connection), or null while it is alive.</summary>
    public string? Error { get; private set; }

    public string? CircuitId { get; private set; }

    private BlazorCircuit(HubConnection hub, Uri baseUri)
    {
        this.hub = hub;
        this.baseUri = baseUri;
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

        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            .WithServerTimeout(TimeSpan.FromMinutes(3))
            .WithKeepAliveInterval(TimeSpan.FromSeconds(15))
            .BuildForBlazor();
        hub.HandshakeTimeout = TimeSpan.FromMinutes(2);
        var circuit = new BlazorCircuit(hub, baseUri);
        circuit.RegisterHandlers();
        // Watched from the first batch: the layout's elements (the notification bell) are rendered only once.
        circuit.WatchClickTargets(clickTargets);

        var first = circuit.Await(expectedText);
        await hub.StartAsync(ct);
        var href = new Uri(baseUri, path).ToString();
        // blazor.web.js: StartCircuit with no "initial components" (those are for blazor.server.js), then the page's
        // markers as one "add" operation each, the persisted component state going with the first update.
        circuit.CircuitId = await hub.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), href, "[]", state, ct);
        if (string.IsNullOrEmpty(circuit.CircuitId)) throw new InvalidOperationException("StartCircuit rifiutato dal server.");
        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = new JsonArray(operations.Select(o => (JsonNode)o).ToArray()) };
        await hub.SendAsync("UpdateRootComponents", batch.ToJsonString(), state, ct);
        await circuit.WaitAsync(first, timeout, $"primo rendering di {path}");
        return circuit;
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

    public record NavigationTiming(TimeSpan Rendered, TimeSpan Settled, int Batches);

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
        lock (gate) gridTotal = -1;
        var sent = Stopwatch.GetTimestamp();
        await hub.SendAsync("OnLocationChanged", new Uri(baseUri, path).ToString(), null, true, ct);
        var renderedAt = await WaitAsync(rendered, timeout, $"navigazione a {path}");
        return await SettleAsync(sent, renderedAt, batchesBefore, quiet, ct);
    }

    /// <summary>
    /// Remembers the click handlers of the elements carrying one of <paramref name="labels"/> (an aria-label, a
    /// data-testid) in the render batches that follow, so <see cref="ClickAsync"/> can click them.
    /// </summary>
    public void WatchClickTargets(params string[] labels)
    {
        lock (gate) watchedLabels = labels.Select(l => Encoding.UTF8.GetBytes(l)).ToArray();
    }

    /// <summary>Rows of the current page's grid as its pager last showed them ("1-25 di N"), -1 if not seen.</summary>
    public int GridTotal
    {
        get { lock (gate) return gridTotal; }
    }

    /// <summary>The last known click handler of the element labelled <paramref name="label"/>, if it was rendered.</summary>
    public bool HasClickTarget(string label)
    {
        lock (gate) return clickHandlers.ContainsKey(label);
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
            if (!clickHandlers.TryGetValue(label, out handler))
                throw new InvalidOperationException($"Nessun elemento \"{label}\" con un gestore onclick nei render batch ricevuti.");
        var interop = Volatile.Read(ref rendererInteropId);
        if (interop < 0) throw new InvalidOperationException("Il server non ha registrato l'interop del renderer (attachWebRendererInterop).");
        var batchesBefore = Volatile.Read(ref RenderBatches);
        var rendered = Await(expectedText);
        var args = $"[{{\"eventHandlerId\":{handler},\"eventName\":\"click\",\"eventFieldInfo\":null}}," +
                   "{\"detail\":1,\"screenX\":0,\"screenY\":0,\"clientX\":0,\"clientY\":0,\"offsetX\":0,\"offsetY\":0,\"pageX\":0,\"pageY\":0," +
                   "\"movementX\":0,\"movementY\":0,\"button\":0,\"buttons\":0,\"ctrlKey\":false,\"shiftKey\":false,\"altKey\":false,\"metaKey\":false,\"type\":\"click\"}]";
        var sent = Stopwatch.GetTimestamp();
        // (callId, assemblyName, methodIdentifier, dotNetObjectId, argsJson): an instance method has no assembly name.
        await hub.SendAsync("BeginInvokeDotNetFromJS", Interlocked.Increment(ref dotNetCallIds).ToString(CultureInfo.InvariantCulture),
            null, "DispatchEventAsync", interop, args, ct);
        var renderedAt = await WaitAsync(rendered, timeout, $"clic su \"{label}\"");
        return await SettleAsync(sent, renderedAt, batchesBefore, quiet, ct);
    }

    private async Task<NavigationTiming> SettleAsync(long sent, long renderedAt, int batchesBefore, TimeSpan quiet, CancellationToken ct)
    {
        while (true)
        {
            var last = Volatile.Read(ref lastBatchTimestamp);
            var idle = Stopwatch.GetElapsedTime(last);
            if (idle >= quiet) return new(Stopwatch.GetElapsedTime(sent, renderedAt), Stopwatch.GetElapsedTime(sent, last),
                Volatile.Read(ref RenderBatches) - batchesBefore);
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

    private async Task<long> WaitAsync(Task<long> batch, TimeSpan timeout, string what)
    {
        var done = await Task.WhenAny(batch, Task.Delay(timeout));
        if (done == batch) return await batch;
        lock (gate) awaitedBatch = null;
        throw new TimeoutException($"{what}: nessun render batch atteso entro {timeout.TotalSeconds:0} s" +
                                   (Error is null ? "" : $" ({Error})") + ".");
    }

    private void RegisterHandlers()
    {
        hub.On("JS.RenderBatch", [typeof(long), typeof(byte[])], async args =>
        {
            var id = (long)args[0]!;
            var data = (byte[])args[1]!;
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref RenderBatches);
            Interlocked.Add(ref BatchBytes, data.Length);
            Volatile.Write(ref lastBatchTimestamp, now);
            TaskCompletionSource<long>? hit = null;
            lock (gate)
            {
                // Only batches that carry a watched element (the grid pager's buttons) are parsed: the others are
                // searched as bytes, without decoding a string.
                // The pager's "1-25 di N" (25 rows a page): tells whether the grid has a second page to go to.
                if (watchedLabels.Length > 0 && data.AsSpan().IndexOf(FirstPageOf) is var at and >= 0)
                {
                    var digits = data.AsSpan(at + FirstPageOf.Length);
                    var total = 0;
                    for (var i = 0; i < digits.Length && digits[i] is >= (byte)'0' and <= (byte)'9' or (byte)'.'; i++)
                        if (digits[i] != '.') total = total * 10 + digits[i] - '0';
                    gridTotal = total;
                }
                // A handler the server disposed (its component left the page) is never clicked.
                if (clickHandlers.Count > 0) RenderBatchReader.ForgetDisposedHandlers(data, clickHandlers);
                foreach (var label in watchedLabels)
                {
                    if (data.AsSpan().IndexOf(label) < 0) continue;
                    RenderBatchReader.FindClickHandlers(data, watchedLabels, clickHandlers);
                    break;
                }
                if (awaitedBatch is not null && awaitedText is not null && data.AsSpan().IndexOf(awaitedText) >= 0)
                {
                    hit = awaitedBatch;
                    awaitedBatch = null;
                }
            }
            hit?.TrySetResult(now);
            if (Trace)
            {
                var text = Encoding.UTF8.GetString(data);
                var at = text.IndexOf(" di ", StringComparison.Ordinal);
                Console.Error.WriteLine($"[batch] {id} {data.Length} B{(at < 0 ? "" : " …" + text[Math.Max(0, at - 12)..Math.Min(text.Length, at + 12)].ReplaceLineEndings(" "))}" +
                                        $" handlers {string.Join(',', clickHandlers.Select(h => h.Key + "=" + h.Value))}");
            }
            // Acknowledge as the browser does once the batch is applied: the server holds at most a few
            // unacknowledged batches per circuit and stops rendering otherwise.
            await hub.SendAsync("OnRenderCompleted", id, null);
        });
        // .NET 10: (taskId, identifier, argsJson, resultType, targetInstanceId, callType).
        hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async args =>
        {
            Interlocked.Increment(ref JsCalls);
            var taskId = (long)args[0]!;
            if (((string)args[1]!).EndsWith("attachWebRendererInterop", StringComparison.Ordinal) &&
                DotNetObject().Match((string)args[2]!) is { Success: true } reference)
                Volatile.Write(ref rendererInteropId, long.Parse(reference.Groups[1].Value));
            if (taskId == 0) return; // fire-and-forget: no answer expected
            var identifier = (string)args[1]!;
            var result = AnswerJs(identifier, (int)args[3]!);
            if (Trace) Console.Error.WriteLine($"[js] {identifier} → {result}");
            await hub.SendAsync("EndInvokeJSFromDotNet", taskId, true, $"[{taskId},true,{result}]");
        });
        hub.On("JS.EndInvokeDotNet", [typeof(string)], args =>
        {
            if (Trace) Console.Error.WriteLine($"[dotnet] {args[0]}");
            return Task.CompletedTask;
        });
        hub.On("JS.Error", [typeof(string)], args =>
        {
            Error ??= "JS.Error: " + args[0];
            return Task.CompletedTask;
        });
        hub.On("JS.EndLocationChanging", [typeof(int), typeof(bool)], _ => Task.CompletedTask);
        hub.On("JS.AttachComponent", [typeof(int), typeof(string)], _ => Task.CompletedTask);
        hub.On("JS.EndUpdateRootComponents", [typeof(long)], _ => Task.CompletedTask);
        hub.Closed += e =>
        {
            Error ??= "connessione chiusa" + (e is null ? "" : ": " + e.Message);
            return Task.CompletedTask;
        };
    }

    public static bool Trace { get; set; } = Environment.GetEnvironmentVariable("CIRCUITI_TRACE") == "1";

    /// <summary>
    /// A plausible browser answer: most of MudBlazor's and Blazor's calls return nothing; the few that return sizes get a
    /// 1280×800 desktop; object references get a fresh id (as DotNet.createJSObjectReference would).
    /// </summary>
    private string AnswerJs(string identifier, int resultType)
    {
        if (resultType == 1) return $"{{\"__jsObjectId\":{Interlocked.Increment(ref jsObjectIds)}}}";
        if (identifier.EndsWith("getBrowserWindowSize", StringComparison.Ordinal)) return "{\"height\":800,\"width\":1280}";
        if (identifier.EndsWith("getBoundingClientRect", StringComparison.Ordinal))
            return "{\"top\":0,\"left\":0,\"width\":1280,\"height\":800,\"bottom\":800,\"right\":1280,\"x\":0,\"y\":0,\"windowHeight\":800,\"windowWidth\":1280,\"scrollX\":0,\"scrollY\":0}";
        if (identifier.Contains("matchMedia", StringComparison.Ordinal)) return "false";
        // MudBlazor asks whether its script is loaded and whether a MudPopoverProvider is on the page.
        if (identifier == "window.hasOwnProperty") return "true";
        if (identifier.EndsWith("countProviders", StringComparison.Ordinal)) return "1";
        return "null";
    }

    public async ValueTask DisposeAsync()
    {
        try { await hub.DisposeAsync(); } catch { /* closing anyway */ }
    }

    [GeneratedRegex(@"""__dotNetObject""\s*:\s*(\d+)")]
    private static partial Regex DotNetObject();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentMarker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex PersistedState();
}

/// <summary>
/// Just enough of the render batch format (as blazor.web.js reads it) to find click handlers: the batch ends with five
/// int32 offsets (updated components, reference frames, disposed components, disposed event handlers, string table);
/// reference frames are 20 bytes each (type at +0; element: subtree length at +4, name at +8; attribute: name at +4,
/// value at +8 as string-table indexes, event handler id as uint64 at +12); an element's attributes are the attribute
/// frames that immediately follow it; a string is a 7-bit encoded length then UTF-8 bytes.
/// </summary>
internal static class RenderBatchReader
{
    private const int Element = 1, Attribute = 3, FrameSize = 20;
    private static readonly byte[] OnClick = "onclick"u8.ToArray();

    /// <summary>For each element with an attribute value starting with one of <paramref name="labels"/> and an onclick handler, records the handler id.</summary>
    public static void FindClickHandlers(byte[] batch, byte[][] labels, Dictionary<string, long> handlers)
    {
        var data = batch.AsSpan();
        var n = data.Length;
        var framesOffset = BinaryPrimitives.ReadInt32LittleEndian(data[(n - 16)..]);
        var stringTable = BinaryPrimitives.ReadInt32LittleEndian(data[(n - 4)..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(data[framesOffset..]);
        var frames = framesOffset + 4;
        for (var i = 0; i < count; i++)
        {
            var frame = data.Slice(frames + i * FrameSize, FrameSize);
            if (BinaryPrimitives.ReadInt32LittleEndian(frame) != Element) continue;
            long onclick = 0;
            var label = -1;
            for (var j = i + 1; j < count; j++)
            {
                var attribute = data.Slice(frames + j * FrameSize, FrameSize);
                if (BinaryPrimitives.ReadInt32LittleEndian(attribute) != Attribute) break;
                var id = BinaryPrimitives.ReadInt64LittleEndian(attribute[12..]);
                if (id != 0 && String(data, stringTable, BinaryPrimitives.ReadInt32LittleEndian(attribute[4..])).SequenceEqual(OnClick)) onclick = id;
                else if (id == 0 && label < 0)
                {
                    var value = String(data, stringTable, BinaryPrimitives.ReadInt32LittleEndian(attribute[8..]));
                    // A prefix is enough: "Notifiche" finds the bell whether or not its label counts unread notifications.
                    for (var k = 0; k < labels.Length; k++) if (value.StartsWith(labels[k])) label = k;
                }
            }
            if (label >= 0 && onclick != 0) handlers[Encoding.UTF8.GetString(labels[label])] = onclick;
        }
    }

    /// <summary>Removes the handlers listed in the batch's disposed event handler ids (int32 count, then uint64 each).</summary>
    public static void ForgetDisposedHandlers(byte[] batch, Dictionary<string, long> handlers)
    {
        var data = batch.AsSpan();
        var offset = BinaryPrimitives.ReadInt32LittleEndian(data[(data.Length - 8)..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);
        for (var i = 0; i < count; i++)
        {
            var id = BinaryPrimitives.ReadInt64LittleEndian(data[(offset + 4 + 8 * i)..]);
            foreach (var (label, handler) in handlers)
                if (handler == id) { handlers.Remove(label); break; }
        }
    }

    private static ReadOnlySpan<byte> String(ReadOnlySpan<byte> data, int stringTable, int index)
    {
        if (index < 0 || stringTable + 4 * index + 4 > data.Length - 20) return default;
        var at = BinaryPrimitives.ReadInt32LittleEndian(data[(stringTable + 4 * index)..]);
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

/// <summary>
/// The server's "blazorpack" is the MessagePack hub protocol under another name (ComponentHub accepts nothing else,
/// not even JSON): the client's MessagePack protocol, announced as blazorpack.
/// </summary>
internal sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol inner = new();
    public string Name => "blazorpack";
    public int Version => 1;
    public TransferFormat TransferFormat => TransferFormat.Binary;
    public bool IsVersionSupported(int version) => version == 1;
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
}

internal static class BlazorPackBuilder
{
    public static HubConnection BuildForBlazor(this IHubConnectionBuilder builder)
    {
        // The last IHubProtocol registered is the one the connection uses.
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        return builder.Build();
    }
}
