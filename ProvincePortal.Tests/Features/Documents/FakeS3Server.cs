using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>
/// A small stand-in for an S3-compatible service (we cannot reach a real one from the tests) on a <see cref="LoopbackHttpServer"/>:
/// path-style object PUT/GET/HEAD/DELETE and the multipart calls TransferUtility makes for big files. Every request
/// must carry a SigV4 Authorization header for <see cref="AccessKey"/>; aws-chunked bodies are decoded.
/// </summary>
public sealed class FakeS3Server : IAsyncDisposable
{
    public const string AccessKey = "PPTESTACCESSKEY";
    public const string SecretKey = "pp-test-secret-key";
    public const string Bucket = "documenti";

    private LoopbackHttpServer server = null!;
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, byte[]>> uploads = new();
    /// <summary>Every request as "METHOD /path?query".</summary>
    public ConcurrentQueue<string> Requests => server.Requests;
    public int Unauthorized;

    public string ServiceUrl => server.BaseUrl;

    private FakeS3Server() { }

    public static async Task<FakeS3Server> StartAsync()
    {
        var s3 = new FakeS3Server();
        s3.server = await LoopbackHttpServer.StartAsync(app => app.Run(s3.HandleAsync));
        return s3;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var auth = req.Headers.Authorization.ToString();
        if (!auth.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/", StringComparison.Ordinal) || !auth.Contains("Signature="))
        {
            Interlocked.Increment(ref Unauthorized);
            await ErrorAsync(ctx, 403, "AccessDenied");
            return;
        }
        var path = req.Path.Value!.TrimStart('/');
        var slash = path.IndexOf('/');
        if (slash < 0 || path[..slash] != Bucket)
        {
            await ErrorAsync(ctx, 404, "NoSuchBucket");
            return;
        }
        var key = Uri.UnescapeDataString(path[(slash + 1)..]);
        var query = req.Query;
        switch (req.Method)
        {
            case "POST" when query.ContainsKey("uploads"):
                var uploadId = Guid.NewGuid().ToString("N");
                uploads[uploadId] = new();
                await XmlAsync(ctx, $"<InitiateMultipartUploadResult><Bucket>{Bucket}</Bucket><Key>{key}</Key><UploadId>{uploadId}</UploadId></InitiateMultipartUploadResult>");
                return;
            case "PUT" when query.ContainsKey("uploadId"):
                var part = await BodyAsync(req);
                uploads[query["uploadId"]!][int.Parse(query["partNumber"]!)] = part;
                ctx.Response.Headers.ETag = ETag(part);
                return;
            case "POST" when query.ContainsKey("uploadId"):
                await new StreamReader(req.Body).ReadToEndAsync();
                uploads.TryRemove(query["uploadId"]!, out var parts);
                var whole = parts!.OrderBy(p => p.Key).SelectMany(p => p.Value).ToArray();
                Objects[key] = whole;
                await XmlAsync(ctx, $"<CompleteMultipartUploadResult><Bucket>{Bucket}</Bucket><Key>{key}</Key><ETag>{ETag(whole)}</ETag></CompleteMultipartUploadResult>");
                return;
            case "DELETE" when query.ContainsKey("uploadId"):
                uploads.TryRemove(query["uploadId"]!, out _);
                ctx.Response.StatusCode = 204;
                return;
            case "PUT":
                var body = await BodyAsync(req);
                Objects[key] = body;
                ctx.Response.Headers.ETag = ETag(body);
                return;
            case "HEAD" or "GET":
                if (!Objects.TryGetValue(key, out var data))
                {
                    if (req.Method == "HEAD") ctx.Response.StatusCode = 404;
                    else await ErrorAsync(ctx, 404, "NoSuchKey");
                    return;
                }
                ctx.Response.ContentLength = data.Length;
                ctx.Response.ContentType = "application/octet-stream";
                ctx.Response.Headers.ETag = ETag(data);
                ctx.Response.Headers.LastModified = DateTime.UtcNow.ToString("R");
                if (req.Method == "GET") await ctx.Response.Body.WriteAsync(data);
                return;
            case "DELETE":
                Objects.TryRemove(key, out _);
                ctx.Response.StatusCode = 204;
                return;
            default:
                await ErrorAsync(ctx, 405, "MethodNotAllowed");
                return;
        }
    }

    /// <summary>The payload, with aws-chunked framing ("size;chunk-signature=…\r\ndata\r\n" … "0;…") removed when the SDK used it.</summary>
    private static async Task<byte[]> BodyAsync(HttpRequest req)
    {
        using var ms = new MemoryStream();
        await req.Body.CopyToAsync(ms);
        var raw = ms.ToArray();
        var sha = req.Headers["x-amz-content-sha256"].ToString();
        if (!sha.StartsWith("STREAMING-", StringComparison.Ordinal) && !req.Headers.ContentEncoding.ToString().Contains("aws-chunked")) return raw;
        using var output = new MemoryStream();
        var pos = 0;
        while (pos < raw.Length)
        {
            var lineEnd = IndexOfCrLf(raw, pos);
            var header = Encoding.ASCII.GetString(raw, pos, lineEnd - pos);
            var size = Convert.ToInt32(header.Split(';')[0], 16);
            pos = lineEnd + 2;
            if (size == 0) break;
            output.Write(raw, pos, size);
            pos += size + 2;
        }
        return output.ToArray();
    }

    private static int IndexOfCrLf(byte[] data, int from)
    {
        for (var i = from; i < data.Length - 1; i++)
            if (data[i] == '\r' && data[i + 1] == '\n') return i;
        throw new InvalidDataException("Corpo aws-chunked troncato.");
    }

    private static string ETag(byte[] data) => "\"" + Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant() + "\"";

    private static async Task XmlAsync(HttpContext ctx, string xml)
    {
        ctx.Response.ContentType = "application/xml";
        await ctx.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml);
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string code)
    {
        ctx.Response.StatusCode = status;
        await XmlAsync(ctx, $"<Error><Code>{code}</Code><Message>{code}</Message><RequestId>fake</RequestId></Error>");
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
