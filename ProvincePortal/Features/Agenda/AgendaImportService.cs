using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Agenda;

/// <summary>A file that cannot be read at all (missing column, broken row of a publisher's file); the message names file and line.</summary>
public sealed class AgendaFileException(string message) : Exception(message);

public sealed record UnmatchedCode(string Code, string ComuneInFile, int Rows);

public sealed record MeasureOutcome(string Key, string Label, string? IndicatorCode, int Done, int InProgress, int Renounced, int NotApplied);

public sealed record Pad26ImportReport(string FileName, bool Applied, DateOnly MeasuredOn, int Rows, int ComuniRows, int OtherEntiRows,
    IReadOnlyList<MeasureOutcome> Measures, IReadOnlyList<UnmatchedCode> UnmatchedCodes, IReadOnlyList<string> MeasuresWithoutIndicator,
    int Added, int Unchanged)
{
    public string SummaryLine =>
        $"{Rows:N0} righe ({ComuniRows:N0} di Comuni, {OtherEntiRows:N0} di altri enti); misure: {string.Join(", ", Measures.Select(m => m.Key))}; " +
        $"data dei dati {MeasuredOn:dd/MM/yyyy}; valori nuovi {Added:N0}, invariati {Unchanged:N0}; codici senza Comune {UnmatchedCodes.Count} ({UnmatchedCodes.Sum(u => u.Rows)} righe)";
}

public sealed record CsvRowError(int Line, string Field, string Message);

public sealed record CsvImportReport(string FileName, bool Applied, int Rows, int Added, int Unchanged, IReadOnlyList<CsvRowError> Errors)
{
    public string SummaryLine => Errors.Count > 0
        ? $"{Rows:N0} righe, {Errors.Count:N0} errori: nulla importato"
        : $"{Rows:N0} righe; valori nuovi {Added:N0}, invariati {Unchanged:N0}";
}

/// <summary>
/// Loads measurements: PA digitale 2026 "candidature" files (any measure, one or many per file) and the generic
/// `cod_comune;indicatore;valore;data` CSV. An import never changes or removes a stored value; a value equal to the
/// latest one stored is counted as unchanged and not written again. Everything is written in one transaction or not at all.
/// </summary>
public sealed class AgendaImportService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser)
{
    private static readonly string[] Pad26Columns = ["cod_comune", "comune", "tipologia_ente", "avviso", "stato_candidatura", "data_stato_candidatura", "misura"];

