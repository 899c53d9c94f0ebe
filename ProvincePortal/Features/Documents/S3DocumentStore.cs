using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Documents;

/// <summary>Documents:S3:* — an S3-compatible bucket (AWS S3, MinIO, Ceph…) shared by every app server.</summary>
public sealed class S3StoreOptions
{
    /// <summary>Endpoint of an S3-compatible service ("https://minio.example.local:9000"); empty for AWS S3 in <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";
    public string BucketName { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    /// <summary>Region used to sign requests (S3-compatible services usually accept "us-east-1").</summary>
    public string Region { get; set; } = "us-east-1";
    /// <summary>bucket in the path (http://host/bucket/key) rather than in the host name: what most S3-compatible services expect.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>The missing settings, by their configuration keys; empty when the store can start.</summary>
    public IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(BucketName)) missing.Add("Documents:S3:BucketName");
        if (string.IsNullOrWhiteSpace(AccessKey)) missing.Add("Documents:S3:AccessKey");
        if (string.IsNullOrWhiteSpace(SecretKey)) missing.Add("Documents:S3:SecretKey");
        if (string.IsNullOrWhiteSpace(ServiceUrl) && string.IsNullOrWhiteSpace(Region)) missing.Add("Documents:S3:ServiceUrl o Documents:S3:Region");
        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
            missing.Add($"Documents:S3:ServiceUrl (indirizzo non valido: «{ServiceUrl}»)");
        return missing;
    }

    public AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = ForcePathStyle,
            AuthenticationRegion = Region,
            // Checksums only where S3 requires them: several S3-compatible services reject the trailing checksums
            // that the SDK would otherwise add to every upload.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(ServiceUrl)) config.ServiceURL = ServiceUrl;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }
}

/// <summary>
/// Objects under documents/ab/cd/&lt;sha256&gt; in one bucket. Uploads are staged to a local temporary file exactly as
/// with the local store (size limit, hash, content checks), then sent with TransferUtility (multipart for big files).
/// </summary>
public sealed class S3DocumentStore(IAmazonS3 client, S3StoreOptions options, DataOptions data, ILogger<S3DocumentStore> logger) : IDocumentStore
{
    public static string KeyOf(string sha256) => "documents/" + DocumentStaging.RelativePathOf(sha256);

    public Task<StagedContent> StageAsync(Stream content, long maxBytes, CancellationToken ct) =>
        DocumentStaging.StageAsync(Path.Combine(data.DataDirectory, "documents", "tmp"), content, maxBytes, ct);

    public async Task CommitAsync(StagedContent staged, CancellationToken ct)
    {
        var key = KeyOf(staged.Sha256);
        // Same hash, same bytes: an object already there is the one we would upload.
        if (await ExistsAsync(key, ct)) return;
        using var transfer = new TransferUtility(client);
        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = options.BucketName, Key = key, FilePath = staged.TempPath, ContentType = "application/octet-stream",
        }, ct);
        logger.LogInformation("Contenuto {Sha256} caricato nel bucket {Bucket} ({Size} byte)", staged.Sha256, options.BucketName, staged.Size);
    }

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        try
        {
            var response = await client.GetObjectAsync(options.BucketName, KeyOf(sha256), ct);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string sha256, CancellationToken ct)
    {
        try
        {
            await client.DeleteObjectAsync(options.BucketName, KeyOf(sha256), ct);
        }
        catch (AmazonS3Exception ex)
        {
            // Callers treat a failed delete like a local IOException: logged, the blob is left behind.
            throw new IOException($"Eliminazione di {KeyOf(sha256)} dal bucket {options.BucketName} non riuscita: {ex.Message}", ex);
        }
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        try
        {
            await client.GetObjectMetadataAsync(options.BucketName, key, ct);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The object's body; disposing it also releases the HTTP response.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream inner = response.ResponseStream;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { inner.Dispose(); response.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
