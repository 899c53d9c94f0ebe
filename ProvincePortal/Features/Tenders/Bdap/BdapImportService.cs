using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Tenders.Exchange;

namespace ProvincePortal.Features.Tenders.Bdap;

public enum BdapOutcome { Nuovo, Aggiornato, Invariato }

/// <summary>What the import does (preview) or did with one record: a project, an award (CUP+CIG), a year of payments.</summary>
public sealed record BdapRecordReport(int Line, string Record, string Cup, string? Detail, BdapOutcome Outcome, string Sigla, string? Message = null)
{
    public string OutcomeLabel => Outcome switch { BdapOutcome.Nuovo => "nuovo", BdapOutcome.Aggiornato => "aggiornato", _ => "invariato" };
}

public sealed record BdapImportReport(
    string FileName, BdapFileType Type, string Encoding, string Sigla, int DataRows,
    IReadOnlyList<BdapRowError> Errors, IReadOnlyList<BdapRecordReport> Records,
    IReadOnlyList<string> UnmatchedCups, IReadOnlyList<string> UnmatchedCigs, bool Applied)
{
    public int Count(BdapOutcome outcome) => Records.Count(r => r.Outcome == outcome);
    public bool CanApply => Errors.Count == 0 && Records.Any(r => r.Outcome != BdapOutcome.Invariato);

    /// <summary>The last line the command line prints (scripts read it).</summary>
    public string SummaryLine =>
        $"nuovi: {Count(BdapOutcome.Nuovo)}, aggiornati: {Count(BdapOutcome.Aggiornato)}, invariati: {Count(BdapOutcome.Invariato)}, " +
        $"CUP senza procedura: {UnmatchedCups.Count}, CIG senza lotto: {UnmatchedCigs.Count}, errori: {Errors.Count}";
}

/// <summary>
/// Imports the BDAP-MOP and OpenCUP open data of the projects behind the procedures. A file is read whole first: any
/// malformed row (with its line and field) stops it, and nothing is written. Otherwise the records are matched to the
/// register — a procedure with the CUP, or a lot with one of the CIGs — and written per CUP: projects, awards once per
/// CUP+CIG (MOP repeats the row per winner), payments per CUP and year (rows of the same year summed). The same file
/// again changes nothing. A record belongs to the Province whose procedures it matches (a platform administrator's
/// import may so reach several Provinces; a Province's user only matches their own), else to the importing Province;
/// CUPs and CIGs that match nothing are listed and stored anyway, and link when the procedure is entered.
/// </summary>
public sealed class BdapImportService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, TimeProvider clock)
{
    public Task<BdapImportReport> PreviewAsync(Stream file, string fileName, string sigla, BdapFileType? type = null, CancellationToken ct = default) =>
        RunAsync(file, fileName, sigla, type, apply: false, ct);

    public Task<BdapImportReport> ImportAsync(Stream file, string fileName, string sigla, BdapFileType? type = null, CancellationToken ct = default) =>
        RunAsync(file, fileName, sigla, type, apply: true, ct);

