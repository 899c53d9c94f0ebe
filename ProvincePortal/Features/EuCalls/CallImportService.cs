using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Tenders.Exchange;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls;

public enum ImportOutcome { Nuovo, Aggiornato, Invariato, Scartato }

public sealed record ImportRow(string Identifier, string Title, ImportOutcome Outcome, IReadOnlyList<CallFieldChange> Changes, string? Reason)
{
    public string OutcomeLabel => Outcome switch
    {
        ImportOutcome.Nuovo => "nuovo",
        ImportOutcome.Aggiornato => "aggiornato",
        ImportOutcome.Invariato => "invariato",
        _ => "scartato",
    };
}

public sealed record CallFieldChange(string Field, string? OldValue, string? NewValue);

public sealed class ImportReport
{
    public List<ImportRow> Rows { get; } = [];
    public int TendersSkipped { get; init; }
    public int DuplicatesMerged { get; init; }
    public bool Applied { get; set; }
    /// <summary>Filled when applied: the calls added and the calls updated (for alerts on new or changed calls).</summary>
    public List<int> NewCallIds { get; } = [];
    public List<int> ChangedCallIds { get; } = [];
    public int Count(ImportOutcome o) => Rows.Count(r => r.Outcome == o);
    public string SummaryLine =>
        $"nuovi: {Count(ImportOutcome.Nuovo)}, aggiornati: {Count(ImportOutcome.Aggiornato)}, invariati: {Count(ImportOutcome.Invariato)}, " +
        $"scartati: {Count(ImportOutcome.Scartato)}, gare ignorate: {TendersSkipped}, duplicati uniti: {DuplicatesMerged}";
}

/// <summary>Only the Servizio Europa and administrators import calls.</summary>
public sealed class CallImportForbiddenException() : Exception("Solo l'Operatore Europa e gli amministratori possono importare bandi.");

