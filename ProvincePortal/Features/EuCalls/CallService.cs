using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls;

public enum CallKindFilter { Tutti, SoloUe, SoloPropri }

public enum CallSort { Scadenza, ScadenzaDesc, Titolo, Programma, Apertura }

/// <summary>
/// What the registry grid filters on, and what a saved search (alert) keeps: both go through <see cref="CallService.Filtered"/>,
/// so a call shown by a search is exactly a call its alert reports. Within a list any value matches (programme A or B);
/// the criteria combine (text and programme and beneficiaries…).
/// </summary>
public sealed record CallFilter(string? Text = null, string? Programme = null, CallStatus? Status = null, int? DeadlineWithinDays = null,
    CallKindFilter Kind = CallKindFilter.Tutti, CallSort Sort = CallSort.ScadenzaDesc,
    IReadOnlyList<string>? Programmes = null, IReadOnlyList<string>? Beneficiaries = null, IReadOnlyList<string>? Themes = null);

public sealed record CallRow(int Id, string Identifier, string Title, string Programme, CallOrigin Origin, bool Shared,
    DateTime? OpeningUtc, DateTime? LastDeadlineUtc, DateTime? NextDeadlineUtc, long? BudgetCents, CallRelevance? Relevance, CallStatus Status);

public sealed record CallDetail(Call Call, IReadOnlyList<CallDeadline> Deadlines, IReadOnlyList<CallChange> Changes, CallProvinceNote? Note,
    CallStatus Status, IReadOnlyList<PortalDocument> PortalDocuments, bool CanWrite, bool CanAnnotate);

public sealed record OwnCallInput
{
    public CallOrigin Origin { get; set; } = CallOrigin.Nazionale;
    public string Identifier { get; set; } = "";
    public string Title { get; set; } = "";
    public string Programme { get; set; } = "";
    public string? CallTitle { get; set; }
    public string? TypeOfAction { get; set; }
    public string? Beneficiaries { get; set; }
    public string? Keywords { get; set; }
    public string? Description { get; set; }
    public decimal? Budget { get; set; }
    public decimal? MinContribution { get; set; }
    public decimal? MaxContribution { get; set; }
    public decimal? CoFinancingRate { get; set; }
    public DateTime? Opening { get; set; }
    /// <summary>Deadlines as dates and times on the offices' clock (Europe/Rome).</summary>
    public List<DateTime> Deadlines { get; set; } = [];
    public string? Url { get; set; }
    public bool Published { get; set; }
}