    private async Task<BdapImportReport> RunAsync(Stream stream, string fileName, string sigla, BdapFileType? type, bool apply, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        // Platform-wide scope before the first query: a context keeps the scope kind of its model (PortalDbContext.Scope).
        db.Scope = TenderScopeFor(user);
        var province = await TenderImportService.ProvinceFor(db, user, sigla, ct);

        var file = BdapFileReader.Read(stream, fileName, type);
        var errors = file.Errors.ToList();
        var firstLine = new Dictionary<string, int>();
        foreach (var p in file.Projects)
            if (!firstLine.TryAdd(p.Cup, p.Line)) errors.Add(new BdapRowError(p.Line, null, "CUP", $"CUP {p.Cup} ripetuto nel file (già alla riga {firstLine[p.Cup]})."));
        if (errors.Count > 0)
            return new BdapImportReport(fileName, file.Type, file.Encoding, province.Sigla, file.DataRows, errors.OrderBy(e => e.Line).ToList(), [], [], [], false);

        var cups = file.Projects.Select(p => p.Cup).Concat(file.Awards.Select(a => a.Cup)).Concat(file.Payments.Select(p => p.Cup))
            .Concat(file.Places.Select(p => p.Cup)).Distinct().ToList();
        var cigs = file.Awards.Select(a => a.Cig).Distinct().ToList();
        int? only = user.IsPlatformAdmin ? null : province.Id;

        var procedureCups = new HashSet<(int, string)>();
        var projectCups = new HashSet<(int, string)>();
        foreach (var chunk in cups.Chunk(500))
        {
            foreach (var m in await db.Procedures.AsNoTracking().Where(p => p.Cup != null && chunk.Contains(p.Cup) && (only == null || p.ProvinceId == only))
                         .Select(p => new { p.ProvinceId, p.Cup }).Distinct().ToListAsync(ct))
                procedureCups.Add((m.ProvinceId, m.Cup!));
            foreach (var m in await db.BdapProjects.AsNoTracking().Where(p => chunk.Contains(p.Cup) && (only == null || p.ProvinceId == only))
                         .Select(p => new { p.ProvinceId, p.Cup }).ToListAsync(ct))
                projectCups.Add((m.ProvinceId, m.Cup));
        }
        var lotCigs = new Dictionary<string, HashSet<int>>();
        foreach (var chunk in cigs.Chunk(500))
            foreach (var m in await db.Lots.AsNoTracking().Where(l => l.Cig != null && chunk.Contains(l.Cig) && (only == null || l.ProvinceId == only))
                         .Select(l => new { l.ProvinceId, l.Cig }).ToListAsync(ct))
                (lotCigs.TryGetValue(m.Cig!, out var set) ? set : lotCigs[m.Cig!] = []).Add(m.ProvinceId);

        var awardsByCup = file.Awards.GroupBy(a => a.Cup).ToDictionary(g => g.Key, g => g.ToList());
        var targets = new Dictionary<string, List<int>>();
        var unmatchedCups = new List<string>();
        foreach (var cup in cups)
        {
            var fileCigs = awardsByCup.GetValueOrDefault(cup)?.Select(a => a.Cig).Distinct() ?? [];
            var matched = procedureCups.Where(x => x.Item2 == cup).Select(x => x.Item1)
                .Concat(fileCigs.SelectMany(c => lotCigs.GetValueOrDefault(c) ?? [])).ToHashSet();
            if (matched.Count == 0) unmatchedCups.Add(cup);
            // A CUP already stored for a Province (matched by an earlier file) keeps receiving its data there.
            matched.UnionWith(projectCups.Where(x => x.Item2 == cup).Select(x => x.Item1));
            if (matched.Count == 0) matched.Add(province.Id);
            targets[cup] = matched.Order().ToList();
        }
        var unmatchedCigs = cigs.Where(c => !lotCigs.ContainsKey(c)).ToList();

        var provinceIds = targets.Values.SelectMany(t => t).Distinct().ToList();
        var siglas = await db.Provinces.AsNoTracking().Where(p => provinceIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sigla, ct);
        var existing = new Dictionary<(int, string), BdapProject>();
        foreach (var chunk in cups.Chunk(500))
            foreach (var p in await db.BdapProjects.Include(p => p.Awards).Include(p => p.Payments).AsSplitQuery()
                         .Where(p => chunk.Contains(p.Cup) && provinceIds.Contains(p.ProvinceId)).ToListAsync(ct))
                existing[(p.ProvinceId, p.Cup)] = p;

        var write = new Writer(file, $"{BdapFileTypes.Label(file.Type)}: {Cut(fileName, 200)}", clock.GetUtcNow().UtcDateTime);
        var projectRows = file.Projects.ToDictionary(p => p.Cup);
        var paymentsByCup = file.Payments.GroupBy(p => p.Cup).ToDictionary(g => g.Key, g => g.ToList());
        var placesByCup = file.Places.GroupBy(p => p.Cup).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var cup in cups)
            foreach (var provinceId in targets[cup])
            {
                var sig = siglas[provinceId];
                if (!existing.TryGetValue((provinceId, cup), out var project))
                {
                    project = new BdapProject { ProvinceId = provinceId, Cup = cup, Fonte = write.Source, ImportatoIlUtc = write.At };
                    db.BdapProjects.Add(project);
                    if (!projectRows.ContainsKey(cup) && !placesByCup.ContainsKey(cup))
                        write.Records.Add(new(FirstLine(cup, awardsByCup, paymentsByCup), "Progetto", cup, null, BdapOutcome.Nuovo, sig,
                            "Registrato con il solo CUP: titolo e costo arrivano con un file OpenCUP progetti o Ricerca per CUP."));
                }
                if (projectRows.TryGetValue(cup, out var row)) write.Project(project, row, sig);
                if (placesByCup.TryGetValue(cup, out var places)) write.Places(project, places, sig);
                if (awardsByCup.TryGetValue(cup, out var awards))
                    foreach (var byCig in awards.GroupBy(a => a.Cig)) write.Award(project, byCig.ToList(), sig);
                if (paymentsByCup.TryGetValue(cup, out var payments))
                    foreach (var byYear in payments.GroupBy(p => p.Anno)) write.Payment(project, byYear.ToList(), sig);
            }