/// <summary>
/// Imports portal results into the shared registry: preview first (nuovo / aggiornato with the changed fields / invariato /
/// scartato), then the same comparison applied in one transaction. Calls are matched on their portal key, so a moved deadline
/// or a new budget updates the call and is written to its history (<see cref="CallChange"/>), never a second call.
/// </summary>
public sealed class CallImportService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, TimeProvider clock,
    Alerts.CallAlertMatcher alerts, Notifications.NotificationService notifications, Hosting.FilterChoices? choices = null)
{
    public static bool MayImport(PortalPrincipal user) =>
        user.IsPlatformAdmin || user.IsInRole(Roles.EuropeOperator) || user.IsInRole(Roles.ProvinceAdmin);

    /// <summary>Reads the file and compares it with the registry; writes only when <paramref name="apply"/>. Throws PortalFileException for an unreadable file.</summary>
    public async Task<ImportReport> ImportFileAsync(Stream file, string fileName, bool apply, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!MayImport(user)) throw new CallImportForbiddenException();
        var parsed = PortalResultParser.Parse(file);
        return await ImportParsedAsync(parsed, $"Import F&T: {fileName} ({user.FullName})", apply, ct);
    }

    /// <summary>For system work (the scheduled fetch, the command line): no user check.</summary>
    public async Task<ImportReport> ImportParsedAsync(PortalParseResult parsed, string source, bool apply, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var report = new ImportReport { TendersSkipped = parsed.TendersSkipped, DuplicatesMerged = parsed.DuplicatesMerged };
        foreach (var r in parsed.Rejected) report.Rows.Add(new ImportRow(r.Identifier, "", ImportOutcome.Scartato, [], r.Reason));

        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var existing = await LoadExistingAsync(db, parsed.Calls, ct);

        // Compared with an untracked snapshot; only the calls that change are tracked when applying (10,000 tracked
        // calls took seconds to track, compare and save: bench/BandiImport).
        var added = new List<Call>();
        var changed = new Dictionary<int, (PortalCall Incoming, List<CallFieldChange> Changes)>();
        var unchanged = new List<int>();
        foreach (var incoming in parsed.Calls)
        {
            if (!existing.TryGetValue(incoming.Key, out var call))
            {
                call = new Call { Origin = CallOrigin.PortaleUe, PortalKey = incoming.Key, CreatedAtUtc = now };
                Copy(incoming, call);
                CallRules.ApplyDeadlines(call, incoming.DeadlinesUtc);
                call.SearchText = CallRules.SearchTextOf(call);
                call.UpdatedAtUtc = now;
                call.LastImportedAtUtc = now;
                added.Add(call);
                report.Rows.Add(new ImportRow(incoming.Identifier, incoming.Title, ImportOutcome.Nuovo, [], null));
                continue;
            }
            var changes = Compare(call, incoming, now);
            if (changes.Count == 0)
            {
                unchanged.Add(call.Id);
                report.Rows.Add(new ImportRow(incoming.Identifier, incoming.Title, ImportOutcome.Invariato, [], null));
                continue;
            }
            changed[call.Id] = (incoming, changes);
            report.Rows.Add(new ImportRow(incoming.Identifier, incoming.Title, ImportOutcome.Aggiornato, changes, null));
        }
        if (!apply) return report;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        report.NewCallIds.AddRange(await InsertAsync(db, added, ct));
        var history = await UpdateAsync(db, changed, Clip(source)!, now, ct);
        report.ChangedCallIds.AddRange(changed.Keys);
        foreach (var chunk in unchanged.Chunk(1000))
            await db.Calls.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastImportedAtUtc, now), ct);
        if (added.Count > 0)
        {
            db.AuditEntries.Add(Summary(db, nameof(Call), added.Count, now));
            db.AuditEntries.Add(Summary(db, nameof(CallDeadline), added.Sum(c => c.Deadlines.Count), now));
            await db.SaveChangesAsync(ct);
        }
        // Matched in the import's transaction: the alerts exist exactly when the calls they announce were saved.
        var events = report.NewCallIds.Select(Alerts.CallEvent.Created)
            .Concat(history.Select(h => Alerts.CallEvent.Changed(h.Key, h.Value))).ToList();
        var alerted = await alerts.RecordAsync(db, events, ct);
        await transaction.CommitAsync(ct);
        choices?.Changed(Hosting.FilterChoices.Programmes);
        if (alerted > 0) notifications.WakeOutbox();
        report.Applied = true;
        return report;
    }

    /// <summary>The registry's calls with the keys of the file, untracked, with their deadlines.</summary>
    private static async Task<Dictionary<string, Call>> LoadExistingAsync(PortalDbContext db, List<PortalCall> calls, CancellationToken ct)
    {
        var existing = new Dictionary<string, Call>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in calls.Select(c => c.Key).Chunk(1000))
        {
            var found = await db.Calls.AsNoTracking().Where(c => c.PortalKey != null && chunk.Contains(c.PortalKey)).ToListAsync(ct);
            if (found.Count == 0) continue;
            var ids = found.Select(c => c.Id).ToList();
            var deadlines = (await db.CallDeadlines.AsNoTracking().Where(d => ids.Contains(d.CallId)).ToListAsync(ct)).ToLookup(d => d.CallId);
            foreach (var c in found)
            {
                c.Deadlines = deadlines[c.Id].ToList();
                existing[c.PortalKey!] = c;
            }
        }
        return existing;
    }

    /// <summary>
    /// New calls and their deadlines as plain INSERTs on the import's transaction with keys reserved up front, outside the
    /// change tracker; the audit trail gets one summary entry per entity with the counts, as for the other imports.
    /// </summary>
    private static async Task<List<int>> InsertAsync(PortalDbContext db, List<Call> added, CancellationToken ct)
    {
        if (added.Count == 0) return [];
        var keys = await BulkRows.ReserveKeysAsync(db, typeof(Call), added.Count, ct);
        await using (var calls = BulkRows.Create(db, typeof(Call),
        [
            nameof(Call.Id), nameof(Call.ProvinceId), nameof(Call.Origin), nameof(Call.PortalKey), nameof(Call.Identifier), nameof(Call.Title),
            nameof(Call.Programme), nameof(Call.ProgrammeCode), nameof(Call.CallIdentifier), nameof(Call.CallTitle), nameof(Call.TypeOfAction),
            nameof(Call.PortalType), nameof(Call.Keywords), nameof(Call.Description), nameof(Call.BudgetCents), nameof(Call.MinContributionCents),
            nameof(Call.MaxContributionCents), nameof(Call.ExpectedGrants), nameof(Call.OpeningUtc), nameof(Call.DeadlineModel), nameof(Call.PortalStatus),
            nameof(Call.Url), nameof(Call.PortalDocumentsJson), nameof(Call.FirstDeadlineUtc), nameof(Call.LastDeadlineUtc), nameof(Call.SearchText),
            nameof(Call.PortalChecksum), nameof(Call.CreatedAtUtc), nameof(Call.UpdatedAtUtc), nameof(Call.LastImportedAtUtc),
        ]))
        {
            for (var i = 0; i < added.Count; i++)
            {
                var c = added[i];
                c.Id = keys[i];
                await calls.WriteAsync(ct, c.Id, null, (int)c.Origin, c.PortalKey, c.Identifier, c.Title,
                    c.Programme, c.ProgrammeCode, c.CallIdentifier, c.CallTitle, c.TypeOfAction,
                    c.PortalType, c.Keywords, c.Description, c.BudgetCents, c.MinContributionCents,
                    c.MaxContributionCents, c.ExpectedGrants, c.OpeningUtc, c.DeadlineModel, c.PortalStatus,
                    c.Url, c.PortalDocumentsJson, c.FirstDeadlineUtc, c.LastDeadlineUtc, c.SearchText,
                    c.PortalChecksum, c.CreatedAtUtc, c.UpdatedAtUtc, c.LastImportedAtUtc);
            }
        }
        await using (var deadlines = BulkRows.Create(db, typeof(CallDeadline),
        [
            nameof(CallDeadline.CallId), nameof(CallDeadline.ProvinceId), nameof(CallDeadline.Ordinal), nameof(CallDeadline.DeadlineUtc),
            nameof(CallDeadline.Label), nameof(CallDeadline.Uid), nameof(CallDeadline.Revision),
        ]))
        {
            foreach (var c in added)
                foreach (var d in c.Deadlines)
                    await deadlines.WriteAsync(ct, c.Id, null, d.Ordinal, d.DeadlineUtc, d.Label, d.Uid, d.Revision);
        }
        return keys.ToList();
    }

    /// <summary>The changed calls, tracked, with the same rules as a single edit: deadline rows keep their UID, history rows.</summary>
    private static async Task<Dictionary<int, List<CallChange>>> UpdateAsync(PortalDbContext db, Dictionary<int, (PortalCall Incoming, List<CallFieldChange> Changes)> changed, string source, DateTime now, CancellationToken ct)
    {
        var history = new Dictionary<int, List<CallChange>>();
        if (changed.Count == 0) return history;
        foreach (var chunk in changed.Keys.Chunk(1000))
        {
            foreach (var call in await db.Calls.Include(c => c.Deadlines).Where(c => chunk.Contains(c.Id)).ToListAsync(ct))
            {
                var (incoming, changes) = changed[call.Id];
                Copy(incoming, call);
                CallRules.ApplyDeadlines(call, incoming.DeadlinesUtc);
                call.SearchText = CallRules.SearchTextOf(call);
                call.UpdatedAtUtc = now;
                call.LastImportedAtUtc = now;
                var rows = changes.Select(ch => new CallChange { AtUtc = now, Field = ch.Field, OldValue = Clip(ch.OldValue), NewValue = Clip(ch.NewValue), Source = source }).ToList();
                foreach (var row in rows) call.Changes.Add(row);
                history[call.Id] = rows;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return history;
    }

    private static AuditEntry Summary(PortalDbContext db, string entity, int count, DateTime now) => new()
    {
        AtUtc = now, UserId = db.Scope.UserId, UserName = db.Scope.UserName ?? AuditInterceptor.SystemUser, ProvinceId = null,
        Entity = entity, EntityKey = AuditEntry.SummaryKey, Action = AuditAction.Inserimento, RecordCount = count,
    };

    private static string? Clip(string? s) => s is { Length: > 2000 } ? s[..2000] : s;

    private static void Copy(PortalCall p, Call c)
    {
        c.Identifier = p.Identifier;
        c.PortalType = p.Type;
        c.Title = p.Title;
        c.CallIdentifier = p.CallIdentifier;
        c.CallTitle = p.CallTitle;
        c.Programme = p.Programme;
        c.ProgrammeCode = p.ProgrammeCode;
        c.TypeOfAction = p.TypeOfAction;
        c.Keywords = p.Keywords;
        c.Description = p.Description;
        c.BudgetCents = p.BudgetCents;
        c.MinContributionCents = p.MinContributionCents;
        c.MaxContributionCents = p.MaxContributionCents;
        c.ExpectedGrants = p.ExpectedGrants;
        c.OpeningUtc = p.OpeningUtc;
        c.DeadlineModel = p.DeadlineModel;
        c.PortalStatus = p.PortalStatus;
        c.Url = p.Url;
        c.PortalDocumentsJson = p.DocumentsJson;
        c.PortalChecksum = p.Checksum;
    }

    /// <summary>The fields a Servizio Europa cares to be told about, in Italian, old and new as shown in the UI.</summary>
    private static List<CallFieldChange> Compare(Call c, PortalCall p, DateTime now)
    {
        var list = new List<CallFieldChange>();
        void Field(string name, string? oldValue, string? newValue)
        {
            if ((oldValue ?? "") != (newValue ?? "")) list.Add(new CallFieldChange(name, oldValue, newValue));
        }
        Field("Titolo", c.Title, p.Title);
        Field("Programma", c.Programme, p.Programme);
        Field("Call", c.CallIdentifier, p.CallIdentifier);
        Field("Tipo di azione", c.TypeOfAction, p.TypeOfAction);
        Field("Parole chiave", c.Keywords, p.Keywords);
        Field("Budget", Formats.EuroCents(c.BudgetCents), Formats.EuroCents(p.BudgetCents));
        Field("Contributo minimo", Formats.EuroCents(c.MinContributionCents), Formats.EuroCents(p.MinContributionCents));
        Field("Contributo massimo", Formats.EuroCents(c.MaxContributionCents), Formats.EuroCents(p.MaxContributionCents));
        Field("Apertura", Formats.DateTime(c.OpeningUtc), Formats.DateTime(p.OpeningUtc));
        Field("Modello di scadenza", c.DeadlineModel, p.DeadlineModel);
        Field("Stato sul portale", c.PortalStatus, p.PortalStatus);
        Field("Stato", CallRules.Label(CallRules.StatusOf(c, now)),
            CallRules.Label(CallRules.StatusOf(p.OpeningUtc, p.DeadlinesUtc.Count > 0 ? p.DeadlinesUtc.Max() : null, now)));
        Field("Documenti", c.PortalDocumentsJson, p.DocumentsJson);
        if ((c.Description ?? "") != (p.Description ?? ""))
            list.Add(new CallFieldChange("Descrizione", "(testo precedente)", "(testo aggiornato)"));
        // Deadlines as a probe on a copy: the comparison must not touch the tracked call in a preview.
        var probe = new Call { ProvinceId = c.ProvinceId, Deadlines = c.Deadlines.Select(d => new CallDeadline { DeadlineUtc = d.DeadlineUtc, Uid = d.Uid }).ToList() };
        foreach (var (f, o, n) in CallRules.ApplyDeadlines(probe, p.DeadlinesUtc)) list.Add(new CallFieldChange(f, o, n));
        return list;
    }
}
