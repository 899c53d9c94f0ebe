using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Imports ANAC's CIG CSV and L.190 data sets into a Province's register. Every import is computed first (the
/// preview: one report line per row — nuovo, aggiornato, invariato, ignorato, scartato with the reason) and then, on
/// apply, the same computation is written in one transaction: all of it or nothing. Lots are keyed by CIG, so
/// importing the same file again changes nothing; a CIG already registered by another Province is refused.
/// </summary>
public sealed class TenderImportService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser)
{
    // ---------- ANAC CIG CSV ----------

    public Task<ExchangeReport> PreviewAnacCsvAsync(Stream csv, string fileName, string sigla, CancellationToken ct = default) =>
        RunAnacCsvAsync(csv, fileName, sigla, apply: false, ct);

    public Task<ExchangeReport> ImportAnacCsvAsync(Stream csv, string fileName, string sigla, CancellationToken ct = default) =>
        RunAnacCsvAsync(csv, fileName, sigla, apply: true, ct);

    private async Task<ExchangeReport> RunAnacCsvAsync(Stream csv, string fileName, string sigla, bool apply, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        // Platform-wide scope before the first query: a context keeps the scope kind of its model (PortalDbContext.Scope).
        db.Scope = TenantScope.System with { UserId = user.UserId, UserName = user.UserName ?? user.FullName };
        var province = await ProvinceFor(db, user, sigla, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        List<AnacCigLine> lines;
        try
        {
            using var reader = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            lines = AnacCigCsv.Read(reader, fileName).ToList();
        }
        catch (AnacCsvFormatException ex) { throw new ExchangeFileException([ex.Message]); }

        var comuni = await db.Comuni.AsNoTracking().Where(c => c.ProvinceId == province.Id).Select(c => c.IstatCode).ToListAsync(ct);
        var authorities = await db.Procedures.AsNoTracking().Where(p => p.ProvinceId == province.Id && p.CommittenteCodiceFiscale != null)
            .Select(p => p.CommittenteCodiceFiscale!).Distinct().ToListAsync(ct);
        var filter = new AnacProvinceFilter(comuni.ToHashSet(), province.Name, authorities.ToHashSet());
        var existing = await ExistingLotsAsync(db, lines.Where(l => l.Row is not null).Select(l => l.Cig), ct);
        var gare = await ExistingGareAsync(db, province.Id, lines.Select(l => l.Row?.NumeroGara), ct);

        var report = new List<ExchangeRowReport>(lines.Count);
        var seen = new Dictionary<string, int>();
        var fresh = new List<AnacCigRow>();
        var changed = new List<(AnacCigRow Row, ExistingLot Lot)>();
        foreach (var line in lines)
        {
            if (line.Row is not { } row) { report.Add(new(line.Line, line.Cig, ExchangeOutcome.Scartato, line.Error)); continue; }
            if (!filter.Belongs(row)) { report.Add(new(line.Line, line.Cig, ExchangeOutcome.Ignorato, null, row.OggettoLotto)); continue; }
            var problem = CigCode.Check(row.Cig)
                          ?? (row.Cpv is { } cpv ? CpvCode.Check(cpv) : null)
                          ?? (seen.TryGetValue(row.Cig, out var first) ? $"CIG ripetuto nel file (già alla riga {first})." : null);
            if (problem is null && existing.TryGetValue(row.Cig, out var lot) && lot.ProvinceId != province.Id)
                problem = $"Il CIG {row.Cig} è già registrato sulla piattaforma per un'altra Provincia: un CIG appartiene a un solo lotto.";
            if (problem is not null) { report.Add(new(line.Line, line.Cig, ExchangeOutcome.Scartato, problem, row.OggettoLotto)); continue; }
            seen[row.Cig] = line.Line;
            if (existing.TryGetValue(row.Cig, out var mine))
            {
                var differences = Differences(mine, row);
                if (differences.Count == 0) report.Add(new(line.Line, row.Cig, ExchangeOutcome.Invariato, null, row.OggettoLotto));
                else { report.Add(new(line.Line, row.Cig, ExchangeOutcome.Aggiornato, "Cambia: " + string.Join(", ", differences) + ".", row.OggettoLotto)); changed.Add((row, mine)); }
            }
            else
            {
                var joins = row.NumeroGara is { } numero && gare.ContainsKey(numero)
                    ? $"Lotto aggiunto alla procedura già registrata con il numero gara ANAC {numero}." : null;
                report.Add(new(line.Line, row.Cig, ExchangeOutcome.Nuovo, joins, row.OggettoLotto));
                fresh.Add(row);
            }
        }

        if (apply && (fresh.Count > 0 || changed.Count > 0))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await UpdateFromCsvAsync(db, changed, ct);
            await InsertFromCsvAsync(db, province.Id, fresh, gare, ct);
            await transaction.CommitAsync(ct);
        }
        return new ExchangeReport(fileName, province.Sigla, report, apply);
    }

