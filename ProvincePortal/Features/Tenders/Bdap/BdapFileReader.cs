using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Tenders.Bdap;

/// <summary>The files the import reads; the keys are the values of `--tipo`.</summary>
public enum BdapFileType { Gar, Sal, OpenCupProgetti, OpenCupLocalizzazione, RicercaCup }

public static class BdapFileTypes
{
    public static string Key(BdapFileType t) => t switch
    {
        BdapFileType.Gar => "gar",
        BdapFileType.Sal => "sal",
        BdapFileType.OpenCupProgetti => "opencup-progetti",
        BdapFileType.OpenCupLocalizzazione => "opencup-localizzazione",
        _ => "ricerca-cup",
    };

    public static string Label(BdapFileType t) => t switch
    {
        BdapFileType.Gar => "BDAP-MOP gare (gar)",
        BdapFileType.Sal => "BDAP-MOP pagamenti (sal)",
        BdapFileType.OpenCupProgetti => "OpenCUP progetti",
        BdapFileType.OpenCupLocalizzazione => "OpenCUP localizzazione",
        _ => "OpenBDAP Ricerca per CUP (xlsx)",
    };

    public static BdapFileType? Parse(string? key) =>
        Enum.GetValues<BdapFileType>().Cast<BdapFileType?>().FirstOrDefault(t => string.Equals(Key(t!.Value), key?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Keys => string.Join(", ", Enum.GetValues<BdapFileType>().Select(Key));
}

/// <summary>A value the import cannot take: where (line, or sheet and row), which field as the file names it, and why.</summary>
public sealed record BdapRowError(int Line, string? Sheet, string? Field, string Message)
{
    public override string ToString() =>
        (Sheet is null ? $"riga {Line}" : $"foglio «{Sheet}», riga {Line}") + (Field is null ? "" : $", campo «{Field}»") + ": " + Message;
}

public sealed record ProjectRow(int Line, string Cup, string? Titolo, string? SoggettoTitolare, string? CfSoggettoTitolare, string? Stato,
    string? FaseRaggiunta, string? Natura, int? AnnoDecisione, long? CostoCents, long? FinanziamentoCents, long? FinanziamentoPubblicoCents,
    DateOnly? DataInizio, DateOnly? DataFine);

/// <summary>One row of an awards file; a MOP "gar" file has one per winner of the same CUP and CIG.</summary>
public sealed record AwardRow(int Line, string Cup, string Cig, string? Oggetto, DateOnly? DataPubblicazione, string? SceltaContraente,
    string? Aggiudicatario, string? CfAggiudicatario, long? ImportoBaseCents, long? ImportoAggiudicazioneCents);

public sealed record PaymentRow(int Line, string Cup, int Anno, long ImportoCents);

public sealed record PlaceRow(int Line, string Cup, string Place);

/// <summary>What a file holds once read: its rows by kind and every value it could not take.</summary>
public sealed class BdapFile(BdapFileType type, string fileName, string encoding)
{
    public BdapFileType Type { get; } = type;
    public string FileName { get; } = fileName;
    public string Encoding { get; } = encoding;
    public int DataRows { get; set; }
    public List<ProjectRow> Projects { get; } = [];
    public List<AwardRow> Awards { get; } = [];
    public List<PaymentRow> Payments { get; } = [];
    public List<PlaceRow> Places { get; } = [];
    public List<BdapRowError> Errors { get; } = [];
}

/// <summary>The file cannot be read at all (empty, unknown header, wrong type): nothing is imported.</summary>
public sealed class BdapFileException(string message) : Exception(message);

/// <summary>
/// Reads the open-data files of BDAP-MOP (Windows-1252, ';', decimal point: "1234.56"), OpenCUP (UTF-8, ';', quoted,
/// decimal comma: "1234,56") and OpenBDAP's "Ricerca per CUP" Excel output. Columns are found by name (case, spaces,
/// accents and punctuation ignored), so the raw headers ("Codice CUP") and the snake_case ones of the ondata
/// re-publications ("cup") both work; leading lines starting with '#' (provenance notes of such extracts) are skipped.
/// Amounts must use the separator of their source: "1.234,56" in a MOP file is refused, not guessed.
/// </summary>
public static partial class BdapFileReader
{
    public const long MaxBytes = 100L * 1024 * 1024;

    public static BdapFile Read(Stream stream, string fileName, BdapFileType? type)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        if (buffer.Length > MaxBytes) throw new BdapFileException($"{fileName}: il file supera il limite di {MaxBytes / 1024 / 1024} MB.");
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.Length == 0) throw new BdapFileException($"{fileName}: il file è vuoto.");
        var isZip = bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        if (isZip || type == BdapFileType.RicercaCup)
        {
            if (!isZip) throw new BdapFileException($"{fileName}: non è un file Excel (.xlsx): il tipo ricerca-cup è l'output Excel di OpenBDAP «Ricerca per CUP».");
            if (type is not null and not BdapFileType.RicercaCup)
                throw new BdapFileException($"{fileName}: è un file Excel, ma il tipo indicato è {BdapFileTypes.Key(type.Value)} (un file CSV).");
            buffer.Position = 0;
            return ReadWorkbook(buffer, fileName);
        }
        var (text, encoding) = Decode(bytes);
        return ReadCsv(text, encoding, fileName, type);
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (OpenCUP); otherwise Windows-1252, the encoding of the MOP dumps.</summary>
    private static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (System.Text.Encoding.UTF8.GetString(bytes[3..]), "UTF-8");
        try { return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), "UTF-8"); }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return (System.Text.Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        }
    }

    // ---------- CSV ----------

    private static BdapFile ReadCsv(string text, string encoding, string fileName, BdapFileType? requested)
    {
        // Skip the provenance lines ('#') and blank lines before the header, keeping the physical line numbers.
        var offset = 0;
        var skipped = 0;
        while (offset < text.Length)
        {
            var end = text.IndexOf('\n', offset);
            var line = (end < 0 ? text[offset..] : text[offset..end]).TrimEnd('\r');
            if (line.Trim().Length > 0 && !line.StartsWith('#')) break;
            skipped++;
            offset = end < 0 ? text.Length : end + 1;
        }
        if (offset >= text.Length) throw new BdapFileException($"{fileName}: il file è vuoto (manca l'intestazione).");
        var headerEnd = text.IndexOf('\n', offset);
        var headerLine = headerEnd < 0 ? text[offset..] : text[offset..headerEnd];
        var separator = new[] { ';', ',', '|' }.MaxBy(c => headerLine.Count(x => x == c));

        using var records = SemicolonCsv.Read(text[offset..], separator).GetEnumerator();
        if (!records.MoveNext()) throw new BdapFileException($"{fileName}: il file è vuoto (manca l'intestazione).");
        var header = records.Current.Fields.Select(f => f.Trim().Trim('\uFEFF').Trim()).ToList();
        var columns = new Header(header);
        var detected = Detect(columns)
            ?? throw new BdapFileException($"{fileName}, riga {skipped + 1}: intestazione non riconosciuta ({Preview(header)}). Sono previsti i file BDAP-MOP gar o sal, OpenCUP progetti o localizzazione.");
        if (requested is { } r && r != detected)
            throw new BdapFileException($"{fileName}: il tipo indicato è {BdapFileTypes.Key(r)}, ma l'intestazione è quella di un file {BdapFileTypes.Key(detected)}.");
        var file = new BdapFile(detected, fileName, encoding);
        var numbers = detected is BdapFileType.OpenCupProgetti ? Decimals.Comma : Decimals.Point;

        while (records.MoveNext())
        {
            var record = records.Current;
            var line = record.Line + skipped;
            file.DataRows++;
            if (record.UnterminatedQuote) { file.Errors.Add(new(line, null, null, "virgolette aperte e mai chiuse.")); break; }
            if (record.Fields.Count != header.Count)
            {
                file.Errors.Add(new(line, null, null, $"{record.Fields.Count} campi invece di {header.Count} (separatore «{separator}»)."));
                continue;
            }
            var row = new Row(record.Fields, columns, line, null, file.Errors, numbers);
            switch (detected)
            {
                case BdapFileType.Gar: ReadAward(row, file); break;
                case BdapFileType.Sal: ReadPayment(row, file); break;
                case BdapFileType.OpenCupProgetti: ReadOpenCupProject(row, file); break;
                default: ReadPlace(row, file); break;
            }
        }
        return file;
    }

    private static BdapFileType? Detect(Header h) =>
        h.Has("codicecig", "cig") ? BdapFileType.Gar
        : h.Has("importopagamenti", "importopagato") ? BdapFileType.Sal
        : h.Has("costoprogetto", "descrizionesinteticacup") ? BdapFileType.OpenCupProgetti
        : h.Has("codicecomune") && h.Has("comune") ? BdapFileType.OpenCupLocalizzazione
        : null;

    private static void ReadAward(Row r, BdapFile file)
    {
        var cup = r.Cup("codicecup", "cup");
        var cig = r.Cig("codicecig", "cig");
        var award = new AwardRow(r.Line, cup ?? "", cig ?? "",
            r.Text("oggettogara"), r.Date("datapubblicazionegara"), r.Text("tiposceltacontraente"),
            r.Text("descrizionesoggetto", "aggiudicatario"), r.Text("codicefiscalesoggetto", "cfaggiudicatario"),
            r.Amount("importobasedasta", "importobaseasta"), r.Amount("importoaggiudicazione"));
        if (r.Ok) file.Awards.Add(award);
    }

    private static void ReadPayment(Row r, BdapFile file)
    {
        var cup = r.Cup("codicecup", "cup");
        var anno = r.Year("annopagamenti", "anno");
        var importo = r.Amount("importopagamenti", "importopagato");
        if (r.Text("importopagamenti", "importopagato") is null) r.Fail(r.Name("importopagamenti", "importopagato"), "importo mancante.");
        if (r.Ok) file.Payments.Add(new PaymentRow(r.Line, cup!, anno!.Value, importo!.Value));
    }

    private static void ReadOpenCupProject(Row r, BdapFile file)
    {
        var cup = r.Cup("cup");
        var project = new ProjectRow(r.Line, cup ?? "", r.Text("descrizionesinteticacup"), r.Text("soggettotitolare"),
            r.Text("pivacodfiscalesogtitolare"), r.Text("statoprogetto"), null, r.Text("naturaintervento"), r.Year("annodecisione", optional: true),
            r.Amount("costoprogetto"), r.Amount("finanziamentoprogetto"), null,
            r.Date("datagenerazionecup"), r.Date("datachiusurarevoca"));
        if (r.Ok) file.Projects.Add(project);
    }

    private static void ReadPlace(Row r, BdapFile file)
    {
        var cup = r.Cup("cup");
        var comune = r.Text("comune");
        var sigla = r.Text("siglaprovincia");
        var place = comune is null ? r.Text("provincia", "regione", "stato") : sigla is null ? comune : $"{comune} ({sigla})";
        if (place is null) r.Fail(r.Name("comune"), "località mancante.");
        if (r.Ok) file.Places.Add(new PlaceRow(r.Line, cup!, place!));
    }

    // ---------- Excel: OpenBDAP "Ricerca per CUP" ----------

    private const string CupSheet = "Dettaglio CUP";
    private const string CigSheet = "Dettaglio CIG";

    private static BdapFile ReadWorkbook(Stream stream, string fileName)
    {
        XLWorkbook workbook;
        try { workbook = new XLWorkbook(stream); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new BdapFileException($"{fileName}: il file Excel non si può leggere ({ex.Message}).");
        }
        using (workbook)
        {
            if (!workbook.TryGetWorksheet(CupSheet, out var cups))
                throw new BdapFileException($"{fileName}: manca il foglio «{CupSheet}» (è l'output Excel di OpenBDAP «Ricerca per CUP»?).");
            var file = new BdapFile(BdapFileType.RicercaCup, fileName, "xlsx");
            ReadSheet(cups, fileName, file, row =>
            {
                var cup = row.Cup("cup");
                var project = new ProjectRow(row.Line, cup ?? "", row.Text("descrizionecup"), row.Text("denominazionesoggetto"),
                    row.Text("codicefiscalesoggetto"), row.Text("statoopera"), row.Text("faseraggiunta"), row.Text("natura"), null,
                    row.Amount("costoprevisto"), row.Amount("finanziamenti"), row.Amount("finanziamentopubblicoprevisto"),
                    row.Date("datainiziovalidita"), row.Date("datafinevalidita"));
                if (row.Ok) file.Projects.Add(project);
            }, "cup", "costoprevisto");
            if (workbook.TryGetWorksheet(CigSheet, out var cigs))
                ReadSheet(cigs, fileName, file, row =>
                {
                    var cup = row.Cup("cup");
                    var cig = row.Cig("cig");
                    var award = new AwardRow(row.Line, cup ?? "", cig ?? "", row.Text("descrizioneoggettolotto"), row.Date("datapubblicazione"),
                        null, null, null, row.Amount("importobaseasta"), row.Amount("importoaggiudicazione"));
                    if (row.Ok) file.Awards.Add(award);
                }, "cup", "cig");
            return file;
        }
    }

    private static void ReadSheet(IXLWorksheet sheet, string fileName, BdapFile file, Action<Row> read, params string[] required)
    {
        var rows = sheet.RowsUsed().ToList();
        if (rows.Count == 0) throw new BdapFileException($"{fileName}: il foglio «{sheet.Name}» è vuoto.");
        var width = rows[0].LastCellUsed()?.Address.ColumnNumber ?? 0;
        var header = Enumerable.Range(1, width).Select(c => rows[0].Cell(c).GetString().Trim()).ToList();
        var columns = new Header(header);
        foreach (var name in required)
            if (!columns.Has(name))
                throw new BdapFileException($"{fileName}, foglio «{sheet.Name}»: manca la colonna «{name.ToUpperInvariant()}» nell'intestazione.");
        foreach (var xlRow in rows.Skip(1))
        {
            var values = Enumerable.Range(1, width).Select(c => CellText(xlRow.Cell(c))).ToList();
            if (values.All(v => v.Length == 0)) continue; // formatted but empty rows of the export
            file.DataRows++;
            read(new Row(values, columns, xlRow.RowNumber(), sheet.Name, file.Errors, Decimals.Point));
        }
    }

    /// <summary>Numbers as invariant text ("1234.5"), dates as dd/MM/yyyy, the rest as shown.</summary>
    private static string CellText(IXLCell cell) => cell.DataType switch
    {
        XLDataType.Number => cell.GetDouble().ToString("0.##########", CultureInfo.InvariantCulture),
        XLDataType.DateTime => cell.GetDateTime().ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _ => cell.GetString().Trim(),
    };

    // ---------- values ----------

    private enum Decimals { Point, Comma }

    private sealed class Header
    {
        private readonly Dictionary<string, int> index = new();
        public IReadOnlyList<string> Names { get; }

        public Header(IReadOnlyList<string> names)
        {
            Names = names;
            for (var i = 0; i < names.Count; i++) index.TryAdd(Key(names[i]), i);
        }

        public bool Has(params string[] keys) => keys.Any(index.ContainsKey);
        public int IndexOf(params string[] keys) => keys.Select(k => index.GetValueOrDefault(k, -1)).FirstOrDefault(i => i >= 0, -1);
    }

    /// <summary>"Data Inizio Validità", "DATA_INIZIO_VALIDITA", "data inizio validita" → "datainiziovalidita".</summary>
    internal static string Key(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static string Preview(IReadOnlyList<string> header) =>
        string.Join(", ", header.Take(6)) + (header.Count > 6 ? ", …" : "");

    /// <summary>One data row: reads values by column name and records each problem with its line and field.</summary>
    private sealed class Row(IReadOnlyList<string> fields, Header header, int line, string? sheet, List<BdapRowError> errors, Decimals decimals)
    {
        private bool failed;
        public int Line => line;
        public bool Ok => !failed;

        public string Name(params string[] keys) => header.IndexOf(keys) is var i and >= 0 ? header.Names[i] : keys[0];

        public void Fail(string field, string message)
        {
            failed = true;
            errors.Add(new BdapRowError(line, sheet, field, message));
        }

        public string? Text(params string[] keys)
        {
            var i = header.IndexOf(keys);
            if (i < 0) return null;
            var v = fields[i].Trim();
            return IsPlaceholder(v) ? null : v;
        }

        public string? Cup(params string[] keys)
        {
            var v = Text(keys)?.ToUpperInvariant();
            if (v is null || v.All(c => c == '0')) { Fail(Name(keys), "CUP mancante."); return null; }
            if (CupCode.Check(v) is { } problem) { Fail(Name(keys), $"«{v}»: {problem}"); return null; }
            return v;
        }

        public string? Cig(params string[] keys)
        {
            var v = Text(keys)?.ToUpperInvariant();
            if (v is null) { Fail(Name(keys), "CIG mancante."); return null; }
            if (!CigShape().IsMatch(v)) { Fail(Name(keys), $"CIG «{v}» non valido: servono 10 caratteri, lettere maiuscole e cifre."); return null; }
            return v;
        }

        public long? Amount(params string[] keys)
        {
            var raw = Text(keys);
            if (raw is null) return null;
            var (good, other, example) = decimals == Decimals.Point ? ('.', ',', "1234.56") : (',', '.', "1234,56");
            if (raw.Contains(other) || !AmountShape().IsMatch(raw.Replace(good, '.')))
            {
                Fail(Name(keys), $"importo «{raw}» non valido: in questo file gli importi si scrivono come {example} " +
                                 $"({(good == '.' ? "punto" : "virgola")} decimale, senza separatore delle migliaia).");
                return null;
            }
            var value = decimal.Parse(raw.Replace(good, '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return (long)Math.Round(value * 100, MidpointRounding.AwayFromZero);
        }

        public DateOnly? Date(params string[] keys)
        {
            var raw = Text(keys);
            if (raw is null) return null;
            var text = raw.Length > 10 && raw[10] is ' ' or 'T' ? raw[..10] : raw; // a time part, if any, says nothing here
            if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            Fail(Name(keys), $"data «{raw}» non valida (attesa gg/mm/aaaa, gg/mm/aa o aaaa-mm-gg).");
            return null;
        }

        public int? Year(string key, string? alias = null, bool optional = false)
        {
            string[] keys = alias is null ? [key] : [key, alias];
            var raw = Text(keys);
            if (raw is null)
            {
                if (!optional) Fail(Name(keys), "anno mancante.");
                return null;
            }
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1950 and <= 2100) return y;
            Fail(Name(keys), $"anno «{raw}» non valido (atteso un anno di 4 cifre).");
            return null;
        }
    }

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "dd/MM/yy", "yyyy-MM-dd"];

    /// <summary>OpenCUP writes "DATO NON PRESENTE" or asterisks for missing or masked data, OpenBDAP "-".</summary>
    private static bool IsPlaceholder(string v) =>
        v.Length == 0 || v == "-" || v.All(c => c == '*') || v.Equals("DATO NON PRESENTE", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Z0-9]{10}$")] private static partial Regex CigShape();
    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")] private static partial Regex AmountShape();
}