public sealed class CallValidationException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// The registry as one user sees it: the shared EU calls plus the own calls of the user's Province (tenant filter),
/// with that Province's relevance and notes. Writing is for the Operatore Europa and administrators.
/// </summary>
public sealed partial class CallService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock, Alerts.CallAlertMatcher alerts,
    Hosting.FilterChoices choices)
{
    public static bool MayWrite(PortalPrincipal user) =>
        user.IsPlatformAdmin || user.IsInRole(Roles.EuropeOperator) || user.IsInRole(Roles.ProvinceAdmin);

    public async Task<bool> CanWriteAsync() => MayWrite(await currentUser.GetAsync());

    /// <param name="knownTotal">The count of the same filter read moments ago (the list only pages): not counted again.</param>
    public async Task<(IReadOnlyList<CallRow> Rows, int Total)> SearchAsync(CallFilter filter, int page, int pageSize, CancellationToken ct,
        int? knownTotal = null)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var all = db.Calls.AsNoTracking();
        var query = Filtered(db, all, filter, now);
        var skip = Math.Max(0, page) * pageSize;
        if (ReferenceEquals(query, all) && filter.Sort == CallSort.ScadenzaDesc)
        {
            // The list as it opens (Filtered added no condition, the default order): compiled queries, the page's ids and
            // rows in one statement.
            var opening = knownTotal ?? await OpeningCount.For(db)(db, ct);
            if (skip >= opening) return ([], opening);
            return (RowsOf(await OpeningRows.For(db)(db, skip, pageSize, now, user.ProvinceId ?? -1).ToListAsync(ct), now), opening);
        }
        var total = knownTotal ?? await query.CountAsync(ct);
        query = filter.Sort switch
        {
            CallSort.Scadenza => query.OrderBy(c => c.LastDeadlineUtc == null).ThenBy(c => c.LastDeadlineUtc).ThenBy(c => c.Id),
            CallSort.Titolo => query.OrderBy(c => c.Title).ThenBy(c => c.Id),
            CallSort.Programma => query.OrderBy(c => c.Programme).ThenBy(c => c.Title),
            CallSort.Apertura => query.OrderByDescending(c => c.OpeningUtc).ThenBy(c => c.Id),
            _ => InDefaultOrder(query),
        };
        // The page's keys first, then its rows: ordering and paging read the narrow list index (IX_Calls_List) instead of
        // the wide rows with their descriptions, which at 50,000 calls cost most of the time (bench/BandiSearch).
        var ids = await query.Skip(skip).Take(pageSize).Select(c => c.Id).ToListAsync(ct);
        var rows = (await PageRows.For(db)(db, ids, now, user.ProvinceId ?? -1).ToListAsync(ct)).InOrderOf(ids, r => r.Id);
        return (RowsOf(rows, now), total);
    }

    private static IReadOnlyList<CallRow> RowsOf(IEnumerable<PageRow> page, DateTime now) =>
        page.Select(r => new CallRow(r.Id, r.Identifier, r.Title, r.Programme, r.Origin, r.ProvinceId == null, r.OpeningUtc, r.LastDeadlineUtc,
            r.Next, r.BudgetCents, r.Relevance, CallRules.StatusOf(r.OpeningUtc, r.LastDeadlineUtc, now))).ToList();

    /// <summary>The list's default order: latest deadline first, then the newest call (the list index read backwards).</summary>
    private static readonly Expression<Func<IQueryable<Call>, IOrderedQueryable<Call>>> DefaultOrder =
        q => q.OrderByDescending(c => c.LastDeadlineUtc).ThenByDescending(c => c.Id);

    private static readonly Func<IQueryable<Call>, IOrderedQueryable<Call>> InDefaultOrder = DefaultOrder.Compile();

    // The list as it opens, with no filter and in its default order (latest deadline first), as compiled queries: the
    // count and the page are what the general path reads for that filter (CallSearchTests compares them), without
    // building, walking and hashing their expression trees at every action (bench/README.md, tenth round).
    internal static readonly CompiledPerModel<Func<PortalDbContext, CancellationToken, Task<int>>> OpeningCount = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, CancellationToken ct) => db.Calls.Count()));

    /// <summary>A row of the list as read from the database.</summary>
    internal sealed record PageRow(int Id, string Identifier, string Title, string Programme, CallOrigin Origin, int? ProvinceId,
        DateTime? OpeningUtc, DateTime? LastDeadlineUtc, long? BudgetCents, DateTime? Next, CallRelevance? Relevance);

    /// <summary>A row with the next deadline after <c>now</c> and the relevance note of <c>province</c>.</summary>
    private static readonly Expression<Func<PortalDbContext, Call, DateTime, int, PageRow>> RowOf = (db, c, now, province) =>
        new PageRow(c.Id, c.Identifier, c.Title, c.Programme, c.Origin, c.ProvinceId, c.OpeningUtc, c.LastDeadlineUtc, c.BudgetCents,
            c.Deadlines.Where(d => d.DeadlineUtc >= now).Min(d => (DateTime?)d.DeadlineUtc),
            db.CallProvinceNotes.Where(n => n.CallId == c.Id && n.ProvinceId == province).Select(n => (CallRelevance?)n.Relevance).FirstOrDefault());

    /// <summary>
    /// The rows of a page, by their ids; compiled (<see cref="CompiledPerModel{TQuery}"/>), so the SQL is the same at every
    /// page and EF reuses it.
    /// </summary>
    internal static readonly CompiledPerModel<Func<PortalDbContext, List<int>, DateTime, int, IAsyncEnumerable<PageRow>>> PageRows = new(() =>
        EF.CompileAsyncQuery(QueryParts.Expand<Func<PortalDbContext, List<int>, DateTime, int, IQueryable<PageRow>>>((db, ids, now, province) =>
            db.Calls.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => RowOf.Invoke(db, c, now, province)))));

    /// <summary>
    /// A page of the list as it opens, its rows in the default order, in one statement: the page's ids are a subquery
    /// (the list index read in order, cut by OFFSET/LIMIT) and only those rows are read whole.
    /// </summary>
    internal static Expression<Func<PortalDbContext, int, int, DateTime, int, IQueryable<PageRow>>> OpeningRowsQuery =>
        QueryParts.Expand<Func<PortalDbContext, int, int, DateTime, int, IQueryable<PageRow>>>((db, skip, take, now, province) =>
            DefaultOrder.Invoke(db.Calls.AsNoTracking().Where(c => DefaultOrder.Invoke(db.Calls).Skip(skip).Take(take).Select(x => x.Id).Contains(c.Id)))
                .Select(c => RowOf.Invoke(db, c, now, province)));

    internal static readonly CompiledPerModel<Func<PortalDbContext, int, int, DateTime, int, IAsyncEnumerable<PageRow>>> OpeningRows =
        new(() => EF.CompileAsyncQuery(OpeningRowsQuery));

    /// <summary><paramref name="db"/> is the context of <paramref name="query"/>: the text filter goes through its full-text index.</summary>
    internal static IQueryable<Call> Filtered(PortalDbContext db, IQueryable<Call> query, CallFilter filter, DateTime now)
    {
        query = query.Matching(db, CallSearchSql.Terms(filter.Text));
        if (!string.IsNullOrWhiteSpace(filter.Programme)) query = query.Where(c => c.Programme == filter.Programme);
        if (filter.Programmes is { Count: > 0 } programmes)
        {
            var list = programmes.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().ToList();
            query = query.Where(c => list.Contains(c.Programme));
        }
        query = CallRules.WhereAnyContains(query, c => c.Beneficiaries, filter.Beneficiaries);
        query = CallRules.WhereAnyContains(query, c => c.Keywords, filter.Themes);
        query = filter.Kind switch
        {
            CallKindFilter.SoloUe => query.Where(c => c.ProvinceId == null),
            CallKindFilter.SoloPropri => query.Where(c => c.ProvinceId != null),
            _ => query,
        };
        query = filter.Status switch
        {
            CallStatus.InArrivo => query.Where(c => c.OpeningUtc != null && c.OpeningUtc > now),
            CallStatus.Chiuso => query.Where(c => (c.OpeningUtc == null || c.OpeningUtc <= now) && c.LastDeadlineUtc != null && c.LastDeadlineUtc < now),
            CallStatus.Aperto => query.Where(c => (c.OpeningUtc == null || c.OpeningUtc <= now) && (c.LastDeadlineUtc == null || c.LastDeadlineUtc >= now)),
            _ => query,
        };
        if (filter.DeadlineWithinDays is int days and >= 0)
        {
            var limit = now.AddDays(days);
            // An uncorrelated IN (the deadlines of the window, read once) rather than EXISTS per call: with 50,000 calls the
            // per-row lookup took 224 ms (bench/BandiSearch), the list of the window's calls takes a few.
            var inWindow = db.CallDeadlines.Where(d => d.DeadlineUtc >= now && d.DeadlineUtc <= limit).Select(d => d.CallId);
            query = query.Where(c => c.LastDeadlineUtc >= now && inWindow.Contains(c.Id));
        }
        return query;
    }

    /// <summary>The programmes of the calls the user sees (the list's filter), shared by the users of the same tenant scope.</summary>
    public async Task<IReadOnlyList<string>> ProgrammesAsync(CancellationToken ct)
    {
        var scope = PortalDbFactory.ScopeOf(await currentUser.GetAsync());
        return await choices.GetAsync(Hosting.FilterChoices.Programmes, scope.SharingKey, async token =>
        {
            await using var db = await dbFactory.CreateAsync(token);
            return (IReadOnlyList<string>)await db.Calls.Select(c => c.Programme).Distinct().OrderBy(p => p).Take(200).ToListAsync(token);
        }, ct);
    }

    /// <summary>Null when the call does not exist or belongs to another Province (the page shows "not found").</summary>
    public async Task<CallDetail?> GetAsync(int id, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return null;
        var deadlines = await db.CallDeadlines.AsNoTracking().Where(d => d.CallId == id).OrderBy(d => d.DeadlineUtc).ToListAsync(ct);
        var changes = await db.CallChanges.AsNoTracking().Where(c => c.CallId == id).OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).Take(200).ToListAsync(ct);
        var province = user.ProvinceId ?? -1;
        var note = await db.CallProvinceNotes.AsNoTracking().FirstOrDefaultAsync(n => n.CallId == id && n.ProvinceId == province, ct);
        var documents = call.PortalDocumentsJson is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<PortalDocument>>(call.PortalDocumentsJson) ?? [];
        var canWrite = MayWrite(user);
        return new CallDetail(call, deadlines, changes, note, CallRules.StatusOf(call, clock.GetUtcNow().UtcDateTime), documents,
            canWrite && (call.ProvinceId is null ? user.IsPlatformAdmin : call.ProvinceId == user.ProvinceId || user.IsPlatformAdmin),
            canWrite && user.ProvinceId is not null);
    }

    /// <summary>The user's Province's relevance, notes and publication of a call it can see.</summary>
    public async Task SaveNoteAsync(int callId, CallRelevance relevance, string? notes, bool published, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!MayWrite(user) || user.ProvinceId is not int province)
            throw new CallValidationException(["Solo l'Operatore Europa e gli amministratori della Provincia possono annotare i bandi."]);
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Calls.AnyAsync(c => c.Id == callId, ct)) throw new CallValidationException(["Bando non trovato."]);
        var note = await db.CallProvinceNotes.FirstOrDefaultAsync(n => n.CallId == callId && n.ProvinceId == province, ct);
        if (note is null) db.CallProvinceNotes.Add(note = new CallProvinceNote { CallId = callId, ProvinceId = province });
        note.Relevance = relevance;
        note.Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        note.Published = published;
        note.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        note.UpdatedBy = user.FullName;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A national or regional call of the user's Province; deadlines entered on the offices' clock.</summary>
    public async Task<int> CreateOwnAsync(OwnCallInput input, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!MayWrite(user) || user.ProvinceId is not int province)
            throw new CallValidationException(["Solo l'Operatore Europa e gli amministratori della Provincia possono inserire bandi."]);
        var errors = Validate(input);
        if (errors.Count > 0) throw new CallValidationException(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateAsync(ct);
        var call = new Call
        {
            ProvinceId = province,
            Origin = input.Origin == CallOrigin.PortaleUe ? CallOrigin.Nazionale : input.Origin,
            Identifier = input.Identifier.Trim(),
            Title = input.Title.Trim(),
            Programme = input.Programme.Trim(),
            CallTitle = Trim(input.CallTitle),
            TypeOfAction = Trim(input.TypeOfAction),
            Beneficiaries = Trim(input.Beneficiaries),
            Keywords = string.Join(" | ", (input.Keywords ?? "").Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            Description = Trim(input.Description),
            BudgetCents = Cents(input.Budget),
            MinContributionCents = Cents(input.MinContribution),
            MaxContributionCents = Cents(input.MaxContribution),
            CoFinancingRate = input.CoFinancingRate,
            OpeningUtc = input.Opening is { } o ? Localization.Formats.RomeToUtc(o) : null,
            Url = Trim(input.Url),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        CallRules.ApplyDeadlines(call, input.Deadlines.Select(Localization.Formats.RomeToUtc).ToList());
        call.SearchText = CallRules.SearchTextOf(call);
        db.Calls.Add(call);
        db.CallProvinceNotes.Add(new CallProvinceNote
        {
            Call = call, ProvinceId = province, Relevance = CallRelevance.Alta, Published = input.Published,
            UpdatedAtUtc = now, UpdatedBy = user.FullName,
        });
        await db.SaveChangesAsync(ct);
        choices.Changed(Hosting.FilterChoices.Programmes);
        await alerts.TryRecordAsync([Alerts.CallEvent.Created(call.Id)], ct);
        return call.Id;
    }

    public static List<string> Validate(OwnCallInput input)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Identifier)) errors.Add("Identificativo: obbligatorio.");
        if (string.IsNullOrWhiteSpace(input.Title)) errors.Add("Titolo: obbligatorio.");
        if (string.IsNullOrWhiteSpace(input.Programme)) errors.Add("Programma: obbligatorio.");
        if (input.Deadlines.Count == 0) errors.Add("Scadenze: indicare almeno una scadenza.");
        if (input.Budget < 0 || input.MinContribution < 0 || input.MaxContribution < 0) errors.Add("Importi: non possono essere negativi.");
        if (input.MinContribution > input.MaxContribution) errors.Add("Contributo minimo: supera il contributo massimo.");
        if (input.CoFinancingRate is < 0 or > 100) errors.Add("Tasso di cofinanziamento: tra 0 e 100.");
        if (input.Opening is { } o && input.Deadlines.Any(d => d < o)) errors.Add("Scadenze: una scadenza precede l'apertura.");
        if (!string.IsNullOrWhiteSpace(input.Url) && !(Uri.TryCreate(input.Url.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            errors.Add("Link: indirizzo non valido (http o https).");
        return errors;
    }


    private static long? Cents(decimal? euro) => euro is { } e ? (long)Math.Round(e * 100m) : null;
    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