        var records = write.Records.OrderBy(r => r.Line).ThenBy(r => r.Sigla).ToList();
        if (apply && records.Any(r => r.Outcome != BdapOutcome.Invariato))
        {
            // One transaction: the projects, then their awards and payments, all or nothing.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return new BdapImportReport(fileName, file.Type, file.Encoding, province.Sigla, file.DataRows, [], records, unmatchedCups, unmatchedCigs, apply);
    }

    private static TenantScope TenderScopeFor(PortalPrincipal user) =>
        TenantScope.System with { UserId = user.UserId, UserName = user.UserName ?? user.FullName };

    private static int FirstLine(string cup, Dictionary<string, List<AwardRow>> awards, Dictionary<string, List<PaymentRow>> payments) =>
        awards.GetValueOrDefault(cup)?.Min(a => a.Line) ?? payments.GetValueOrDefault(cup)?.Min(p => p.Line) ?? 0;

    internal static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    /// <summary>Writes the file's values on the tracked entities and records what changed; only the fields the file type carries.</summary>
    private sealed class Writer(BdapFile file, string source, DateTime at)
    {
        public string Source { get; } = source;
        public DateTime At { get; } = at;
        public List<BdapRecordReport> Records { get; } = [];

        public void Project(BdapProject p, ProjectRow r, string sigla)
        {
            var isNew = p.Id == 0 && p.Titolo is null && p.CostoCents is null;
            var changes = new List<string>();
            Set(changes, "titolo", p.Titolo, Cut(r.Titolo, 2000), v => p.Titolo = v);
            Set(changes, "soggetto titolare", p.SoggettoTitolare, Cut(r.SoggettoTitolare, 500), v => p.SoggettoTitolare = v);
            Set(changes, "codice fiscale del soggetto titolare", p.CfSoggettoTitolare, Cut(r.CfSoggettoTitolare, 16), v => p.CfSoggettoTitolare = v);
            Set(changes, "stato", p.Stato, Cut(r.Stato, 100), v => p.Stato = v);
            if (file.Type == BdapFileType.RicercaCup)
            {
                Set(changes, "fase raggiunta", p.FaseRaggiunta, Cut(r.FaseRaggiunta, 200), v => p.FaseRaggiunta = v);
                Set(changes, "finanziamento pubblico", p.FinanziamentoPubblicoCents, r.FinanziamentoPubblicoCents, v => p.FinanziamentoPubblicoCents = v);
            }
            else Set(changes, "anno di decisione", p.AnnoDecisione, r.AnnoDecisione, v => p.AnnoDecisione = v);
            Set(changes, "natura", p.Natura, Cut(r.Natura, 200), v => p.Natura = v);
            Set(changes, "costo", p.CostoCents, r.CostoCents, v => p.CostoCents = v);
            Set(changes, "finanziamento", p.FinanziamentoCents, r.FinanziamentoCents, v => p.FinanziamentoCents = v);
            Set(changes, "data di inizio", p.DataInizio, r.DataInizio, v => p.DataInizio = v);
            Set(changes, "data di fine", p.DataFine, r.DataFine, v => p.DataFine = v);
            Touch(p, changes);
            Records.Add(Outcome(r.Line, "Progetto", p.Cup, null, sigla, changes, isNew));
        }

        public void Places(BdapProject p, List<PlaceRow> rows, string sigla)
        {
            var value = Cut(string.Join(BdapText.ListSeparator, rows.Select(r => r.Place).Distinct()), 4000);
            var isNew = p.Localizzazione is null && p.Id == 0;
            var changes = new List<string>();
            Set(changes, "localizzazione", p.Localizzazione, value, v => p.Localizzazione = v);
            Touch(p, changes);
            Records.Add(Outcome(rows[0].Line, "Localizzazione", p.Cup, value, sigla, changes, isNew));
        }