    private sealed record ExistingLot(int Id, int ProvinceId, int ProcedureId, string Oggetto, long ImportoCents, string? SceltaL190, DateOnly? DataPubblicazione, string? Cpv);

    /// <summary>The lots of the whole platform that carry one of these CIGs (other Provinces' ones only to refuse them).</summary>
    private static async Task<Dictionary<string, ExistingLot>> ExistingLotsAsync(PortalDbContext db, IEnumerable<string> cigs, CancellationToken ct)
    {
        var result = new Dictionary<string, ExistingLot>();
        var wanted = cigs.Distinct().ToList();
        if (wanted.Count > 5000)
        {
            // A big file: one pass over the platform's CIGs is much cheaper than hundreds of IN (…) queries.
            var set = wanted.ToHashSet();
            await foreach (var f in db.Lots.AsNoTracking().Where(l => l.Cig != null)
                .Select(l => new { l.Cig, Lot = new ExistingLot(l.Id, l.ProvinceId, l.ProcedureId, l.Oggetto, l.ImportoCents, l.Procedure!.SceltaContraenteL190, l.Procedure.DataPubblicazione, l.Procedure.Cpv) })
                .AsAsyncEnumerable().WithCancellation(ct))
                if (set.Contains(f.Cig!)) result[f.Cig!] = f.Lot;
            return result;
        }
        foreach (var chunk in wanted.Chunk(500))
        {
            var found = await db.Lots.AsNoTracking().Where(l => chunk.Contains(l.Cig!))
                .Select(l => new { l.Cig, Lot = new ExistingLot(l.Id, l.ProvinceId, l.ProcedureId, l.Oggetto, l.ImportoCents, l.Procedure!.SceltaContraenteL190, l.Procedure.DataPubblicazione, l.Procedure.Cpv) })
                .ToListAsync(ct);
            foreach (var f in found) result[f.Cig!] = f.Lot;
        }
        return result;
    }

    private sealed record ExistingGara(int ProcedureId, int LastLot);

    /// <summary>The Province's procedures already holding one of these ANAC numeri gara, with their last lot number.</summary>
    private static async Task<Dictionary<string, ExistingGara>> ExistingGareAsync(PortalDbContext db, int provinceId, IEnumerable<string?> numbers, CancellationToken ct)
    {
        var wanted = numbers.OfType<string>().ToHashSet();
        var result = new Dictionary<string, ExistingGara>();
        if (wanted.Count == 0) return result;
        var mine = db.Procedures.AsNoTracking().Where(p => p.ProvinceId == provinceId && p.NumeroGaraAnac != null);
        // A big file: one pass over the Province's gare; otherwise IN (…) by chunks.
        List<List<string>?> chunks = wanted.Count > 5000 ? [null] : wanted.Chunk(500).Select(c => (List<string>?)c.ToList()).ToList();
        foreach (var chunk in chunks)
        {
            var query = chunk is null ? mine : mine.Where(p => chunk.Contains(p.NumeroGaraAnac!));
            await foreach (var g in query.Select(p => new { p.NumeroGaraAnac, p.Id, Last = p.Lots.Max(l => (int?)l.Numero) ?? 0 }).AsAsyncEnumerable().WithCancellation(ct))
                if (wanted.Contains(g.NumeroGaraAnac!)) result.TryAdd(g.NumeroGaraAnac!, new ExistingGara(g.Id, g.Last));
        }
        return result;
    }

