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
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) index.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new AnacCsvFormatException($"{fileName}, riga 1: intestazione non riconosciuta, mancano le colonne {string.Join(", ", missing)} (è il CSV dei CIG degli open data ANAC?).");
        var columns = new Columns(index);

        while (reader.Next() is { } fields)
        {
            var line = reader.RecordLine;
            if (reader.Unterminated)
                throw new AnacCsvFormatException($"{fileName}, riga {line}: virgolette aperte e mai chiuse.");
            if (fields.Count != header.Count)
                throw new AnacCsvFormatException($"{fileName}, riga {line}: {fields.Count} campi invece di {header.Count}.");
            yield return Parse(fields, columns, line);
        }
    }

    private static AnacCigLine Parse(List<string> f, Columns c, int line)
    {
        var cig = f[c.Cig].Trim().ToUpperInvariant();
        string? error = null;
        void Fail(string message) => error ??= message;

        if (cig.Length == 0) Fail("CIG mancante");
        var importo = Cents(f[c.ImportoLotto], "importo_lotto", Fail) ?? 0;
        var oggettoPrincipale = f[c.OggettoPrincipale].Trim().ToUpperInvariant();
        if (oggettoPrincipale is not ("LAVORI" or "SERVIZI" or "FORNITURE"))
            Fail($"oggetto_principale_contratto \"{f[c.OggettoPrincipale]}\" non valido (atteso LAVORI, SERVIZI o FORNITURE)");
        var label = f[c.TipoScelta].Trim();
        var l190 = ProcedureTypeMap.L190FromLabel(label);
        if (l190 is null) Fail($"procedura di scelta del contraente \"{label}\" non riconosciuta");
        var cf = f[c.CfAmministrazione].Trim().ToUpperInvariant();
        if (cf.Length == 0) Fail("codice fiscale dell'amministrazione appaltante mancante");
        var oggettoLotto = f[c.OggettoLotto].Trim();
        var oggettoGara = f[c.OggettoGara].Trim();
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
            c.ImportoGara >= 0 ? Cents(f[c.ImportoGara], "importo_complessivo_gara", Fail) : null,
            c.ImportoSicurezza >= 0 ? Cents(f[c.ImportoSicurezza], "IMPORTO_SICUREZZA", Fail) : null,
            oggettoPrincipale,
            Opt(f, c.Stato),
            luogo,
            Opt(f, c.Provincia),
            Date(f, c.DataPubblicazione, "data_pubblicazione", Fail),
            Date(f, c.DataScadenza, "data_scadenza_offerta", Fail),
            label,
            l190 ?? "",
            cf,
            f[c.Denominazione].Trim(),
            Opt(f, c.CfDelegante)?.ToUpperInvariant(),
            Opt(f, c.DenominazioneDelegante),
            Opt(f, c.Cpv),
            Opt(f, c.Esito),
            Date(f, c.DataEsito, "DATA_COMUNICAZIONE_ESITO", Fail),
            Int(f, c.Anno, "anno_pubblicazione", Fail));
        return error is null ? new AnacCigLine(line, cig, row, null) : new AnacCigLine(line, cig, null, error);
    }

    private static string? Opt(List<string> f, int i)
    {
        if (i < 0) return null;
        var v = f[i].Trim();
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

    private static int? Int(List<string> f, int i, string column, Action<string> fail)
    {
        if (Opt(f, i) is not { } t) return null;
        if (decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d <= int.MaxValue)
            return (int)d;
        fail($"{column} \"{t}\" non è un numero intero");
        return null;
    }

    private static DateOnly? Date(List<string> f, int i, string column, Action<string> fail)
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
        private int Of(string name) => index.TryGetValue(name, out var i) ? i : -1;
        public readonly int Cig = index["cig"];
        public readonly int OggettoGara = index["oggetto_gara"];
        public readonly int OggettoLotto = index["oggetto_lotto"];
        public readonly int ImportoLotto = index["importo_lotto"];
        public readonly int OggettoPrincipale = index["oggetto_principale_contratto"];
        public readonly int LuogoIstat = index["luogo_istat"];
        public readonly int TipoScelta = index["tipo_scelta_contraente"];
        public readonly int CfAmministrazione = index["cf_amministrazione_appaltante"];
        public readonly int Denominazione = index["denominazione_amministrazione_appaltante"];
        public int NumeroGara => Of("numero_gara");
        public int ImportoGara => Of("importo_complessivo_gara");
        public int ImportoSicurezza => Of("IMPORTO_SICUREZZA");
        public int Stato => Of("stato");
        public int Provincia => Of("provincia");
        public int DataPubblicazione => Of("data_pubblicazione");
        public int DataScadenza => Of("data_scadenza_offerta");
        public int CfDelegante => Of("CF_SA_DELEGANTE");
        public int DenominazioneDelegante => Of("DENOMINAZIONE_SA_DELEGANTE");
        public int Cpv => Of("cod_cpv");
        public int Esito => Of("ESITO");
        public int DataEsito => Of("DATA_COMUNICAZIONE_ESITO");
        public int Anno => Of("anno_pubblicazione");
    }

    /// <summary>
    /// Splits records off a TextReader without holding the file: quoted fields may contain ';', doubled quotes and line
    /// breaks. <see cref="RecordLine"/> is the physical line where the last record started.
    /// </summary>
    private sealed class RecordReader(TextReader reader)
    {
        private readonly char[] buffer = new char[64 * 1024];
        private int pos, len, line = 1;
        private readonly StringBuilder field = new();

        public int RecordLine { get; private set; }
        public bool Unterminated { get; private set; }

        private int Peek()
        {
            if (pos < len) return buffer[pos];
            len = reader.Read(buffer, 0, buffer.Length);
            pos = 0;
            return len == 0 ? -1 : buffer[0];
        }

        public List<string>? Next()
        {
            while (true)
            {
                var c = Peek();
                if (c == -1) return null;
                if (c is '\r' or '\n') { SkipNewline(); continue; } // blank lines carry nothing
                break;
            }
            RecordLine = line;
            var fields = new List<string>(64);
            while (true)
            {
                field.Clear();
                var c = Peek();
                if (c == '"')
                {
                    pos++;
                    while (true)
                    {
                        c = Peek();
                        if (c == -1) { Unterminated = true; fields.Add(field.ToString()); return fields; }
                        pos++;
                        if (c == '"')
                        {
                            if (Peek() == '"') { pos++; field.Append('"'); continue; }
                            break;
                        }
                        if (c == '\n') line++;
                        field.Append((char)c);
                    }
                }
                // Unquoted text, or stray characters after a closing quote (kept: the value checks see them).
                while ((c = Peek()) != -1 && c != ';' && c != '\n' && c != '\r')
                {
                    field.Append((char)c);
                    pos++;
                }
                fields.Add(field.ToString());
                if (c == ';') { pos++; continue; }
                if (c != -1) SkipNewline();
                return fields;
            }
        }

        private void SkipNewline()
        {
            if (Peek() == '\r') { pos++; if (Peek() == '\n') pos++; }
            else pos++;
            line++;
        }
    }
}
