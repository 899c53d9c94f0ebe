using System.Globalization;
using System.Text;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>One row of ANAC's open-data CIG file, with the values the register uses. Amounts in cents.</summary>
public sealed record AnacCigRow(
    int Line,
    string Cig,
    string? NumeroGara,
    string OggettoGara,
    string OggettoLotto,
    long ImportoLottoCents,
    long? ImportoComplessivoGaraCents,
    long? ImportoSicurezzaCents,
    string OggettoPrincipale,
    string? Stato,
    string? LuogoIstat,
    string? Provincia,
    DateOnly? DataPubblicazione,
    DateOnly? DataScadenzaOfferta,
    string SceltaContraenteLabel,
    string SceltaContraenteL190,
    string CfAmministrazione,
    string DenominazioneAmministrazione,
    string? CfSaDelegante,
    string? DenominazioneSaDelegante,
    string? Cpv,
    string? Esito,
    DateOnly? DataComunicazioneEsito,
    int? AnnoPubblicazione);

/// <summary>A data row: either usable (<see cref="Row"/>) or refused with the reason (<see cref="Error"/>), with its CIG as written.</summary>
public sealed record AnacCigLine(int Line, string Cig, AnacCigRow? Row, string? Error);

/// <summary>The file's structure is broken (header, field count, unterminated quote): nothing of it may be imported.</summary>
public sealed class AnacCsvFormatException(string message) : Exception(message);

/// <summary>
/// Streaming reader of ANAC's open-data CIG CSV ("cig_csv_AAAA_MM"): ';'-separated, every field quoted, 61 columns,
/// a header in mixed case (cig … COD_ESITO … Flag_PNRR_PNC). Columns are found by name, case-insensitively, so a
/// reordered or extended header still works. Numbers may arrive as "5.0" and "390000.0". A row with a wrong field count
/// or an unterminated quote breaks the file (<see cref="AnacCsvFormatException"/>); a row with a bad value is yielded
/// with its error and the reading goes on.
/// </summary>
public static class AnacCigCsv
{
    /// <summary>The columns the import needs; the others are read past.</summary>
    public static readonly string[] RequiredColumns =
    [
        "cig", "oggetto_gara", "oggetto_lotto", "importo_lotto", "oggetto_principale_contratto", "luogo_istat",
        "tipo_scelta_contraente", "cf_amministrazione_appaltante", "denominazione_amministrazione_appaltante",
    ];

    public static IEnumerable<AnacCigLine> Read(TextReader text, string fileName)
    {
        var reader = new RecordReader(text);
        var header = reader.Next() ?? throw new AnacCsvFormatException($"{fileName}: il file è vuoto (manca l'intestazione).");
        var width = reader.Count;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < width; i++) index.TryAdd(header[i]!.Trim().TrimStart('\uFEFF'), i);
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new AnacCsvFormatException($"{fileName}, riga 1: intestazione non riconosciuta, mancano le colonne {string.Join(", ", missing)} (è il CSV dei CIG degli open data ANAC?).");
        var columns = new Columns(index);
        // Only the ~24 columns the register uses become strings; the other ~37 are scanned past.
        reader.Wanted = new bool[width];
        foreach (var i in columns.All) reader.Wanted[i] = true;

