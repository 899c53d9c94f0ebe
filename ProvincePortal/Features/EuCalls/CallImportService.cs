using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
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
    Alerts.CallAlertMatcher alerts, Notifications.NotificationService notifications)
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
        // Tracked only when applying: a preview must not pay for change tracking of the whole registry.
        var keys = parsed.Calls.Select(c => c.Key).ToList();
        var existing = new Dictionary<string, Call>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in keys.Chunk(500))
        {
            var query = db.Calls.Include(c => c.Deadlines).Where(c => c.PortalKey != null && chunk.Contains(c.PortalKey));
            foreach (var c in apply ? await query.ToListAsync(ct) : await query.AsNoTracking().ToListAsync(ct))
                existing[c.PortalKey!] = c;
        }

        await using var transaction = apply ? await db.Database.BeginTransactionAsync(ct) : null;
        var touched = new List<Call>();
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
                if (apply) { db.Calls.Add(call); touched.Add(call); }
                report.Rows.Add(new ImportRow(incoming.Identifier, incoming.Title, ImportOutcome.Nuovo, [], null));
                continue;
            }
            var changes = Compare(call, incoming, now);
            if (changes.Count == 0)
            {
                if (apply) call.LastImportedAtUtc = now;
                report.Rows.Add(new ImportRow(incoming.Identifier, incoming.Title, ImportOutcome.Invariato, [], null));
                continue;
            }
            report.Rows.Add(new ImportRow(incoming.Identifier, incoming.Title, ImportOutcome.Aggiornato, changes, null));
            if (!apply) continue;
            Copy(incoming, call);
            CallRules.ApplyDeadlines(call, incoming.DeadlinesUtc);
            call.SearchText = CallRules.SearchTextOf(call);
            call.UpdatedAtUtc = now;
            call.LastImportedAtUtc = now;
            touched.Add(call);
            foreach (var ch in changes)
                call.Changes.Add(new CallChange { AtUtc = now, Field = ch.Field, OldValue = Clip(ch.OldValue), NewValue = Clip(ch.NewValue), Source = Clip(source)! });
        }
        if (apply)
        {
            await db.SaveChangesAsync(ct);
            // Matched in the import's transaction: the alerts exist exactly when the calls they announce were saved.
            var events = touched.Select(c => c.Changes.Count == 0 ? Alerts.CallEvent.Created(c.Id) : Alerts.CallEvent.Changed(c.Id, c.Changes)).ToList();
            var alerted = await alerts.RecordAsync(db, events, ct);
            await transaction!.CommitAsync(ct);
            if (alerted > 0) notifications.WakeOutbox();
            report.Applied = true;
        }
        return report;
    }

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
        Field("Budget", CallRules.Euro(c.BudgetCents), CallRules.Euro(p.BudgetCents));
        Field("Contributo minimo", CallRules.Euro(c.MinContributionCents), CallRules.Euro(p.MinContributionCents));
        Field("Contributo massimo", CallRules.Euro(c.MaxContributionCents), CallRules.Euro(p.MaxContributionCents));
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
