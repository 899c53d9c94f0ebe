using System.Security.Cryptography;
using System.Text;

namespace ProvincePortal.Features.Territory.IndicePa;

/// <summary>One ente of the IndicePA "enti" file, as the file states it. <see cref="Pec"/> is the first address typed "Pec".</summary>
public sealed record IpaRow(
    int Line,
    string IpaCode,
    string Name,
    string Category,
    string Natura,
    string Tipologia,
    string CadastralCode,
    string? Pec,
    string? Website);

/// <summary>A row left out of the import: where (line of the file, column) and why.</summary>
public sealed record IpaRowError(int Line, string Column, string Message, string? IpaCode = null)
{
    public override string ToString() => $"riga {Line}, campo \"{Column}\": {Message}";
}

public sealed record IpaFile(string FileName, string Sha256, string EncodingName, char Separator, int DataRows,
    IReadOnlyList<IpaRow> Rows, IReadOnlyList<IpaRowError> Errors);

/// <summary>The file cannot be used at all (encoding, header, structure): nothing is imported.</summary>
public sealed class IpaFileException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;

    public IpaFileException(string error) : this([error]) { }
}

/// <summary>
/// Reads the "enti" data set of IndicePA's open data (CKAN dump: ',' separated, UTF-8 with or without BOM, RFC 4180
/// quotes). ';' and TAB separated re-saves (a spreadsheet's, or the legacy TAB files) are accepted when their header has
/// the CKAN column names. Columns are found by name, case-insensitively; a bad value refuses only its row.
/// </summary>
public static class IpaFileParser
{
    public const int MaxRows = 100_000;

    internal const string ColCode = "Codice_IPA";
    internal const string ColName = "Denominazione_ente";
    internal const string ColCategory = "Codice_Categoria";
    internal const string ColNatura = "Codice_natura";
    internal const string ColTipologia = "Tipologia";
    internal const string ColCadastral = "Codice_catastale_comune";
    internal const string ColWebsite = "Sito_istituzionale";

    private static readonly string[] Required = [ColCode, ColName, ColCategory, ColCadastral, "Mail1", "Tipo_Mail1", ColWebsite];

    static IpaFileParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<IpaFile> ParseFileAsync(string path, string? displayName = null, CancellationToken ct = default)
    {
        var name = displayName ?? Path.GetFileName(path);
        if (!File.Exists(path)) throw new IpaFileException($"{name}: file non trovato.");
        return Parse(await File.ReadAllBytesAsync(path, ct), name);
    }