    public async Task<Pad26ImportReport> ImportPad26Async(Stream file, string fileName, bool apply, CancellationToken ct = default, DateOnly? measuredOn = null)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsPlatformAdmin)
            throw new UnauthorizedAccessException("Solo gli amministratori di piattaforma importano i dati nazionali di PA digitale 2026.");
        return await ImportPad26AsAsync(file, fileName, apply, user.UserName ?? user.FullName, measuredOn, ct);
    }

    /// <summary>The import itself, for callers that already decided who acts (the demo data at the first start).</summary>
    internal async Task<Pad26ImportReport> ImportPad26AsAsync(Stream file, string fileName, bool apply, string importedBy, DateOnly? measuredOn, CancellationToken ct)
    {
        var (text, sha) = await ReadTextAsync(file, ct);
        var records = SemicolonCsv.Read(text, ',').ToList();
        if (records.Count == 0) throw new AgendaFileException("file vuoto.");
        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var missing = Pad26Columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new AgendaFileException($"non è un file «candidature» di PA digitale 2026: mancano le colonne {string.Join(", ", missing)} (riga 1).");
        int Col(string name) => header.IndexOf(name);
        int cCode = Col("cod_comune"), cName = Col("comune"), cType = Col("tipologia_ente"), cNotice = Col("avviso"),
            cState = Col("stato_candidatura"), cDate = Col("data_stato_candidatura"), cMeasure = Col("misura");
        // Optional: without amounts the states are still imported, B2 and B3 are left as they are.
        var cAmount = Col("importo_finanziamento");

        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var framework = await CurrentFrameworkAsync(db, ct);
        var comuni = await db.Comuni.AsNoTracking().Where(c => c.SuppressedOn == null).Select(c => new { c.Id, c.IstatCode, c.Population }).ToListAsync(ct);
        var byCode = comuni.ToDictionary(c => c.IstatCode, c => c.Id);

        var states = new Dictionary<(string Measure, int ComuneId), List<char>>();
        var amounts = new Dictionary<(string Measure, int ComuneId), (long Assigned, long Paid)>();
        var unmatched = new Dictionary<string, (string Name, int Rows)>();
        var measuresSeen = new SortedSet<string>(StringComparer.Ordinal);
        var unknownMeasures = new SortedSet<string>(StringComparer.Ordinal);
        int rows = 0, comuniRows = 0, otherRows = 0;
        var latestDate = DateOnly.MinValue;
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0) continue;
            rows++;
            if (record.UnterminatedQuote) throw new AgendaFileException($"riga {record.Line}: virgolette non chiuse.");
            if (record.Fields.Count != header.Count)
                throw new AgendaFileException($"riga {record.Line}: attese {header.Count} colonne, trovate {record.Fields.Count}.");
            string F(int i) => record.Fields[i].Trim();
            var state = F(cState).ToUpperInvariant();
            if (state is not ("A" or "R" or "E"))
                throw new AgendaFileException($"riga {record.Line}, stato_candidatura: valore «{F(cState)}» non previsto (attesi A, R, E).");
            if (F(cDate).Length > 0)
            {
                if (!DateOnly.TryParseExact(F(cDate)[..Math.Min(10, F(cDate).Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw new AgendaFileException($"riga {record.Line}, data_stato_candidatura: «{F(cDate)}» non è una data AAAA-MM-GG.");
                if (date > latestDate) latestDate = date;
            }
            if (!F(cType).Equals("Comuni", StringComparison.OrdinalIgnoreCase)) { otherRows++; continue; }
            comuniRows++;
            var measure = Pad26Measures.Classify(F(cMeasure), F(cNotice));
            if (measure is null) { unknownMeasures.Add($"{F(cMeasure)} / {F(cNotice)}"); continue; }
            measuresSeen.Add(measure);
            if (!byCode.TryGetValue(F(cCode), out var comuneId))
            {
                var seen = unmatched.GetValueOrDefault(F(cCode), (F(cName), 0));
                unmatched[F(cCode)] = (seen.Item1, seen.Item2 + 1);
                continue;
            }
            if (!states.TryGetValue((measure, comuneId), out var list)) states[(measure, comuneId)] = list = [];
            list.Add(state[0]);
            if (cAmount >= 0)
            {
                var cents = 0L;
                // Renounced rows keep the amount once asked for: only A and E count, so only they must hold a number.
                if (state is "A" or "E" && !TryParseAmountCents(F(cAmount), out cents))
                    throw new AgendaFileException($"riga {record.Line}, importo_finanziamento: «{F(cAmount)}» non è un importo (es. 12345.67).");
                var (assigned, paid) = amounts.GetValueOrDefault((measure, comuneId));
                amounts[(measure, comuneId)] = (assigned + cents, paid + (state == "E" ? cents : 0));
            }
        }
        if (unknownMeasures.Count > 0)
            throw new AgendaFileException($"misura non riconosciuta: {string.Join("; ", unknownMeasures.Take(5))}. Misure previste: {string.Join(", ", Pad26Measures.All.Select(m => m.Key))}.");
        if (latestDate == DateOnly.MinValue && measuredOn is null)
            throw new AgendaFileException("nessuna data_stato_candidatura nel file: impossibile datare i valori.");
        var date0 = measuredOn ?? latestDate;

        var indicators = framework.Indicators;
        var byMeasure = indicators.Where(i => i.Pad26Measure is not null && Pad26Measures.IsKnown(i.Pad26Measure)).ToLookup(i => i.Pad26Measure!);
        var outcomes = new List<MeasureOutcome>();
        var newValues = new List<(int IndicatorId, int ComuneId, double Value, MeasureStatus? Status)>();
        var statusByIndicator = new Dictionary<int, Dictionary<int, MeasureStatus>>();
        foreach (var measure in measuresSeen)
        {
            var perComune = comuni.ToDictionary(c => c.Id, c => states.TryGetValue((measure, c.Id), out var l) ? Pad26Measures.StatusOf(l) : MeasureStatus.NotApplied);
            var label = Pad26Measures.All.First(m => m.Key == measure).Label;
            var targets = byMeasure[measure].ToList();
            outcomes.Add(new MeasureOutcome(measure, label, targets.Count > 0 ? string.Join(", ", targets.Select(t => t.Code)) : null,
                perComune.Values.Count(s => s == MeasureStatus.Done), perComune.Values.Count(s => s == MeasureStatus.InProgress),
                perComune.Values.Count(s => s == MeasureStatus.Renounced), perComune.Values.Count(s => s == MeasureStatus.NotApplied)));
            foreach (var indicator in targets)
            {
                statusByIndicator[indicator.Id] = perComune;
                newValues.AddRange(perComune.Select(p => (indicator.Id, p.Key, Pad26Measures.ValueOf(p.Value), (MeasureStatus?)p.Value)));
            }
        }
        var withoutIndicator = measuresSeen.Where(m => !byMeasure[m].Any()).ToList();
        if (cAmount >= 0 && measuresSeen.Count > 0)
            newValues.AddRange(await AmountValuesAsync(db, indicators, measuresSeen, amounts, comuni.Select(c => (c.Id, c.Population)).ToList(), ct));

        // The renounced-measures count (B4) looks at every measure of the framework: this file's states, else the stored ones.
        var measureIndicatorIds = indicators.Where(i => Pad26Measures.IsKnown(i.Pad26Measure)).Select(i => i.Id).ToList();
        var countIndicators = indicators.Where(i => i.Pad26Measure == Pad26Measures.RenouncedCount).ToList();
        var touched = newValues.Select(v => v.IndicatorId).Distinct().ToList();
        var latest = await AgendaData.LatestAsync(db, touched.Concat(countIndicators.Select(i => i.Id)).Concat(measureIndicatorIds).Distinct().ToList(), null, null, ct);
        if (countIndicators.Count > 0 && statusByIndicator.Count > 0)
            foreach (var comune in comuni)
            {
                var renounced = measureIndicatorIds.Count(id => (statusByIndicator.TryGetValue(id, out var s) ? s[comune.Id]
                    : latest.TryGetValue((id, comune.Id), out var v) ? v.Status : null) == MeasureStatus.Renounced);
                foreach (var count in countIndicators) newValues.Add((count.Id, comune.Id, renounced, null));
            }

        var toWrite = newValues.Where(v => !(latest.TryGetValue((v.IndicatorId, v.ComuneId), out var old) && old.Value == v.Value && old.Status == v.Status)).ToList();
        var unmatchedList = unmatched.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new UnmatchedCode(u.Key, u.Value.Name, u.Value.Rows)).ToList();
        if (apply)
        {
            var batch = new AgendaImportBatch
            {
                FrameworkId = framework.Id, Kind = "PA digitale 2026", FileName = fileName, Sha256 = sha, ImportedAtUtc = DateTime.UtcNow,
                ImportedBy = importedBy, Rows = rows, Added = toWrite.Count, Unchanged = newValues.Count - toWrite.Count,
                UnmatchedCodes = Truncate(string.Join("; ", unmatchedList.Select(u => $"{u.Code} {u.ComuneInFile} ×{u.Rows}")), 8000),
            };
            var amountRows = amounts.Select(a => new AgendaPad26Amount
            {
                Measure = a.Key.Measure, ComuneId = a.Key.ComuneId, AssignedCents = a.Value.Assigned, PaidCents = a.Value.Paid,
            }).ToList();
            await WriteAsync(db, batch, toWrite.Select(v => (v.IndicatorId, v.ComuneId, v.Value, v.Status, date0)), ct, amountRows);
        }
        return new Pad26ImportReport(fileName, apply, date0, rows, comuniRows, otherRows, outcomes, unmatchedList, withoutIndicator,
            toWrite.Count, newValues.Count - toWrite.Count);
    }

    /// <summary>
    /// `cod_comune;indicatore;valore;data`: every row is checked first; one wrong row and nothing is written, with the
    /// list of all wrong rows. A Province's users load values only for the Comuni of their Province.
    /// </summary>
    public async Task<CsvImportReport> ImportCsvAsync(Stream file, string fileName, bool apply, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator))
            throw new UnauthorizedAccessException("Importazione riservata ad amministratori e Centro di Competenza.");
        var (text, sha) = await ReadTextAsync(file, ct);
        var records = SemicolonCsv.Read(text).ToList();
        if (records.Count == 0) throw new AgendaFileException("file vuoto.");
        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        string[] expected = ["cod_comune", "indicatore", "valore", "data"];
        if (!header.SequenceEqual(expected))
            throw new AgendaFileException($"riga 1: intestazione attesa «{string.Join(";", expected)}», trovata «{string.Join(";", header)}».");

        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var framework = await CurrentFrameworkAsync(db, ct);
        var indicators = framework.Indicators.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        var comuniQuery = db.Comuni.AsNoTracking().Where(c => c.SuppressedOn == null);
        if (!user.IsPlatformAdmin) comuniQuery = comuniQuery.Where(c => c.ProvinceId == (user.ProvinceId ?? -1));
        var byCode = await comuniQuery.ToDictionaryAsync(c => c.IstatCode, c => c.Id, ct);

        var errors = new List<CsvRowError>();
        var values = new List<(int IndicatorId, int ComuneId, double Value, MeasureStatus? Status, DateOnly Date)>();
        var seen = new Dictionary<(int, int, DateOnly), int>();
        var rows = 0;
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(f => f.Trim().Length == 0)) continue;
            rows++;
            var line = record.Line;
            if (record.Fields.Count != 4) { errors.Add(new(line, "riga", $"attese 4 colonne separate da «;», trovate {record.Fields.Count}.")); continue; }
            var code = record.Fields[0].Trim();
            var indicatorCode = record.Fields[1].Trim();
            var valueText = record.Fields[2].Trim();
            var dateText = record.Fields[3].Trim();
            var ok = true;
            if (!byCode.TryGetValue(code, out var comuneId))
            {
                errors.Add(new(line, "cod_comune", user.IsPlatformAdmin
                    ? $"codice ISTAT «{code}» sconosciuto."
                    : $"codice ISTAT «{code}» sconosciuto o di un Comune di un'altra Provincia."));
                ok = false;
            }
            if (!indicators.TryGetValue(indicatorCode, out var indicator))
            {
                errors.Add(new(line, "indicatore", $"indicatore «{indicatorCode}» non presente nella versione {framework.Period} del quadro."));
                ok = false;
            }
            if (!TryParseNumber(valueText, out var value))
            {
                errors.Add(new(line, "valore", $"«{valueText}» non è un numero (es. 12,5)."));
                ok = false;
            }
            if (!DateOnly.TryParseExact(dateText, ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(new(line, "data", $"«{dateText}» non è una data (GG/MM/AAAA o AAAA-MM-GG)."));
                ok = false;
            }
            if (!ok) continue;
            if (seen.TryGetValue((indicator!.Id, comuneId, date), out var firstLine))
            {
                errors.Add(new(line, "riga", $"stesso Comune, indicatore e data della riga {firstLine}."));
                continue;
            }
            seen[(indicator.Id, comuneId, date)] = line;
            values.Add((indicator.Id, comuneId, value, null, date));
        }
        if (errors.Count > 0) return new CsvImportReport(fileName, false, rows, 0, 0, errors);

        // Unchanged: the very same value already stored for that Comune, indicator and date.
        var ids = values.Select(v => v.IndicatorId).Distinct().ToList();
        var comuneIds = values.Select(v => v.ComuneId).Distinct().ToList();
        var stored = (await db.AgendaMeasurements.AsNoTracking().Where(m => ids.Contains(m.IndicatorId) && comuneIds.Contains(m.ComuneId))
            .Select(m => new { m.IndicatorId, m.ComuneId, m.MeasuredOn, m.Value }).ToListAsync(ct))
            .Select(m => (m.IndicatorId, m.ComuneId, m.MeasuredOn, m.Value)).ToHashSet();
        var toWrite = values.Where(v => !stored.Contains((v.IndicatorId, v.ComuneId, v.Date, v.Value))).ToList();
        if (apply)
        {
            var batch = new AgendaImportBatch
            {
                FrameworkId = framework.Id, Kind = "CSV", FileName = fileName, Sha256 = sha, ImportedAtUtc = DateTime.UtcNow,
                ImportedBy = user.UserName ?? user.FullName, ProvinceId = user.IsPlatformAdmin ? null : user.ProvinceId,
                Rows = rows, Added = toWrite.Count, Unchanged = values.Count - toWrite.Count,
            };
            await WriteAsync(db, batch, toWrite, ct);
        }
        return new CsvImportReport(fileName, apply, rows, toWrite.Count, values.Count - toWrite.Count, []);
    }

    /// <summary>
    /// B2 (€ paid / € assigned, %) and B3 (€ assigned per inhabitant) of every Comune over all measures: this file's amounts
    /// for the measures it holds, the latest stored ones for the others. No value where it cannot be computed (nothing
    /// assigned for B2, no population for B3): missing is never 0.
    /// </summary>
    private static async Task<List<(int IndicatorId, int ComuneId, double Value, MeasureStatus? Status)>> AmountValuesAsync(PortalDbContext db,
        IReadOnlyList<AgendaIndicator> indicators, IReadOnlyCollection<string> measuresInFile, Dictionary<(string Measure, int ComuneId), (long Assigned, long Paid)> amounts,
        IReadOnlyList<(int Id, int? Population)> comuni, CancellationToken ct)
    {
        var paidShare = indicators.Where(i => i.Pad26Measure == Pad26Measures.PaidShare).ToList();
        var perCapita = indicators.Where(i => i.Pad26Measure == Pad26Measures.AssignedPerCapita).ToList();
        var result = new List<(int, int, double, MeasureStatus?)>();
        if (paidShare.Count == 0 && perCapita.Count == 0) return result;

        var totals = new Dictionary<int, (long Assigned, long Paid)>();
        void Add(int comuneId, long assigned, long paid)
        {
            var t = totals.GetValueOrDefault(comuneId);
            totals[comuneId] = (t.Assigned + assigned, t.Paid + paid);
        }
        foreach (var ((_, comuneId), (assigned, paid)) in amounts) Add(comuneId, assigned, paid);
        var inFile = measuresInFile.ToList();
        var latestBatches = await db.AgendaPad26Amounts.AsNoTracking().Where(a => !inFile.Contains(a.Measure))
            .GroupBy(a => a.Measure).Select(g => new { Measure = g.Key, BatchId = g.Max(a => a.BatchId) }).ToListAsync(ct);
        foreach (var latest in latestBatches)
        {
            await foreach (var a in db.AgendaPad26Amounts.AsNoTracking().Where(a => a.Measure == latest.Measure && a.BatchId == latest.BatchId)
                               .Select(a => new { a.ComuneId, a.AssignedCents, a.PaidCents }).AsAsyncEnumerable().WithCancellation(ct))
                Add(a.ComuneId, a.AssignedCents, a.PaidCents);
        }

        foreach (var (comuneId, population) in comuni)
        {
            var (assigned, paid) = totals.GetValueOrDefault(comuneId);
            if (assigned > 0)
                foreach (var i in paidShare) result.Add((i.Id, comuneId, Math.Round(100.0 * paid / assigned, 2), null));
            if (population is > 0)
                foreach (var i in perCapita) result.Add((i.Id, comuneId, Math.Round(assigned / 100.0 / population.Value, 2), null));
        }
        return result;
    }

    /// <summary>The publisher writes amounts with a decimal point ("2373876.0"); stored as cents.</summary>
    private static bool TryParseAmountCents(string text, out long cents)
    {
        cents = 0;
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) || euros > 1_000_000_000_000m) return false;
        cents = (long)Math.Round(euros * 100m, MidpointRounding.AwayFromZero);
        return true;
    }

    private static async Task WriteAsync(PortalDbContext db, AgendaImportBatch batch,
        IEnumerable<(int IndicatorId, int ComuneId, double Value, MeasureStatus? Status, DateOnly Date)> values, CancellationToken ct,
        IReadOnlyList<AgendaPad26Amount>? amounts = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.AgendaImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.AgendaMeasurements.AddRange(values.Select(v => new AgendaMeasurement
        {
            IndicatorId = v.IndicatorId, ComuneId = v.ComuneId, Value = v.Value, Status = v.Status, MeasuredOn = v.Date, BatchId = batch.Id,
        }));
        foreach (var a in amounts ?? []) a.BatchId = batch.Id;
        db.AgendaPad26Amounts.AddRange(amounts ?? []);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<AgendaFramework> CurrentFrameworkAsync(PortalDbContext db, CancellationToken ct)
    {
        // A database prepared only by the command line (verbs never seed) still gets the default framework to import into.
        await DefaultFramework.EnsureAsync(db, ct);
        return await db.AgendaFrameworks.AsNoTracking().Include(f => f.Indicators).FirstOrDefaultAsync(f => f.IsCurrent, ct)
               ?? throw new AgendaFileException("nessuna versione corrente del quadro degli indicatori.");
    }

    private static async Task<(string Text, string Sha)> ReadTextAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new AgendaFileException("il file non è in UTF-8."); }
        return (text.TrimStart('\uFEFF'), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>"12,5", "1.234,5" (Italian) or "12.5": a value with a comma is read the Italian way.</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        var t = text.Replace(" ", "");
        if (t.Contains(',')) t = t.Replace(".", "").Replace(',', '.');
        return double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
               && double.IsFinite(value);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
