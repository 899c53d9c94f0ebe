using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ProvincePortal.Features.Territory;

/// <summary>One Comune of an ISTAT list, with its Province and Region as the file states them.</summary>
public sealed record IstatRow(
    int Line,
    string RegionCode,
    string RegionName,
    string UtsCode,
    string UtsName,
    ProvinceType Type,
    string Sigla,
    string IstatCode,
    string CadastralCode,
    string Name,
    string? NameOtherLanguage,
    bool IsCapoluogo,
    int? Population);

/// <summary>A row left out of the import, with where and why.</summary>
/// <remarks><see cref="CadastralCode"/> (when readable) protects that Comune from being marked suppressed by this edition.</remarks>
public sealed record IstatRowProblem(int Line, string Column, string Message, string? CadastralCode = null, string? UtsCode = null)
{
    public override string ToString() => $"riga {Line}, colonna \"{Column}\": {Message}";
}

/// <summary>A parsed ISTAT list: the good rows and the rows refused one by one.</summary>
public sealed record IstatFile(
    string FileName,
    string Sha256,
    string EncodingName,
    int DataRows,
    bool HasPopulation,
    bool HasType,
    IReadOnlyList<IstatRow> Rows,
    IReadOnlyList<IstatRowProblem> Rejected);

/// <summary>The file cannot be used at all: nothing is imported. <see cref="Errors"/> name file, line and column.</summary>
public sealed class IstatFileException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;

    public IstatFileException(string error) : this([error]) { }
}

/// <summary>
/// Reads the ISTAT "Elenco comuni italiani" CSV. Columns are found by their normalised header name because the layout
/// changes between editions (23 columns with population in 2019/2020, 26 with "Tipologia di UTS" later).
/// Problems that make the whole file untrustworthy (encoding, structure, missing columns, duplicated or unreadable
/// keys) throw <see cref="IstatFileException"/>; an invalid value in a single row refuses only that row.
/// </summary>
public static partial class IstatFileParser
{
    private const int MaxReportedErrors = 20;

    private enum Col { RegionCode, RegionName, UtsCode, UtsName, Type, Capoluogo, Sigla, IstatCode, Name, NameOther, Cadastral, Population }

    /// <summary>Header names as ISTAT writes them (for messages) and the normalised prefix that recognises each.</summary>
    private static readonly (Col Col, string Label, string Prefix, bool Required)[] Columns =
    [
        (Col.RegionCode, "Codice Regione", "codice regione", true),
        (Col.RegionName, "Denominazione Regione", "denominazione regione", true),
        (Col.UtsCode, "Codice dell'Unità territoriale sovracomunale", "codice dell'unità territoriale sovracomunale", true),
        (Col.UtsName, "Denominazione dell'Unità territoriale sovracomunale", "denominazione dell'unità territoriale sovracomunale", true),
        (Col.Type, "Tipologia di Unità territoriale sovracomunale", "tipologia di unità territoriale sovracomunale", false),
        (Col.Capoluogo, "Flag Comune capoluogo di provincia/città metropolitana/libero consorzio", "flag comune capoluogo", true),
        (Col.Sigla, "Sigla automobilistica", "sigla automobilistica", true),
        (Col.IstatCode, "Codice Comune formato alfanumerico", "codice comune formato alfanumerico", true),
        (Col.Name, "Denominazione in italiano", "denominazione in italiano", true),
        (Col.NameOther, "Denominazione altra lingua", "denominazione altra lingua", false),
        (Col.Cadastral, "Codice Catastale del comune", "codice catastale", true),
        (Col.Population, "Popolazione legale", "popolazione legale", false),
    ];

    static IstatFileParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<IstatFile> ParseFileAsync(string path, string? displayName = null, CancellationToken ct = default)
    {
        var name = displayName ?? Path.GetFileName(path);
        if (!File.Exists(path)) throw new IstatFileException($"{name}: file non trovato.");
        var bytes = await File.ReadAllBytesAsync(path, ct);
        return Parse(bytes, name);
    }