    public static IpaFile Parse(byte[] bytes, string fileName)
    {
        var (text, encodingName) = Decode(bytes, fileName);
        var firstLine = text.Split('\n', 2)[0];
        var separator = DetectSeparator(firstLine);
        var records = SemicolonCsv.Read(text, separator).GetEnumerator();
        if (!records.MoveNext()) throw new IpaFileException($"{fileName}: il file è vuoto.");
        var header = records.Current;
        if (header.UnterminatedQuote) throw new IpaFileException($"{fileName}, riga 1 (intestazione): virgolette aperte e mai chiuse.");

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
            index.TryAdd(header.Fields[i].Trim(), i);
        var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new IpaFileException($"{fileName}, riga 1 (intestazione): mancano le colonne {string.Join(", ", missing.Select(m => $"\"{m}\""))}. " +
                "Serve il file \"enti\" dei dati aperti di IndicePA (indicepa.gov.it/ipa-dati, formato CSV).");

        var mailColumns = Enumerable.Range(1, 5).Where(n => index.ContainsKey($"Mail{n}") && index.ContainsKey($"Tipo_Mail{n}")).ToList();
        var rows = new List<IpaRow>();
        var errors = new List<IpaRowError>();
        var fileErrors = new List<string>();
        var dataRows = 0;
        while (records.MoveNext())
        {
            var record = records.Current;
            dataRows++;
            if (dataRows > MaxRows) throw new IpaFileException($"{fileName}: più di {MaxRows:N0} righe: non è il file \"enti\" di IndicePA.");
            if (record.UnterminatedQuote)
            {
                fileErrors.Add($"{fileName}, riga {record.Line}: virgolette aperte e mai chiuse (il resto del file sarebbe letto come un solo campo).");
                break;
            }
            if (record.Fields.Count != header.Fields.Count)
            {
                errors.Add(new IpaRowError(record.Line, "(riga)", $"{record.Fields.Count} campi invece di {header.Fields.Count}: separatore o virgolette fuori posto."));
                continue;
            }
            string Get(string column) => index.TryGetValue(column, out var i) ? record.Fields[i].Trim() : "";

            var code = Get(ColCode);
            var rowErrors = new List<IpaRowError>();
            if (code.Length == 0) rowErrors.Add(new IpaRowError(record.Line, ColCode, "manca il codice IPA dell'ente."));
            else if (code.Length > 40) rowErrors.Add(new IpaRowError(record.Line, ColCode, $"«{code[..40]}…» è troppo lungo per un codice IPA."));
            var name = Get(ColName);
            if (name.Length == 0) rowErrors.Add(new IpaRowError(record.Line, ColName, "manca la denominazione dell'ente.", code));

            string? pec = null;
            foreach (var n in mailColumns)
            {
                if (!Get($"Tipo_Mail{n}").Equals("Pec", StringComparison.OrdinalIgnoreCase)) continue;
                var address = Get($"Mail{n}");
                if (address.Length == 0) continue;
                if (!Crm.CrmAddresses.IsValid(address))
                {
                    rowErrors.Add(new IpaRowError(record.Line, $"Mail{n}", $"«{address}» non è un indirizzo PEC valido.", code));
                    break;
                }
                pec = address;
                break;
            }

            var website = NormalizeWebsite(Get(ColWebsite), out var websiteError);
            if (websiteError is not null) rowErrors.Add(new IpaRowError(record.Line, ColWebsite, websiteError, code));

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }
            rows.Add(new IpaRow(record.Line, code, name, Get(ColCategory).ToUpperInvariant(), Get(ColNatura), Get(ColTipologia),
                Get(ColCadastral).ToUpperInvariant(), pec, website));
        }
        if (fileErrors.Count > 0) throw new IpaFileException(fileErrors);
        return new IpaFile(fileName, Convert.ToHexStringLower(SHA256.HashData(bytes)), encodingName, separator, dataRows, rows, errors);
    }

    /// <summary>
    /// IndicePA often omits the scheme ("www.comune.corio.to.it") and sometimes mangles it ("HTTPS:SISTEMA…"): both get
    /// "https://". Empty stays null; anything that is still not a web address is an error of the row.
    /// </summary>
    public static string? NormalizeWebsite(string value, out string? error)
    {
        error = null;
        value = value.Trim();
        if (value.Length == 0) return null;
        var text = value;
        var colon = text.IndexOf(':');
        if (colon > 0 && text[..colon].ToLowerInvariant() is "http" or "https")
            text = text[..colon].ToLowerInvariant() + "://" + text[(colon + 1)..].TrimStart('/');
        else text = "https://" + text;
        if (text.Length > 500 || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.Host.Contains('.') || uri.Host.Any(char.IsWhiteSpace) || text.Contains(' '))
        {
            error = $"«{value}» non è un indirizzo web valido.";
            return null;
        }
        return text;
    }

    /// <summary>The separator of the header line: the CKAN dump uses ',', spreadsheets re-save with ';', the legacy files use TAB.</summary>
    public static char DetectSeparator(string headerLine)
    {
        char[] candidates = [',', ';', '\t'];
        var counts = candidates.Select(c => (c, n: CountOutsideQuotes(headerLine, c))).ToList();
        var best = counts.MaxBy(x => x.n);
        return best.n == 0 ? ',' : best.c;
    }

    private static int CountOutsideQuotes(string line, char c)
    {
        var inQuotes = false;
        var n = 0;
        foreach (var ch in line)
        {
            if (ch == '"') inQuotes = !inQuotes;
            else if (ch == c && !inQuotes) n++;
        }
        return n;
    }

    private static (string Text, string EncodingName) Decode(byte[] bytes, string fileName)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            throw new IpaFileException($"{fileName}, riga 1: il file è in UTF-16; salvarlo in UTF-8 (come pubblicato da IndicePA).");
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw new IpaFileException($"{fileName}: il file contiene byte nulli: non è un CSV di testo.");
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return (new UTF8Encoding(false, false).GetString(bytes, 3, bytes.Length - 3), "UTF-8");
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return (Encoding.UTF8.GetString(bytes), "UTF-8");
        // A re-save by a spreadsheet on Windows.
        return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
    }
}