        /// <summary>The rows of one CUP+CIG: one per winner; the lot's amounts are the same on each and are taken once.</summary>
        public void Award(BdapProject p, List<AwardRow> rows, string sigla)
        {
            var first = rows[0];
            var award = p.Awards.FirstOrDefault(a => a.Cig == first.Cig);
            var isNew = award is null;
            if (award is null)
            {
                award = new BdapAward { ProvinceId = p.ProvinceId, Cig = first.Cig };
                p.Awards.Add(award);
            }
            var a = award;
            var changes = new List<string>();
            Set(changes, "oggetto", a.Oggetto, Cut(first.Oggetto, 2000), v => a.Oggetto = v);
            Set(changes, "data di pubblicazione", a.DataPubblicazione, first.DataPubblicazione, v => a.DataPubblicazione = v);
            Set(changes, "importo a base d'asta", a.ImportoBaseCents, rows.Select(r => r.ImportoBaseCents).FirstOrDefault(v => v is not null), v => a.ImportoBaseCents = v);
            Set(changes, "importo di aggiudicazione", a.ImportoAggiudicazioneCents, rows.Select(r => r.ImportoAggiudicazioneCents).FirstOrDefault(v => v is not null), v => a.ImportoAggiudicazioneCents = v);
            var winners = rows.Where(r => r.Aggiudicatario is not null)
                .Select(r => r.CfAggiudicatario is { } cf ? $"{r.Aggiudicatario} ({cf})" : r.Aggiudicatario!).Distinct().ToList();
            if (file.Type == BdapFileType.Gar)
            {
                Set(changes, "scelta del contraente", a.SceltaContraente, Cut(first.SceltaContraente, 200), v => a.SceltaContraente = v);
                Set(changes, "aggiudicatari", a.Aggiudicatari, winners.Count == 0 ? null : Cut(string.Join(BdapText.ListSeparator, winners), 4000), v => a.Aggiudicatari = v);
            }
            if (changes.Count > 0) { a.Fonte = Source; a.ImportatoIlUtc = At; }
            var note = rows.Count > 1 ? $"{rows.Count} righe (una per aggiudicatario), importi contati una volta" : null;
            Records.Add(Outcome(first.Line, "Aggiudicazione", p.Cup, first.Cig, sigla, changes, isNew, note));
        }

        public void Payment(BdapProject p, List<PaymentRow> rows, string sigla)
        {
            var anno = rows[0].Anno;
            var payment = p.Payments.FirstOrDefault(x => x.Anno == anno);
            var isNew = payment is null;
            if (payment is null)
            {
                payment = new BdapPayment { ProvinceId = p.ProvinceId, Anno = anno };
                p.Payments.Add(payment);
            }
            var x = payment;
            var changes = new List<string>();
            Set(changes, "importo pagato", isNew ? (long?)null : x.ImportoCents, rows.Sum(r => r.ImportoCents), v => x.ImportoCents = v!.Value);
            if (changes.Count > 0) { x.Fonte = Source; x.ImportatoIlUtc = At; }
            var note = rows.Count > 1 ? $"{rows.Count} righe dello stesso anno sommate" : null;
            Records.Add(Outcome(rows[0].Line, "Pagamenti", p.Cup, anno.ToString(), sigla, changes, isNew, note));
        }

        private void Touch(BdapProject p, List<string> changes)
        {
            if (changes.Count == 0) return;
            p.Fonte = Source;
            p.ImportatoIlUtc = At;
        }

        private static BdapRecordReport Outcome(int line, string record, string cup, string? detail, string sigla, List<string> changes, bool isNew, string? note = null)
        {
            var outcome = isNew ? BdapOutcome.Nuovo : changes.Count > 0 ? BdapOutcome.Aggiornato : BdapOutcome.Invariato;
            var message = outcome == BdapOutcome.Aggiornato ? "Cambia: " + string.Join(", ", changes) + "." : null;
            if (note is not null) message = message is null ? note + "." : message + " " + note + ".";
            return new BdapRecordReport(line, record, cup, detail, outcome, sigla, message);
        }

        private static void Set<T>(List<string> changes, string name, T current, T value, Action<T> set)
        {
            if (EqualityComparer<T>.Default.Equals(current, value)) return;
            set(value);
            changes.Add(name);
        }
    }
}