    private static List<string> Differences(ExistingLot lot, AnacCigRow row)
    {
        var d = new List<string>();
        if (lot.Oggetto != Cut(row.OggettoLotto, 1000)) d.Add("oggetto del lotto");
        if (lot.ImportoCents != row.ImportoLottoCents) d.Add("importo del lotto");
        if (lot.SceltaL190 != row.SceltaContraenteL190) d.Add("scelta del contraente");
        if (lot.DataPubblicazione != row.DataPubblicazione) d.Add("data di pubblicazione");
        if (row.Cpv is not null && lot.Cpv != row.Cpv) d.Add("CPV");
        return d;
    }

    /// <summary>The few lots that change go through the change tracker, so the audit trail records each field.</summary>
    private static async Task UpdateFromCsvAsync(PortalDbContext db, List<(AnacCigRow Row, ExistingLot Lot)> changed, CancellationToken ct)
    {
        if (changed.Count == 0) return;
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        foreach (var chunk in changed.Chunk(500))
        {
            var ids = chunk.Select(c => c.Lot.Id).ToList();
            var lots = await db.Lots.Include(l => l.Procedure).Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
            foreach (var (row, old) in chunk)
            {
                var lot = lots[old.Id];
                lot.Oggetto = Cut(row.OggettoLotto, 1000);
                lot.ImportoCents = row.ImportoLottoCents;
                lot.RowVersion++;
                var p = lot.Procedure!;
                p.SceltaContraenteL190 = row.SceltaContraenteL190;
                p.SceltaContraente = ProcedureTypeMap.PcpFromL190(row.SceltaContraenteL190) ?? p.SceltaContraente;
                p.DataPubblicazione = row.DataPubblicazione;
                if (row.Cpv is not null) p.Cpv = row.Cpv;
                p.UpdatedAtUtc = DateTime.UtcNow;
                p.RowVersion++;
            }
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.AutoDetectChangesEnabled = false;
    }

    /// <summary>
    /// New rows become procedures (one per ANAC "numero gara", with its lots numbered in file order; lots of a gara
    /// registered by an earlier file join that procedure) written as plain INSERTs on the import's transaction with keys
    /// reserved up front: 100,000 tracked entities with a per-record audit take minutes. The audit trail gets one summary
    /// entry per entity with the counts, in the same transaction.
    /// </summary>
    private static async Task InsertFromCsvAsync(PortalDbContext db, int provinceId, List<AnacCigRow> rows, Dictionary<string, ExistingGara> gare, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var now = DateTime.UtcNow;
        var groups = rows.GroupBy(r => r.NumeroGara ?? "CIG:" + r.Cig).ToList();
        var keys = await BulkRows.ReserveKeysAsync(db, typeof(Procedure), groups.Count(g => !gare.ContainsKey(g.Key)), ct);
        await using var procedures = BulkRows.Create(db, typeof(Procedure),
        [
            nameof(Procedure.Id), nameof(Procedure.ProvinceId), nameof(Procedure.CommittenteCodiceFiscale), nameof(Procedure.Oggetto), nameof(Procedure.Tipo),
            nameof(Procedure.SceltaContraente), nameof(Procedure.SceltaContraenteL190), nameof(Procedure.Esito), nameof(Procedure.Cpv),
            nameof(Procedure.NumeroGaraAnac), nameof(Procedure.ImportoBaseCents), nameof(Procedure.OneriSicurezzaCents), nameof(Procedure.Phase),
            nameof(Procedure.DataPubblicazione), nameof(Procedure.DataAggiudicazione), nameof(Procedure.Anno), nameof(Procedure.Note),
            nameof(Procedure.RowVersion), nameof(Procedure.CreatedAtUtc), nameof(Procedure.UpdatedAtUtc),
        ]);
        await using var lots = BulkRows.Create(db, typeof(Lot),
        [
            nameof(Lot.ProvinceId), nameof(Lot.ProcedureId), nameof(Lot.Numero), nameof(Lot.Cig), nameof(Lot.Oggetto), nameof(Lot.ImportoCents),
            nameof(Lot.StatoLotto), nameof(Lot.RowVersion),
        ]);
        var procedureCount = 0;
        foreach (var gara in groups)
        {
            var head = gara.First();
            var awarded = string.Equals(head.Esito, "AGGIUDICATA", StringComparison.OrdinalIgnoreCase);
            int id, numero;
            if (gare.TryGetValue(gara.Key, out var known)) (id, numero) = (known.ProcedureId, known.LastLot);
            else
            {
                id = keys[procedureCount++];
                numero = 0;
                var importo = head.ImportoComplessivoGaraCents ?? gara.Sum(r => r.ImportoLottoCents);
                await procedures.WriteAsync(ct,
                    id, provinceId, head.CfSaDelegante ?? head.CfAmministrazione, Cut(head.OggettoGara, 1000), (int)TipoOf(head.OggettoPrincipale),
                    ProcedureTypeMap.PcpFromL190(head.SceltaContraenteL190) ?? "", head.SceltaContraenteL190, awarded ? "selec-w" : null, head.Cpv,
                    head.NumeroGara is { } n ? Cut(n, 20) : null, importo, head.ImportoSicurezzaCents ?? 0,
                    (int)(awarded ? TenderPhase.Affidamento : TenderPhase.Pubblicazione), head.DataPubblicazione,
                    awarded ? head.DataComunicazioneEsito : null, head.DataPubblicazione?.Year ?? head.AnnoPubblicazione ?? now.Year,
                    Cut($"Importata dagli open data ANAC (CSV dei CIG), numero gara {head.NumeroGara ?? "non indicato"}; stazione appaltante {head.DenominazioneAmministrazione}.", 4000),
                    0, now, now);
            }
            foreach (var row in gara)
                await lots.WriteAsync(ct, provinceId, id, ++numero, row.Cig, Cut(row.OggettoLotto, 1000), row.ImportoLottoCents, awarded ? "AGG" : null, 0);
        }
        if (procedureCount > 0) db.AuditEntries.Add(Summary(db, provinceId, nameof(Procedure), procedureCount, now));
        db.AuditEntries.Add(Summary(db, provinceId, nameof(Lot), rows.Count, now));
        await db.SaveChangesAsync(ct);
    }

    private static AuditEntry Summary(PortalDbContext db, int provinceId, string entity, int count, DateTime now) => new()
    {
        AtUtc = now, UserId = db.Scope.UserId, UserName = Cut(db.Scope.UserName ?? "sistema", 256), ProvinceId = provinceId,
        Entity = entity, EntityKey = AuditEntry.SummaryKey, Action = AuditAction.Inserimento, RecordCount = count,
    };

    private static ContractType TipoOf(string oggettoPrincipale) => oggettoPrincipale switch
    {
        "LAVORI" => ContractType.Lavori,
        "FORNITURE" => ContractType.Forniture,
        _ => ContractType.Servizi,
    };

    // ---------- L.190 ----------

    public Task<ExchangeReport> PreviewL190Async(Stream xml, string fileName, string sigla, CancellationToken ct = default) =>
        RunL190Async(xml, fileName, sigla, apply: false, ct);

    public Task<ExchangeReport> ImportL190Async(Stream xml, string fileName, string sigla, CancellationToken ct = default) =>
        RunL190Async(xml, fileName, sigla, apply: true, ct);

    private async Task<ExchangeReport> RunL190Async(Stream xml, string fileName, string sigla, bool apply, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        // Platform-wide scope before the first query: a context keeps the scope kind of its model (PortalDbContext.Scope).
        db.Scope = TenantScope.System with { UserId = user.UserId, UserName = user.UserName ?? user.FullName };
        var province = await ProvinceFor(db, user, sigla, ct);

        L190Dataset data;
        try { data = L190Reader.Read(xml, fileName); }
        catch (L190FormatException ex) { throw new ExchangeFileException(ex.Errors); }

        var existingCigs = await ExistingLotsAsync(db, data.Lots.Select(l => l.Cig), ct);
        var ids = existingCigs.Values.Where(l => l.ProvinceId == province.Id).Select(l => l.Id).ToList();
        var mine = await db.Lots.Include(l => l.Procedure).Include(l => l.Participations).ThenInclude(p => p.Members).ThenInclude(m => m.Operator)
            .Where(l => ids.Contains(l.Id)).AsSplitQuery().ToDictionaryAsync(l => l.Cig!, ct);

        var report = new List<ExchangeRowReport>();
        var seen = new Dictionary<string, int>();
        var fresh = new List<L190Lot>();
        var changed = new List<(L190Lot Data, Lot Lot)>();
        foreach (var lot in data.Lots)
        {
            var problem = CigCode.Check(lot.Cig)
                          ?? Prefixed("codice fiscale della struttura proponente", CodiceFiscale.Check(lot.CodiceFiscaleProp))
                          ?? OperatorProblem(lot)
                          ?? (seen.TryGetValue(lot.Cig, out var first) ? $"CIG ripetuto nel file (già alla riga {first})." : null);
            if (problem is null && existingCigs.TryGetValue(lot.Cig, out var other) && other.ProvinceId != province.Id)
                problem = $"Il CIG {lot.Cig} è già registrato sulla piattaforma per un'altra Provincia: un CIG appartiene a un solo lotto.";
            if (problem is not null) { report.Add(new(lot.Line, lot.Cig, ExchangeOutcome.Scartato, problem, lot.Oggetto)); continue; }
            seen[lot.Cig] = lot.Line;
            if (mine.TryGetValue(lot.Cig, out var current))
            {
                var differences = L190Mapping.Differences(current, lot);
                if (differences.Count == 0) report.Add(new(lot.Line, lot.Cig, ExchangeOutcome.Invariato, null, lot.Oggetto));
                else { report.Add(new(lot.Line, lot.Cig, ExchangeOutcome.Aggiornato, "Cambia: " + string.Join(", ", differences) + ".", lot.Oggetto)); changed.Add((lot, current)); }
            }
            else { report.Add(new(lot.Line, lot.Cig, ExchangeOutcome.Nuovo, L190Mapping.GuessTipo(lot.Oggetto).Explanation, lot.Oggetto)); fresh.Add(lot); }
        }

        if (apply && (fresh.Count > 0 || changed.Count > 0))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var operators = new L190Mapping.OperatorDirectory(db, province.Id);
            await operators.LoadAsync(ct);
            var now = DateTime.UtcNow;
            foreach (var (lotData, lot) in changed) L190Mapping.Update(db, lot, lotData, operators, now);
            foreach (var lotData in fresh) db.Procedures.Add(L190Mapping.NewProcedure(province.Id, lotData, data.Metadata, fileName, operators, now));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return new ExchangeReport(fileName, province.Sigla, report, apply);
    }

    private static string? Prefixed(string what, string? problem) => problem is null ? null : $"{what}: {problem}";

    private static string? OperatorProblem(L190Lot lot)
    {
        foreach (var member in lot.Partecipanti.Concat(lot.Aggiudicatari).SelectMany(p => p.Members))
            if (member.Operator.CodiceFiscale is { } cf && CodiceFiscale.Check(cf) is { } problem)
                return $"codice fiscale di «{member.Operator.RagioneSociale}»: {problem}";
        return null;
    }

    // ---------- Shared ----------

    /// <summary>The Provinces the user may exchange data for: their own; every active one for a platform administrator.</summary>
    public async Task<IReadOnlyList<ExchangeProvince>> ListProvincesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Tenders) || !TenderService.CanWrite(user)) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var provinces = db.Provinces.AsNoTracking().Where(p => p.SuppressedOn == null);
        if (!user.IsPlatformAdmin) provinces = provinces.Where(p => p.Id == user.ProvinceId);
        return await provinces.OrderBy(p => p.Name).Select(p => new ExchangeProvince(p.Sigla, p.Name)).ToListAsync(ct);
    }

    /// <summary>The Province named by its sigla, if the user may import into it (platform administrators: any).</summary>
    internal static async Task<Province> ProvinceFor(PortalDbContext db, PortalPrincipal user, string sigla, CancellationToken ct)
    {
        if (!user.Satisfies(Policies.Tenders) || !TenderService.CanWrite(user)) throw new TenderNotFoundException();
        var code = (sigla ?? "").Trim().ToUpperInvariant();
        var province = await db.Provinces.AsNoTracking().Where(p => p.Sigla == code && p.SuppressedOn == null).FirstOrDefaultAsync(ct)
                       ?? throw new ExchangeRequestException($"Provincia con sigla «{sigla}» non trovata.");
        if (!user.IsPlatformAdmin && user.ProvinceId != province.Id)
            throw new ExchangeRequestException($"Provincia con sigla «{sigla}» non trovata.");
        return province;
    }

    internal static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
