using System.IO.Compression;
using System.Text;

namespace ProvincePortal.Features.Documents;

/// <summary>An upload or an edit refused for a reason the user can fix; the message is Italian and shown as is.</summary>
public sealed class DocumentValidationException(string message) : Exception(message);

/// <summary>The document does not exist or the user may not see it: both look the same from outside (404).</summary>
public sealed class DocumentNotFoundException() : Exception("Documento non trovato.");

/// <summary>Documents:* settings.</summary>
public sealed class DocumentOptions
{
    /// <summary>"Local" (files under the data folder) or "S3" (an S3-compatible bucket, see <see cref="S3StoreOptions"/>).</summary>
    public string Store { get; set; } = "Local";
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;
    public string[] AllowedExtensions { get; set; } =
        ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "md", "html", "csv", "png", "jpg", "jpeg", "zip", "xml", "p7m"];
}

/// <summary>File name, type and content checks applied to every upload before anything is stored.</summary>
public static class DocumentRules
{
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase) { "txt", "md", "html", "csv", "xml" };
    private static readonly HashSet<string> ZipExtensions = new(StringComparer.OrdinalIgnoreCase) { "docx", "xlsx", "pptx", "odt", "ods", "zip" };

    /// <summary>
    /// Keeps only the last path segment, drops control characters and characters invalid on Windows, avoids reserved
    /// device names and dot-only names. The result is safe to show and to send in Content-Disposition.
    /// </summary>
    public static string SanitizeFileName(string? name)
    {
        var raw = (name ?? "").Replace('\\', '/');
        var last = raw[(raw.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*') continue;
            sb.Append(c);
        }
        var clean = sb.ToString().Trim().TrimEnd('.', ' ');
        if (clean.Trim('.').Length == 0) clean = "documento";
        var stem = Path.GetFileNameWithoutExtension(clean);
        if (ReservedNames.Contains(stem)) clean = "_" + clean;
        if (clean.Length > 200)
        {
            var ext = Path.GetExtension(clean);
            clean = clean[..(200 - ext.Length)] + ext;
        }
        return clean;
    }

    public static string ExtensionOf(string fileName) => Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();

    public static void CheckExtension(string fileName, IReadOnlyCollection<string> allowed)
    {
        var ext = ExtensionOf(fileName);
        if (ext.Length == 0)
            throw new DocumentValidationException($"Il file «{fileName}» non ha estensione: tipi ammessi {string.Join(", ", allowed)}.");
        if (!allowed.Contains(ext, StringComparer.OrdinalIgnoreCase))
            throw new DocumentValidationException($"Il tipo di file «.{ext}» di «{fileName}» non è ammesso: tipi ammessi {string.Join(", ", allowed)}.");
    }

    /// <summary>Refuses bytes that are not what the extension claims (a renamed executable, a truncated upload).</summary>
    public static void CheckContent(string fileName, Stream content)
    {
        var ext = ExtensionOf(fileName);
        Span<byte> head = stackalloc byte[8];
        var n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var h = head[..n];
        content.Position = 0;
        bool ok = ext switch
        {
            "pdf" => h.StartsWith("%PDF"u8),
            "zip" => h.StartsWith("PK\x03\x04"u8) || h.StartsWith("PK\x05\x06"u8),
            _ when ZipExtensions.Contains(ext) => h.StartsWith("PK\x03\x04"u8) && IsPackageOf(ext, content),
            "png" => h.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
            "jpg" or "jpeg" => h.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
            _ when TextExtensions.Contains(ext) => IsUtf8(content),
            _ => true,
        };
        content.Position = 0;
        if (!ok)
            throw new DocumentValidationException(TextExtensions.Contains(ext)
                ? $"Il file «{fileName}» non è testo UTF-8 valido."
                : ZipExtensions.Contains(ext) && ext != "zip"
                    ? $"Il contenuto del file «{fileName}» non corrisponde all'estensione «.{ext}»: non è un documento {PackageName(ext)} valido."
                    : $"Il contenuto del file «{fileName}» non corrisponde all'estensione «.{ext}».");
    }

    /// <summary>
    /// A ZIP is not yet a Word file: the package must hold the part that makes it one (word/document.xml, xl/workbook.xml,
    /// ppt/presentation.xml) or, for OpenDocument, the declared mimetype. Only the central directory (at the end) and
    /// the small mimetype entry are read.
    /// </summary>
    private static bool IsPackageOf(string ext, Stream content)
    {
        content.Position = 0;
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            return ext switch
            {
                "docx" => zip.GetEntry("word/document.xml") is not null,
                "xlsx" => zip.GetEntry("xl/workbook.xml") is not null,
                "pptx" => zip.GetEntry("ppt/presentation.xml") is not null,
                "odt" => OdfMimeType(zip) == "application/vnd.oasis.opendocument.text",
                "ods" => OdfMimeType(zip) == "application/vnd.oasis.opendocument.spreadsheet",
                _ => true,
            };
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static string? OdfMimeType(ZipArchive zip)
    {
        var entry = zip.GetEntry("mimetype");
        if (entry is null || entry.Length > 200) return null;
        using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
        return reader.ReadToEnd().Trim();
    }

    private static bool IsUtf8(Stream content)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81920];
        var chars = new char[81920 + 4];
        try
        {
            int read;
            while ((read = content.Read(bytes, 0, bytes.Length)) > 0)
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string PackageName(string ext) => ext switch
    {
        "docx" => "Word (manca word/document.xml)",
        "xlsx" => "Excel (manca xl/workbook.xml)",
        "pptx" => "PowerPoint (manca ppt/presentation.xml)",
        "odt" => "OpenDocument di testo (mimetype diverso da application/vnd.oasis.opendocument.text)",
        "ods" => "OpenDocument foglio di calcolo (mimetype diverso da application/vnd.oasis.opendocument.spreadsheet)",
        _ => ext,
    };

    public static string ContentTypeOf(string fileName) => ExtensionOf(fileName) switch
    {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "html" => "text/html",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" or "jpeg" => "image/jpeg",
        "zip" => "application/zip",
        "p7m" => "application/pkcs7-mime",
        _ => "application/octet-stream",
    };

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 => $"{bytes / (1024d * 1024 * 1024):0.#} GB",
        >= 1024L * 1024 => $"{bytes / (1024d * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024d:0.#} KB",
        _ => $"{bytes} byte",
    };
}