        while (reader.Next() is { } fields)
        {
            var line = reader.RecordLine;
            if (reader.Unterminated)
                throw new AnacCsvFormatException($"{fileName}, riga {line}: virgolette aperte e mai chiuse.");
            if (reader.Count != width)
                throw new AnacCsvFormatException($"{fileName}, riga {line}: {reader.Count} campi invece di {width}.");
            yield return Parse(fields, columns, line);
        }
    }

    private static AnacCigLine Parse(string?[] f, Columns c, int line)
    {
        var cig = f[c.Cig]!.Trim().ToUpperInvariant();
        string? error = null;
        void Fail(string message) => error ??= message;

        if (cig.Length == 0) Fail("CIG mancante");
        var importo = Cents(f[c.ImportoLotto]!, "importo_lotto", Fail) ?? 0;
        var oggettoPrincipale = f[c.OggettoPrincipale]!.Trim().ToUpperInvariant();
        if (oggettoPrincipale is not ("LAVORI" or "SERVIZI" or "FORNITURE"))
            Fail($"oggetto_principale_contratto \"{f[c.OggettoPrincipale]}\" non valido (atteso LAVORI, SERVIZI o FORNITURE)");
        var label = f[c.TipoScelta]!.Trim();
        var l190 = c.L190Of(label);
        if (l190 is null) Fail($"procedura di scelta del contraente \"{label}\" non riconosciuta");
        var cf = f[c.CfAmministrazione]!.Trim().ToUpperInvariant();
        if (cf.Length == 0) Fail("codice fiscale dell'amministrazione appaltante mancante");
        var oggettoLotto = f[c.OggettoLotto]!.Trim();
        var oggettoGara = f[c.OggettoGara]!.Trim();
        if (oggettoLotto.Length == 0 && oggettoGara.Length == 0) Fail("oggetto mancante");
        var luogo = Opt(f, c.LuogoIstat);
        if (luogo is not null && (luogo.Length != 6 || !luogo.All(char.IsAsciiDigit)))
            Fail($"luogo_istat \"{luogo}\" non valido (atteso il codice ISTAT del Comune, 6 cifre)");

        var row = new AnacCigRow(
            line, cig,
            Opt(f, c.NumeroGara),
            oggettoGara.Length > 0 ? oggettoGara : oggettoLotto,
            oggettoLotto.Length > 0 ? oggettoLotto : oggettoGara,
            importo,
            c.ImportoGara >= 0 ? Cents(f[c.ImportoGara]!, "importo_complessivo_gara", Fail) : null,
            c.ImportoSicurezza >= 0 ? Cents(f[c.ImportoSicurezza]!, "IMPORTO_SICUREZZA", Fail) : null,
            oggettoPrincipale,
            Opt(f, c.Stato),
            luogo,
            Opt(f, c.Provincia),
            Date(f, c.DataPubblicazione, "data_pubblicazione", Fail),
            Date(f, c.DataScadenza, "data_scadenza_offerta", Fail),
            label,
            l190 ?? "",
            cf,
            f[c.Denominazione]!.Trim(),
            Opt(f, c.CfDelegante)?.ToUpperInvariant(),
            Opt(f, c.DenominazioneDelegante),
            Opt(f, c.Cpv),
            Opt(f, c.Esito),
            Date(f, c.DataEsito, "DATA_COMUNICAZIONE_ESITO", Fail),
            Int(f, c.Anno, "anno_pubblicazione", Fail));
        return error is null ? new AnacCigLine(line, cig, row, null) : new AnacCigLine(line, cig, null, error);
    }

    private static string? Opt(string?[] f, int i)
    {
        if (i < 0) return null;
        var v = f[i]!.Trim();
        return v.Length == 0 ? null : v;
    }

    /// <summary>"390000.0", "82253.62", "5" → cents; an empty amount is 0 (ANAC leaves some blank).</summary>
    private static long? Cents(string text, string column, Action<string> fail)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            fail($"{column} \"{text}\" non è un importo valido (atteso es. 390000.0)");
            return null;
        }
        return (long)Math.Round(value * 100m, MidpointRounding.AwayFromZero);
    }

    private static int? Int(string?[] f, int i, string column, Action<string> fail)
    {
        if (Opt(f, i) is not { } t) return null;
        if (decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d <= int.MaxValue)
            return (int)d;
        fail($"{column} \"{t}\" non è un numero intero");
        return null;
    }

    private static DateOnly? Date(string?[] f, int i, string column, Action<string> fail)
    {
        if (Opt(f, i) is not { } t) return null;
        // Some extractions add a time ("2023-06-26 00:00:00"): the date part counts.
        if (t.Length >= 10 && DateOnly.TryParseExact(t[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        fail($"{column} \"{t}\" non è una data valida (formato AAAA-MM-GG)");
        return null;
    }

    private sealed class Columns(Dictionary<string, int> index)
    {
        // A file repeats a few dozen procedure labels: normalise each once (bounded, in case every row differs).
        private readonly Dictionary<string, string?> labels = new(StringComparer.Ordinal);

        public string? L190Of(string label)
        {
            if (labels.TryGetValue(label, out var known)) return known;
            var value = ProcedureTypeMap.L190FromLabel(label);
            if (labels.Count < 1000) labels[label] = value;
            return value;
        }

        private static int Of(Dictionary<string, int> index, string name) => index.TryGetValue(name, out var i) ? i : -1;
        public readonly int Cig = index["cig"];
        public readonly int OggettoGara = index["oggetto_gara"];
        public readonly int OggettoLotto = index["oggetto_lotto"];
        public readonly int ImportoLotto = index["importo_lotto"];
        public readonly int OggettoPrincipale = index["oggetto_principale_contratto"];
        public readonly int LuogoIstat = index["luogo_istat"];
        public readonly int TipoScelta = index["tipo_scelta_contraente"];
        public readonly int CfAmministrazione = index["cf_amministrazione_appaltante"];
        public readonly int Denominazione = index["denominazione_amministrazione_appaltante"];
        public readonly int NumeroGara = Of(index, "numero_gara");
        public readonly int ImportoGara = Of(index, "importo_complessivo_gara");
        public readonly int ImportoSicurezza = Of(index, "IMPORTO_SICUREZZA");
        public readonly int Stato = Of(index, "stato");
        public readonly int Provincia = Of(index, "provincia");
        public readonly int DataPubblicazione = Of(index, "data_pubblicazione");
        public readonly int DataScadenza = Of(index, "data_scadenza_offerta");
        public readonly int CfDelegante = Of(index, "CF_SA_DELEGANTE");
        public readonly int DenominazioneDelegante = Of(index, "DENOMINAZIONE_SA_DELEGANTE");
        public readonly int Cpv = Of(index, "cod_cpv");
        public readonly int Esito = Of(index, "ESITO");
        public readonly int DataEsito = Of(index, "DATA_COMUNICAZIONE_ESITO");
        public readonly int Anno = Of(index, "anno_pubblicazione");

        public IEnumerable<int> All => new[]
        {
            Cig, OggettoGara, OggettoLotto, ImportoLotto, OggettoPrincipale, LuogoIstat, TipoScelta, CfAmministrazione, Denominazione,
            NumeroGara, ImportoGara, ImportoSicurezza, Stato, Provincia, DataPubblicazione, DataScadenza, CfDelegante,
            DenominazioneDelegante, Cpv, Esito, DataEsito, Anno,
        }.Where(i => i >= 0);
    }

    /// <summary>
    /// Splits records off a TextReader without holding the file: quoted fields may contain ';', doubled quotes and line
    /// breaks. <see cref="RecordLine"/> is the physical line where the last record started. Fields are found with
    /// vectorised searches over the buffer; a field outside <see cref="Wanted"/> is scanned but never becomes a string.
    /// The returned array is reused by the next call.
    /// </summary>
    private sealed class RecordReader(TextReader reader)
    {
        private static readonly System.Buffers.SearchValues<char> QuoteOrNewline = System.Buffers.SearchValues.Create("\"\n");
        private static readonly System.Buffers.SearchValues<char> FieldEnd = System.Buffers.SearchValues.Create(";\n\r");
        private readonly char[] buffer = new char[64 * 1024];
        private int pos, len, line = 1;
        private readonly StringBuilder field = new();
        private string?[] fields = new string?[64];

        public bool[]? Wanted { get; set; }
        public int RecordLine { get; private set; }
        /// <summary>Fields of the last record.</summary>
        public int Count { get; private set; }
        public bool Unterminated { get; private set; }

        private bool Fill()
        {
            if (pos < len) return true;
            len = reader.Read(buffer, 0, buffer.Length);
            pos = 0;
            return len > 0;
        }

        private int Peek() => Fill() ? buffer[pos] : -1;

        public string?[]? Next()
        {
            while (true)
            {
                var c = Peek();
                if (c == -1) return null;
                if (c is '\r' or '\n') { SkipNewline(); continue; } // blank lines carry nothing
                break;
            }
            RecordLine = line;
            Count = 0;
            while (true)
            {
                var keep = Wanted is null || (Count < Wanted.Length && Wanted[Count]);
                field.Clear();
                string? quoted = null;
                var c = Peek();
                if (c == '"')
                {
                    pos++;
                    var closed = false;
                    while (Fill())
                    {
                        var span = buffer.AsSpan(pos, len - pos);
                        var i = span.IndexOfAny(QuoteOrNewline);
                        if (i < 0) { if (keep) field.Append(span); pos = len; continue; }
                        if (span[i] == '\n')
                        {
                            line++;
                            if (keep) field.Append(span[..(i + 1)]);
                            pos += i + 1;
                            continue;
                        }
                        // The common case, a field closed within the buffer with no doubled quote: one string, no copy.
                        if (keep && field.Length == 0 && (pos + i + 1 < len && buffer[pos + i + 1] != '"')) quoted = new string(span[..i]);
                        else if (keep) field.Append(span[..i]);
                        pos += i + 1;
                        if (quoted is null && Peek() == '"') { if (keep) field.Append('"'); pos++; continue; }
                        closed = true;
                        break;
                    }
                    if (!closed)
                    {
                        Unterminated = true;
                        Add(keep ? field.ToString() : null);
                        return fields;
                    }
                }
                // Unquoted text, or stray characters after a closing quote (kept: the value checks see them).
                var stray = false;
                while (Fill())
                {
                    var span = buffer.AsSpan(pos, len - pos);
                    var i = span.IndexOfAny(FieldEnd);
                    var part = i < 0 ? span : span[..i];
                    if (part.Length > 0)
                    {
                        if (keep)
                        {
                            if (quoted is not null) { field.Append(quoted); quoted = null; }
                            field.Append(part);
                        }
                        stray = true;
                    }
                    pos += part.Length;
                    if (i >= 0) break;
                }
                Add(!keep ? null : quoted ?? (stray || field.Length > 0 ? field.ToString() : ""));
                c = Peek();
                if (c == ';') { pos++; continue; }
                if (c != -1) SkipNewline();
                return fields;
            }
        }

        private void Add(string? value)
        {
            if (Count == fields.Length) Array.Resize(ref fields, fields.Length * 2);
            fields[Count++] = value;
        }

        private void SkipNewline()
        {
            if (Peek() == '\r') { pos++; if (Peek() == '\n') pos++; }
            else pos++;
            line++;
        }
    }
}