    public static IstatFile Parse(byte[] bytes, string fileName)
    {
        var (text, encodingName) = Decode(bytes, fileName);
        var errors = new List<string>();
        var records = SemicolonCsv.Read(text).GetEnumerator();

        if (!records.MoveNext())
            throw new IstatFileException($"{fileName}: il file è vuoto.");
        var header = records.Current;
        if (header.UnterminatedQuote)
            throw new IstatFileException($"{fileName}, riga {header.Line} (intestazione): virgolette aperte e mai chiuse.");
        var headerNames = header.Fields.Select(h => h.ReplaceLineEndings(" ").Trim()).ToArray();
        for (var c = 0; c < headerNames.Length; c++)
            CheckText(header.Fields[c], fileName, header.Line, $"intestazione, colonna {c + 1}", errors);
        Throw(errors);

        var index = MapColumns(headerNames, fileName);
        string Label(int position) => position < headerNames.Length ? headerNames[position] : $"colonna {position + 1}";

        var rows = new List<IstatRow>(8000);
        var rejected = new List<IstatRowProblem>();
        var firstLineOfCadastral = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstLineOfIstat = new Dictionary<string, int>(StringComparer.Ordinal);
        var provinces = new Dictionary<string, IstatRow>(StringComparer.Ordinal);
        var regions = new Dictionary<string, IstatRow>(StringComparer.Ordinal);
        var dataRows = 0;

        while (records.MoveNext())
        {
            var record = records.Current;
            var f = record.Fields;
            dataRows++;
            if (record.UnterminatedQuote)
            {
                errors.Add($"{fileName}, riga {record.Line}, colonna \"{Label(f.Count - 1)}\": virgolette aperte e mai chiuse: il file è troncato o danneggiato.");
                break;
            }
            if (f.Count < headerNames.Length)
            {
                errors.Add($"{fileName}, riga {record.Line}: {f.Count} campi invece di {headerNames.Length}, manca la colonna \"{Label(f.Count)}\" (riga troncata?).");
                continue;
            }
            if (f.Count > headerNames.Length && f.Skip(headerNames.Length).Any(x => x.Trim().Length > 0))
            {
                errors.Add($"{fileName}, riga {record.Line}: {f.Count} campi invece di {headerNames.Length} (un ';' di troppo nella colonna \"{Label(headerNames.Length - 1)}\" o prima?).");
                continue;
            }
            var textOk = true;
            for (var c = 0; c < headerNames.Length; c++)
                textOk &= CheckText(f[c], fileName, record.Line, $"colonna \"{Label(c)}\"", errors);
            if (!textOk) continue;

            string Value(Col col) => index.TryGetValue(col, out var p) ? f[p].Trim() : "";
            string ColumnLabel(Col col) => index.TryGetValue(col, out var p) ? Label(p) : Columns.First(x => x.Col == col).Label;

            // The key: without a readable cadastral code the row cannot be matched, and a Comune could be wrongly suppressed.
            var cadastral = Value(Col.Cadastral).ToUpperInvariant();
            if (!CadastralCode().IsMatch(cadastral))
            {
                errors.Add($"{fileName}, riga {record.Line}, colonna \"{ColumnLabel(Col.Cadastral)}\": codice catastale non valido \"{Value(Col.Cadastral)}\" (atteso una lettera e tre cifre, es. C957).");
                continue;
            }
            if (firstLineOfCadastral.TryGetValue(cadastral, out var otherLine))
            {
                errors.Add($"{fileName}, righe {otherLine} e {record.Line}, colonna \"{ColumnLabel(Col.Cadastral)}\": codice catastale {cadastral} ripetuto.");
                continue;
            }
            firstLineOfCadastral[cadastral] = record.Line;

            var istat = PadDigits(Value(Col.IstatCode), 6);
            if (istat is not null)
            {
                if (firstLineOfIstat.TryGetValue(istat, out var otherIstatLine))
                {
                    errors.Add($"{fileName}, righe {otherIstatLine} e {record.Line}, colonna \"{ColumnLabel(Col.IstatCode)}\": codice ISTAT {istat} ripetuto.");
                    continue;
                }
                firstLineOfIstat[istat] = record.Line;
            }

            IstatRowProblem? Problem(Col col, string message) => new(record.Line, ColumnLabel(col), message, cadastral, PadDigits(Value(Col.UtsCode), 3));
            var row = ParseRow(record.Line, Value, Problem, istat, cadastral, index.ContainsKey(Col.Type), out var problem);
            if (row is not null)
            {
                // A Province or Region must read the same on every row: a disagreeing row is refused, not merged.
                if (provinces.TryGetValue(row.UtsCode, out var p) && (p.Sigla != row.Sigla || p.UtsName != row.UtsName || p.RegionCode != row.RegionCode || p.Type != row.Type))
                    problem = Problem(Col.UtsCode, $"l'unità sovracomunale {row.UtsCode} ha qui sigla/nome/regione/tipologia \"{row.Sigla}\", \"{row.UtsName}\", {row.RegionCode}, {(int)row.Type} ma alla riga {p.Line} \"{p.Sigla}\", \"{p.UtsName}\", {p.RegionCode}, {(int)p.Type}.");
                else if (regions.TryGetValue(row.RegionCode, out var r) && r.RegionName != row.RegionName)
                    problem = Problem(Col.RegionName, $"la regione {row.RegionCode} si chiama qui \"{row.RegionName}\" ma alla riga {r.Line} \"{r.RegionName}\".");
            }
            if (problem is not null) { rejected.Add(problem); continue; }
            provinces.TryAdd(row!.UtsCode, row);
            regions.TryAdd(row.RegionCode, row);
            rows.Add(row);
        }
        Throw(errors);
        if (dataRows == 0)
            throw new IstatFileException($"{fileName}: il file contiene solo l'intestazione, nessun Comune.");
        return new IstatFile(fileName, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), encodingName, dataRows, index.ContainsKey(Col.Population), index.ContainsKey(Col.Type), rows, rejected);
    }

    private static IstatRow? ParseRow(int line, Func<Col, string> value, Func<Col, string, IstatRowProblem?> problemAt,
        string? istat, string cadastral, bool hasType, out IstatRowProblem? problem)
    {
        problem = null;
        var regionCode = PadDigits(value(Col.RegionCode), 2);
        if (regionCode is null) { problem = problemAt(Col.RegionCode, $"codice regione non valido \"{value(Col.RegionCode)}\" (attese due cifre)."); return null; }
        var regionName = value(Col.RegionName);
        if (regionName.Length == 0) { problem = problemAt(Col.RegionName, "nome della regione mancante."); return null; }
        var uts = PadDigits(value(Col.UtsCode), 3);
        if (uts is null) { problem = problemAt(Col.UtsCode, $"codice dell'unità sovracomunale non valido \"{value(Col.UtsCode)}\" (attese tre cifre)."); return null; }
        var utsName = value(Col.UtsName);
        if (utsName.Length == 0) { problem = problemAt(Col.UtsName, "nome dell'unità sovracomunale mancante."); return null; }
        var sigla = value(Col.Sigla).ToUpperInvariant();
        if (!Sigla().IsMatch(sigla)) { problem = problemAt(Col.Sigla, $"sigla automobilistica non valida \"{value(Col.Sigla)}\" (attese due lettere)."); return null; }
        if (istat is null) { problem = problemAt(Col.IstatCode, $"codice ISTAT del Comune non valido \"{value(Col.IstatCode)}\" (attese sei cifre, es. 026021)."); return null; }
        var name = CollapseSpaces(value(Col.Name));
        if (name.Length == 0) { problem = problemAt(Col.Name, "denominazione del Comune mancante."); return null; }
        var other = CollapseSpaces(value(Col.NameOther));
        // The database columns' limits: a longer text is not a name but a broken row.
        foreach (var (col, text, max) in new[] { (Col.Name, name, 200), (Col.NameOther, other, 200), (Col.UtsName, utsName, 100), (Col.RegionName, regionName, 100) })
            if (text.Length > max) { problem = problemAt(col, $"testo di {text.Length} caratteri, al massimo {max}."); return null; }

        bool capoluogo;
        switch (value(Col.Capoluogo))
        {
            case "1": capoluogo = true; break;
            case "0" or "": capoluogo = false; break;
            default: problem = problemAt(Col.Capoluogo, $"valore \"{value(Col.Capoluogo)}\" non ammesso (0 o 1)."); return null;
        }

        int? population = null;
        var populationText = value(Col.Population);
        if (populationText.Length > 0)
        {
            if (!Population().IsMatch(populationText)
                || !int.TryParse(populationText.Replace(".", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                problem = problemAt(Col.Population, $"popolazione non valida \"{populationText}\" (atteso un numero intero, es. 2.644).");
                return null;
            }
            population = p;
        }

        ProvinceType type;
        if (hasType)
        {
            var typeText = value(Col.Type);
            if (!int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || !Enum.IsDefined((ProvinceType)t))
            {
                problem = problemAt(Col.Type, $"tipologia \"{typeText}\" non ammessa (da 1 a 5).");
                return null;
            }
            type = (ProvinceType)t;
        }
        else type = DeriveType(regionCode, uts);

        return new IstatRow(line, regionCode, CollapseSpaces(regionName), uts, CollapseSpaces(utsName), type, sigla, istat, cadastral, name,
            other.Length == 0 ? null : other, capoluogo, population);
    }

    /// <summary>Files before the "Tipologia di UTS" column (2019, 2020): the type follows from the codes.</summary>
    public static ProvinceType DeriveType(string regionCode, string utsCode) =>
        int.Parse(utsCode, CultureInfo.InvariantCulture) >= 200 ? ProvinceType.CittaMetropolitana
        : regionCode switch
        {
            "19" => ProvinceType.LiberoConsorzio,
            "04" => ProvinceType.ProvinciaAutonoma,
            "06" => ProvinceType.UnitaNonAmministrativa,
            _ => ProvinceType.Provincia,
        };

    private static Dictionary<Col, int> MapColumns(string[] headerNames, string fileName)
    {
        var index = new Dictionary<Col, int>();
        var errors = new List<string>();
        for (var position = 0; position < headerNames.Length; position++)
        {
            var normalised = NormaliseHeader(headerNames[position]);
            foreach (var column in Columns)
            {
                if (!normalised.StartsWith(column.Prefix, StringComparison.Ordinal)) continue;
                if (index.TryGetValue(column.Col, out var first))
                    errors.Add($"{fileName}, riga 1 (intestazione): la colonna \"{column.Label}\" compare due volte (colonne {first + 1} e {position + 1}).");
                else index[column.Col] = position;
            }
        }
        var missing = Columns.Where(c => c.Required && !index.ContainsKey(c.Col)).Select(c => $"\"{c.Label}\"").ToList();
        if (missing.Count > 0)
            errors.Add($"{fileName}, riga 1 (intestazione): mancano le colonne obbligatorie {string.Join(", ", missing)}. È l'Elenco comuni italiani dell'ISTAT?");
        Throw(errors);
        return index;
    }

    /// <summary>"Codice dell'Unità territoriale sovracomunale \r\n(valida a fini statistici)" → "codice dell'unità territoriale sovracomunale (valida a fini statistici)"; footnote markers dropped.</summary>
    public static string NormaliseHeader(string header)
    {
        var s = header.Replace('\u2019', '\'').Replace('\u00A0', ' ');
        s = Footnote().Replace(s, " ");
        s = CollapseSpaces(s);
        return s.ToLowerInvariant();
    }

    /// <summary>
    /// ISTAT publishes Windows-1252. UTF-8 is accepted too when it is certain (a BOM, or valid UTF-8 with accented
    /// letters) because a list saved again by an editor usually becomes UTF-8; anything that would import mojibake is refused.
    /// </summary>
    private static (string Text, string EncodingName) Decode(byte[] bytes, string fileName)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            throw new IstatFileException($"{fileName}, riga 1: il file è in UTF-16; salvarlo in Windows-1252 (come pubblicato dall'ISTAT) o in UTF-8.");
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
            throw new IstatFileException($"{fileName}, riga {LineAt(bytes, nul)}: il file contiene byte nulli (UTF-16 o file non di testo); serve il CSV dell'ISTAT in Windows-1252 o UTF-8.");

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            // Invalid sequences become U+FFFD, which the field check reports with line and column.
            return (new UTF8Encoding(false, false).GetString(bytes, 3, bytes.Length - 3), "UTF-8");
        if (bytes.Any(b => b >= 0x80) && System.Text.Unicode.Utf8.IsValid(bytes))
            return (Encoding.UTF8.GetString(bytes), "UTF-8");
        return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
    }

    private static int LineAt(byte[] bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset; i++) if (bytes[i] == (byte)'\n') line++;
        return line;
    }

    /// <summary>Refuses characters that only a wrong encoding produces: undefined Windows-1252 bytes, U+FFFD, UTF-8 read as Windows-1252 ("Ã¨").</summary>
    private static bool CheckText(string value, string fileName, int line, string where, List<string> errors)
    {
        foreach (var c in value)
        {
            if (c == '\uFFFD' || (c >= '\u0080' && c <= '\u009F'))
            {
                errors.Add($"{fileName}, riga {line}, {where}: carattere non valido (U+{(int)c:X4}) in \"{value.Trim()}\": il file deve essere codificato in Windows-1252 (come pubblicato dall'ISTAT) o in UTF-8.");
                return false;
            }
        }
        if (Mojibake().IsMatch(value))
        {
            errors.Add($"{fileName}, riga {line}, {where}: testo alterato \"{value.Trim()}\" (lettere accentate in UTF-8 lette come Windows-1252): riconvertire il file nella codifica originale.");
            return false;
        }
        return true;
    }

    private static void Throw(List<string> errors)
    {
        if (errors.Count == 0) return;
        var shown = errors.Take(MaxReportedErrors).ToList();
        if (errors.Count > MaxReportedErrors) shown.Add($"… e altri {errors.Count - MaxReportedErrors} errori.");
        shown.Add("Nessun dato importato.");
        throw new IstatFileException(shown);
    }

    /// <summary>Codes are zero-padded strings; a spreadsheet may have dropped the zeros ("1001" for "001001").</summary>
    private static string? PadDigits(string value, int length) =>
        value.Length is > 0 && value.Length <= length && value.All(char.IsAsciiDigit) ? value.PadLeft(length, '0') : null;

    private static string CollapseSpaces(string s) => Spaces().Replace(s, " ").Trim();

    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@"\(\d+\)")] private static partial Regex Footnote();
    [GeneratedRegex(@"^[A-Z][0-9]{3}$")] private static partial Regex CadastralCode();
    [GeneratedRegex(@"^[A-Z]{2}$")] private static partial Regex Sigla();
    [GeneratedRegex(@"^(\d{1,3}(\.\d{3})+|\d+)$")] private static partial Regex Population();
    [GeneratedRegex("[ÃÂ][\u00A0-\u00BF\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178]")]
    private static partial Regex Mojibake();
}
