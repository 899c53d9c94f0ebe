using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Requests;

public sealed record RequestFilter(RequestStatus? Status = null, int? ServiceId = null, int? ComuneId = null, SlaState? Sla = null,
    string? Text = null, bool OnlyOpen = false, bool AssignedToMe = false);

public sealed record RequestRow(int Id, string Subject, string ServiceName, string? ComuneName, RequestStatus Status, RequestPriority Priority,
    SlaState SlaState, string? AssignedUserName, DateTime CreatedAtUtc, DateTime LastActivityAtUtc, DateTime TakeChargeDueUtc, DateTime? ResolveDueUtc,
    DateTime? TakenInChargeAtUtc);

public sealed record RequestValueRow(string Label, FormFieldKind Kind, string? Value, int? DocumentId);

public sealed record RequestEventRow(long Id, RequestEventKind Kind, RequestStatus? FromStatus, RequestStatus? ToStatus, DateTime AtUtc,
    string AuthorName, string? Text, bool IsInternal);

public sealed record RequestDetails(
    int Id, int ProvinceId, int? ComuneId, string Subject, int ServiceId, string ServiceName, string? ComuneName, RequestStatus Status,
    RequestPriority Priority, string RequesterName, string? AssignedUserId, string? AssignedUserName, int? AssignedGroupId, string? AssignedGroupName,
    DateTime? PlannedStartUtc, DateTime? PlannedEndUtc, string? WaitingReason, string? Solution, int RefusedSolutions,
    DateTime CreatedAtUtc, DateTime? TakenInChargeAtUtc, DateTime? SolvedAtUtc, DateTime? ClosedAtUtc, DateTime? AutoCloseAtUtc, int RowVersion,
    SlaTargets Targets, SlaFigures Sla, IReadOnlyList<RequestValueRow> Values, IReadOnlyList<RequestEventRow> Events,
    IReadOnlyList<RequestAction> AllowedActions, bool CanReply, bool CanWriteInternalNotes, bool IsOperator);

/// <summary>Configuration section "Requests".</summary>
public sealed class RequestOptions
{
    /// <summary>Calendar days after which a solution nobody answered is approved (closed) automatically.</summary>
    public int AutoCloseDays { get; set; } = 7;
    public bool JobsEnabled { get; set; } = true;
    public int JobPollMinutes { get; set; } = 5;
}

/// <summary>
/// The help-desk: Comuni file requests from the catalogue's forms, operators work them through the life cycle of
/// <see cref="RequestStateMachine"/>. Isolation: the tenant filter keeps each Province to its own requests; Comune users
/// are narrowed to their Comune here, in every query, and never receive internal notes.
/// </summary>
public sealed class RequestService(
    PortalDbFactory dbFactory, CurrentUser currentUser, CatalogueService catalogue, DocumentService documents,
    NotificationService notifications, IOptions<DocumentOptions> documentOptions, IOptionsMonitor<RequestOptions> options,
    TimeProvider clock, Questionari.SatisfactionSurveys satisfaction, Hosting.FilterChoices choices)
{
    public const string DocumentModule = "richieste";
    public const int MaxSubjectLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxShortTextLength = 500;

    // ---------- Lists and details ----------

    /// <summary>
    /// One page of the requests the user sees, newest activity first, and the number of matches. Keys first: the count
    /// and the page's ids are read from the list indexes (Province + filter + last activity), then only the page's rows
    /// are read whole — a page never reads more rows than it shows, whatever the size of the table.
    /// </summary>
    /// <param name="knownTotal">The count of the same filter read moments ago (the list only pages): not counted again.</param>
    public Task<(IReadOnlyList<RequestRow> Items, int Total)> ListAsync(RequestFilter filter, int page, int pageSize, CancellationToken ct = default,
        int? knownTotal = null) =>
        ListAsync(filter, page, pageSize, read: null, ct, knownTotal);

    /// <param name="read">How a text search's page is read on SQLite; null chooses by cost (<see cref="ReadOf"/>). Tests force each way.</param>
    internal async Task<(IReadOnlyList<RequestRow> Items, int Total)> ListAsync(RequestFilter filter, int page, int pageSize, TextPageRead? read, CancellationToken ct,
        int? knownTotal = null)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var search = TextSearchOf(db, user, filter);
        // The list as it opens, for a user who sees every request of the scope: compiled queries (OpeningCount).
        var opening = IsOpening(db, filter, user);
        int? province = db.Scope.SeesAllProvinces ? null : db.Scope.ProvinceId;
        // A text search whose other restrictions are all tokens of the SQLite index is counted by the index alone.
        var total = knownTotal ?? (opening
            ? await OpeningCount.For(db)(db, province, ct)
            : search is { Facets.Complete: true } && db.Database.IsSqlite()
                ? await RequestSearchSql.CountAsync(db, search.Terms, search.Facets, ct)
                : await Filtered(db, user, filter, search, TextPageRead.ByKey).CountAsync(ct));
        var size = Math.Clamp(pageSize, 1, 200);
        var skip = Math.Max(0, page) * size;
        if (skip >= total) return ([], total);
        // Past the middle the page is read from the other end of the index: an OFFSET walks the entries it skips, so the
        // last page costs what the first does.
        var take = Math.Min(size, total - skip);
        var fromEnd = total - skip - take;
        if (opening && fromEnd >= skip)
            // The page's ids and rows in one statement.
            return (await OpeningRows.For(db)(db, province, skip, take).ToListAsync(ct), total);
        List<int> ids;
        if (fromEnd < skip)
            ids = (await Filtered(db, user, filter, search, read ?? ReadOf(search, total, fromEnd + take))
                .OrderBy(r => r.LastActivityAtUtc).ThenBy(r => r.Id).Skip(fromEnd).Take(take).Select(r => r.Id).ToListAsync(ct)).AsEnumerable().Reverse().ToList();
        else
            ids = await InListOrder(Filtered(db, user, filter, search, read ?? ReadOf(search, total, skip + take)))
                .Skip(skip).Take(take).Select(r => r.Id).ToListAsync(ct);
        return ((await RowsByIds.For(db)(db, ids).ToListAsync(ct)).InOrderOf(ids, r => r.Id), total);
    }

    /// <summary>The list's order: newest activity first, then the newest request (the list indexes read backwards).</summary>
    private static readonly Expression<Func<IQueryable<ServiceRequest>, IOrderedQueryable<ServiceRequest>>> ListOrder =
        q => q.OrderByDescending(r => r.LastActivityAtUtc).ThenByDescending(r => r.Id);

    private static readonly Func<IQueryable<ServiceRequest>, IOrderedQueryable<ServiceRequest>> InListOrder = ListOrder.Compile();

    /// <summary>A row of the list as read from the database.</summary>
    private static readonly Expression<Func<PortalDbContext, ServiceRequest, RequestRow>> RowOf = (db, r) =>
        new RequestRow(r.Id, r.Subject, r.Service!.Name,
            db.Comuni.Where(c => c.Id == r.ComuneId).Select(c => c.Name).FirstOrDefault(),
            r.Status, r.Priority, r.SlaState, r.AssignedUserName, r.CreatedAtUtc, r.LastActivityAtUtc, r.TakeChargeDueUtc, r.ResolveDueUtc,
            r.TakenInChargeAtUtc);

    /// <summary>
    /// The rows of a page, by their ids, compiled (<see cref="CompiledPerModel{TQuery}"/>). One array parameter, as in
    /// CallService.SearchAsync: the same SQL at every page.
    /// </summary>
    internal static readonly CompiledPerModel<Func<PortalDbContext, List<int>, IAsyncEnumerable<RequestRow>>> RowsByIds = new(() =>
        EF.CompileAsyncQuery(QueryParts.Expand<Func<PortalDbContext, List<int>, IQueryable<RequestRow>>>((db, ids) =>
            db.Set<ServiceRequest>().AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => RowOf.Invoke(db, r)))));

    /// <summary>
    /// The list as it opens — no filter, no text — for a user whose visibility adds no condition (<see cref="Visible"/> returns
    /// the requests as they are, as for Bandi UE's Filtered): what <see cref="Filtered(PortalDbContext, PortalPrincipal, RequestFilter)"/>
    /// reads then is every request of the scope, which <see cref="OpeningCount"/> and <see cref="OpeningRows"/> read compiled.
    /// </summary>
    internal static bool IsOpening(PortalDbContext db, RequestFilter filter, PortalPrincipal user) =>
        filter with { Text = string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text } == new RequestFilter()
        && ReferenceEquals(Visible(db, user), db.Set<ServiceRequest>());

    // The province is null for a scope that sees every Province: EF then leaves the condition out of the SQL. Otherwise it
    // is the same plain equality as Filtered's, so the same list index is sought (RequestListPagingTests compares the two).
    private static readonly Expression<Func<PortalDbContext, int?, IQueryable<ServiceRequest>>> OpeningSet = (db, province) =>
        db.Set<ServiceRequest>().Where(r => province == null || r.ProvinceId == province);

    internal static readonly CompiledPerModel<Func<PortalDbContext, int?, CancellationToken, Task<int>>> OpeningCount = new(() =>
        EF.CompileAsyncQuery(QueryParts.Expand<Func<PortalDbContext, int?, CancellationToken, int>>((db, province, ct) =>
            OpeningSet.Invoke(db, province).Count())));

    /// <summary>
    /// A page of the list as it opens, its rows in the list's order, in one statement: the page's ids are a subquery (the
    /// list index read in order, cut by OFFSET/LIMIT) and only those rows are read whole.
    /// </summary>
    internal static Expression<Func<PortalDbContext, int?, int, int, IQueryable<RequestRow>>> OpeningRowsQuery =>
        QueryParts.Expand<Func<PortalDbContext, int?, int, int, IQueryable<RequestRow>>>((db, province, skip, take) =>
            ListOrder.Invoke(db.Set<ServiceRequest>().AsNoTracking().Where(r =>
                    ListOrder.Invoke(OpeningSet.Invoke(db, province)).Skip(skip).Take(take).Select(x => x.Id).Contains(r.Id)))
                .Select(r => RowOf.Invoke(db, r)));

    internal static readonly CompiledPerModel<Func<PortalDbContext, int?, int, int, IAsyncEnumerable<RequestRow>>> OpeningRows =
        new(() => EF.CompileAsyncQuery(OpeningRowsQuery));

    /// <summary>Free text of the list, as the full-text index reads it; null for no text and for "#N" (an exact number).</summary>
    internal sealed record TextSearch(IReadOnlyList<string> Terms, SearchFacets Facets, int? Number);

    internal static TextSearch? TextSearchOf(PortalDbContext db, PortalPrincipal user, RequestFilter filter)
    {
        if (string.IsNullOrWhiteSpace(filter.Text)) return null;
        var t = filter.Text.Trim();
        if (ExactNumber(t) is not null) return null;
        var terms = RequestSearchSql.Terms(t);
        // Only quotes, asterisks, brackets…: no word to look for, so the text filters nothing (as in Bandi).
        if (terms.Count == 0) return null;
        int? number = int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var permitted = user.IsAuthenticated && user.Satisfies(Policies.Requests);
        var facets = SearchFacets.Of(db, user, filter, user.IsInRole(Roles.ComuneUser), number is not null);
        return new TextSearch(terms, permitted ? facets : SearchFacets.None, number);
    }

    /// <summary>"#123" is the request's number as the list shows it.</summary>
    private static int? ExactNumber(string text) =>
        text.StartsWith('#') && int.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>SQLite: how the page of a text search finds its matches while reading the list (see <see cref="ReadOf"/>).</summary>
    internal enum TextPageRead
    {
        /// <summary>Every match read by key (Id IN the match set) and sorted: cost ≈ matches.</summary>
        ByKey,
        /// <summary>The list index walked in order, each entry looked up in the match set, built once: cost ≈ matches + entries walked.</summary>
        WalkMatchSet,
        /// <summary>The list index walked in order, each entry probed in the full-text index by its id: cost ≈ entries walked, no match set.</summary>
        WalkProbing,
    }

    /// <summary>
    /// SQLite, how to read a page of a text search, by cost, for a Province of up to ~1,000,000 requests
    /// (bench/RichiesteList, CPU per operation measured with the database memory-mapped): walking the list index costs
    /// (rows up to the page) × (requests / matches) entries, ~0.07 µs each with a lookup in the match set, ~8.5 µs each
    /// with a probe of the full-text index; building the match set ~0.3 µs per match; reading a match by key ~1.3 µs.
    /// Hence: probe while (rows up to the page) × 30,000,000 &lt; matches² (the first pages of a very common word:
    /// "del", 290,000 matches, up to page ~110: no set of 290,000 ids built for 25 rows), and only when every word is 2–4
    /// characters — the prefix indexes answer those with one term; a longer prefix merges every term it starts, at every
    /// probe. Otherwise walk with the match set while (rows up to the page) × 70,000 &lt; matches²; otherwise by key.
    /// </summary>
    internal static TextPageRead ReadOf(TextSearch? search, int total, int rowsUpToPage)
    {
        if (search is null) return TextPageRead.ByKey;
        var square = (long)total * total;
        if (search.Terms.All(t => t.Length is >= 2 and <= 4) && rowsUpToPage * 30_000_000L < square) return TextPageRead.WalkProbing;
        return rowsUpToPage * 70_000L < square ? TextPageRead.WalkMatchSet : TextPageRead.ByKey;
    }

    /// <summary>The list's query: visibility, the grid's filters, and the Province as a plain equality so that the indexes are sought.</summary>
    internal static IQueryable<ServiceRequest> Filtered(PortalDbContext db, PortalPrincipal user, RequestFilter filter) =>
        Filtered(db, user, filter, TextSearchOf(db, user, filter), TextPageRead.ByKey);

    internal static IQueryable<ServiceRequest> Filtered(PortalDbContext db, PortalPrincipal user, RequestFilter filter, TextSearch? search, TextPageRead read)
    {
        var q = Visible(db, user).AsNoTracking();
        // The tenant filter is "sees all OR ProvinceId = @id": no index can be sought through that OR, the equality can.
        if (!db.Scope.SeesAllProvinces && db.Scope.ProvinceId is int provinceId) q = q.Where(r => r.ProvinceId == provinceId);
        if (filter.Status is { } s) q = q.Where(r => r.Status == s);
        else if (filter.OnlyOpen) q = q.Where(r => r.Status != RequestStatus.Chiusa);
        if (filter.ServiceId is int sid) q = q.Where(r => r.ServiceId == sid);
        if (filter.ComuneId is int cid) q = q.Where(r => r.ComuneId == cid);
        if (filter.Sla is { } sla) q = q.Where(r => r.SlaState == sla);
        if (filter.AssignedToMe && user.UserId is { } me) q = q.Where(r => r.AssignedUserId == me);
        if (search is not null)
        {
            var sqlite = db.Database.IsSqlite();
            System.Linq.Expressions.Expression<Func<ServiceRequest, bool>> matching;
            if (read == TextPageRead.WalkProbing && sqlite)
            {
                // A correlated count that SQLite flattens into "rowid = r.Id AND MATCH": one seek of the FTS5 index per entry
                // walked. Not Any(m => m == r.Id): EF turns that into "r.Id IN (…)", the whole match set again. The words
                // alone: the entry walked already satisfies the Province and the filters.
                var words = RequestSearchSql.Matches(db, search.Terms, SearchFacets.None);
                matching = search.Number is int n ? r => r.Id == n || words.Count(m => m == r.Id) > 0 : r => words.Count(m => m == r.Id) > 0;
            }
            else
            {
                var matches = RequestSearchSql.Matches(db, search.Terms, search.Facets);
                // "Id + 0" is no key: SQLite then walks the list index in order and looks each entry up in the match set,
                // instead of reading every match by key and sorting them all (see ReadOf). Bare digits are also the number.
                matching = (read == TextPageRead.WalkMatchSet && sqlite, search.Number) switch
                {
                    (true, int n) => r => r.Id == n || matches.Contains(r.Id + 0),
                    (true, null) => r => matches.Contains(r.Id + 0),
                    (false, int n) => r => r.Id == n || matches.Contains(r.Id),
                    (false, null) => r => matches.Contains(r.Id),
                };
            }
            q = q.Where(matching);
        }
        else if (filter.Text is { } text && ExactNumber(text.Trim()) is int exact)
            q = q.Where(r => r.Id == exact);
        return q;
    }

    /// <summary>Comuni of the user's Province that have requests (the filter of the list; a Comune user gets none).</summary>
    public async Task<IReadOnlyList<NamedOption>> ListComuniWithRequestsAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (RequestAccess.IsComuneUser(user) || ChoicesVisibility(user) is not { } visibility) return [];
        return await choices.GetAsync(Hosting.FilterChoices.RequestComuni, visibility, async token =>
        {
            await using var db = await dbFactory.CreateAsync(token);
            // One index probe per Comune of the Province (EXISTS), not a walk over every request for a DISTINCT.
            var requests = Filtered(db, user, new RequestFilter());
            var comuni = db.Comuni.AsNoTracking();
            if (db.Scope.ProvinceId is int provinceId && !db.Scope.SeesAllProvinces) comuni = comuni.Where(c => c.ProvinceId == provinceId);
            return (IReadOnlyList<NamedOption>)(await comuni.Where(c => requests.Any(r => r.ComuneId == c.Id)).OrderBy(c => c.Name).Take(500)
                    .Select(c => new { c.Id, c.Name }).ToListAsync(token))
                .Select(c => new NamedOption(c.Id.ToString(CultureInfo.InvariantCulture), c.Name)).ToList();
        }, ct);
    }

    public async Task<IReadOnlyList<NamedOption>> ListServicesWithRequestsAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (ChoicesVisibility(user) is not { } visibility) return [];
        return await choices.GetAsync(Hosting.FilterChoices.RequestServices, visibility, async token =>
        {
            await using var db = await dbFactory.CreateAsync(token);
            var requests = Filtered(db, user, new RequestFilter());
            return (IReadOnlyList<NamedOption>)(await db.Set<CatalogService>().AsNoTracking().Where(s => requests.Any(r => r.ServiceId == s.Id))
                    .OrderBy(s => s.Name).Take(500).Select(s => new { s.Id, s.Name }).ToListAsync(token))
                .Select(s => new NamedOption(s.Id.ToString(CultureInfo.InvariantCulture), s.Name)).ToList();
        }, ct);
    }

    /// <summary>
    /// Who sees the same requests, for the filters' shared choices: the tenant scope, and the Comune for a Comune's user
    /// (<see cref="Visible"/>). Null for a user who sees none.
    /// </summary>
    private static object? ChoicesVisibility(PortalPrincipal user)
    {
        if (!user.IsAuthenticated || !user.Satisfies(Policies.Requests)) return null;
        var scope = PortalDbFactory.ScopeOf(user);
        return (scope.SharingKey, user.IsInRole(Roles.ComuneUser) ? user.ComuneId ?? -1 : (int?)null);
    }

    /// <summary>The request with its history; null when it does not exist or the user may not see it (no difference is shown).</summary>
    public async Task<RequestDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var r = await Visible(db, user).AsNoTracking().Include(x => x.Service).Include(x => x.Values).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return null;
        var seesInternal = CanSeeInternal(user, r);
        var events = await db.Set<RequestEvent>().AsNoTracking()
            .Where(e => e.RequestId == id && (seesInternal || !e.IsInternal))
            .OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Take(2000)
            .Select(e => new RequestEventRow(e.Id, e.Kind, e.FromStatus, e.ToStatus, e.AtUtc, e.AuthorName, e.Text, e.IsInternal)).ToListAsync(ct);
        var comune = r.ComuneId is int cid ? await db.Comuni.Where(c => c.Id == cid).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
        var group = r.AssignedGroupId is int gid ? await db.Set<OperatorGroup>().Where(g => g.Id == gid).Select(g => g.Name).FirstOrDefaultAsync(ct) : null;
        var calendar = await BusinessCalendarService.LoadAsync(db, r.ProvinceId, ct);
        var history = await HistoryAsync(db, id, ct);
        var targets = TargetsOf(r);
        var figures = SlaCalculator.Compute(calendar, r.CreatedAtUtc, targets, history, r.Status, Now);
        var actors = ActorsOf(user, r);
        var allowed = actors.SelectMany(a => RequestStateMachine.Allowed(r.Status, a)).Distinct().ToList();
        var autoClose = r.Status == RequestStatus.Risolta && r.SolvedAtUtc is { } solved ? solved.AddDays(options.CurrentValue.AutoCloseDays) : (DateTime?)null;
        return new RequestDetails(r.Id, r.ProvinceId, r.ComuneId, r.Subject, r.ServiceId, r.Service!.Name, comune, r.Status, r.Priority, r.RequesterName,
            r.AssignedUserId, r.AssignedUserName, r.AssignedGroupId, group, r.PlannedStartUtc, r.PlannedEndUtc, r.WaitingReason, r.Solution,
            r.RefusedSolutions, r.CreatedAtUtc, r.TakenInChargeAtUtc, r.SolvedAtUtc, r.ClosedAtUtc, autoClose, r.RowVersion, targets, figures,
            r.Values.OrderBy(v => v.Order).Select(v => new RequestValueRow(v.Label, v.Kind, v.Value, v.DocumentId)).ToList(),
            events, allowed, actors.Count > 0 && r.Status != RequestStatus.Chiusa, seesInternal, actors.Contains(RequestActor.Operatore));
    }

    // ---------- Filing ----------

    /// <summary>
    /// Files a request for a published service. The form is validated as the service defines it (Italian messages naming
    /// each field); attachments are stored as documents of the Comune's workspace, linked to the request. Nothing is left
    /// behind when a step fails.
    /// </summary>
    public async Task<int> CreateAsync(int serviceId, NewRequestInput input, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var service = await catalogue.GetForFilingAsync(serviceId, ct)
            ?? throw new RequestNotFoundException();
        var values = ValidateForm(service, input, documentOptions.Value);

        await using var db = await dbFactory.CreateAsync(ct);
        var sla = await db.Set<SlaClass>().AsNoTracking().FirstAsync(c => c.Id == service.SlaClassId, ct);
        var provinceId = await db.Set<CatalogService>().Where(s => s.Id == serviceId).Select(s => s.ProvinceId).FirstAsync(ct);
        var now = Now;
        var r = new ServiceRequest
        {
            ProvinceId = provinceId, ComuneId = RequestAccess.IsComuneUser(user) ? user.ComuneId : null, ServiceId = serviceId,
            Subject = input.Subject!.Trim(), Priority = input.Priority, RequesterUserId = user.UserId!, RequesterName = user.FullName,
            CreatedAtUtc = now, LastActivityAtUtc = now,
            TakeChargeTarget = sla.TakeChargeTarget, TakeChargeUnit = sla.TakeChargeUnit, ResolveTarget = sla.ResolveTarget,
            ResolveUnit = sla.ResolveUnit, WarningPercent = sla.WarningPercent, Values = values,
        };
        var calendar = await BusinessCalendarService.LoadAsync(db, provinceId, ct);
        ApplySla(r, SlaCalculator.Compute(calendar, now, TargetsOf(r), [], RequestStatus.Nuova, now));
        db.Add(r);
        await db.SaveChangesAsync(ct);
        db.Add(new RequestEvent
        {
            ProvinceId = provinceId, RequestId = r.Id, Kind = RequestEventKind.Creata, ToStatus = RequestStatus.Nuova, AtUtc = now,
            AuthorId = user.UserId, AuthorName = user.FullName, Text = null,
        });
        await db.SaveChangesAsync(ct);

        try
        {
            await StoreAttachmentsAsync(r, service, input, ct);
        }
        catch
        {
            await using var cleanup = await dbFactory.CreateForSystemAsync(CancellationToken.None);
            await cleanup.Set<ServiceRequest>().Where(x => x.Id == r.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        // The lists' filters may gain this service or Comune.
        choices.Changed(Hosting.FilterChoices.RequestServices);
        choices.Changed(Hosting.FilterChoices.RequestComuni);

        // Announced only once everything is stored.
        var operators = await CdcOperatorsAsync(db, provinceId, ct);
        Notify(db, operators.Where(o => o.UserId != user.UserId), r, $"Nuova richiesta #{r.Id}: {r.Subject}",
            $"{RequesterLabel(r, await ComuneNameAsync(db, r.ComuneId, ct))} ha inviato una richiesta per «{service.Name}».");
        await db.SaveChangesAsync(ct);
        notifications.WakeOutbox();
        return r.Id;
    }

    private async Task StoreAttachmentsAsync(ServiceRequest r, ServiceDetails service, NewRequestInput input, CancellationToken ct)
    {
        var attachments = service.Fields.Where(f => f.Kind == FormFieldKind.Allegato && input.Attachments.ContainsKey(f.Id)).ToList();
        if (attachments.Count == 0) return;
        var workspace = r.ComuneId is int comuneId
            ? await documents.OpenComuneWorkspaceAsync(comuneId, ct)
            : (await documents.ListWorkspacesAsync(ct)).FirstOrDefault(w => w.Kind == WorkspaceKind.CentroDiCompetenza && w.CanWrite)
              ?? throw new RequestValidationException("Allegati", "Allegati: nessuno spazio documentale del Centro di Competenza in cui archiviarli.");
        var created = new List<int>();
        await using var db = await dbFactory.CreateForSystemAsync(ct);
        try
        {
            foreach (var field in attachments)
            {
                var upload = input.Attachments[field.Id];
                int documentId;
                await using (var stream = upload.Open())
                {
                    try
                    {
                        documentId = await documents.CreateAsync(new NewDocument
                        {
                            WorkspaceId = workspace.Id, Title = $"Richiesta #{r.Id} – {field.Label}",
                            Description = $"Allegato «{field.Label}» della richiesta #{r.Id} ({service.Name}): {r.Subject}",
                            LinkedModule = DocumentModule, LinkedRecordId = r.Id.ToString(CultureInfo.InvariantCulture),
                        }, stream, upload.FileName, ct);
                    }
                    catch (DocumentValidationException ex)
                    {
                        throw new RequestValidationException(FieldKey(field.Id), $"Campo «{field.Label}»: {ex.Message}");
                    }
                }
                created.Add(documentId);
                await db.Set<RequestFieldValue>().Where(v => v.RequestId == r.Id && v.FieldId == field.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.DocumentId, documentId), ct);
            }
        }
        catch
        {
            foreach (var id in created)
            {
                try { await documents.DeleteAsync(id, CancellationToken.None); } catch (Exception) { /* the request is removed anyway */ }
            }
            throw;
        }
    }

    public static string FieldKey(int fieldId) => $"campo-{fieldId}";

    /// <summary>Checks every value against its field; returns the values to store or throws with one message per wrong field.</summary>
    public static List<RequestFieldValue> ValidateForm(ServiceDetails service, NewRequestInput input, DocumentOptions documentRules)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Subject)) errors[nameof(input.Subject)] = "Oggetto: è obbligatorio.";
        else if (input.Subject.Trim().Length > MaxSubjectLength) errors[nameof(input.Subject)] = $"Oggetto: al massimo {MaxSubjectLength} caratteri.";
        if (!Enum.IsDefined(input.Priority)) errors[nameof(input.Priority)] = "Priorità: valore non valido.";
        var known = service.Fields.Select(f => f.Id).ToHashSet();
        foreach (var unknown in input.Values.Keys.Concat(input.Attachments.Keys).Where(k => !known.Contains(k)).Distinct())
            errors[FieldKey(unknown)] = $"Il campo {unknown} non fa parte del modulo di «{service.Name}»: ricarichi la pagina.";

        var values = new List<RequestFieldValue>();
        foreach (var f in service.Fields)
        {
            var key = FieldKey(f.Id);
            var name = $"Campo «{f.Label}»";
            if (f.Kind == FormFieldKind.Allegato)
            {
                input.Attachments.TryGetValue(f.Id, out var file);
                if (file is null)
                {
                    if (f.Required) errors[key] = $"{name}: allegare un file è obbligatorio.";
                    continue;
                }
                var ext = DocumentRules.ExtensionOf(file.FileName);
                if (!documentRules.AllowedExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
                    errors[key] = $"{name}: il tipo di file «.{ext}» di «{file.FileName}» non è ammesso (tipi ammessi: {string.Join(", ", documentRules.AllowedExtensions)}).";
                else if (file.Size > documentRules.MaxUploadBytes)
                    errors[key] = $"{name}: il file «{file.FileName}» supera la dimensione massima di {DocumentRules.FormatSize(documentRules.MaxUploadBytes)}.";
                else if (file.Size == 0) errors[key] = $"{name}: il file «{file.FileName}» è vuoto.";
                else values.Add(new RequestFieldValue { FieldId = f.Id, Label = f.Label, Kind = f.Kind, Order = f.Order, Value = DocumentRules.SanitizeFileName(file.FileName) });
                continue;
            }
            input.Values.TryGetValue(f.Id, out var raw);
            var text = raw?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (f.Required) errors[key] = $"{name}: è obbligatorio.";
                continue;
            }
            string? normalized = null;
            switch (f.Kind)
            {
                case FormFieldKind.Testo:
                    if (text.Length > MaxShortTextLength) errors[key] = $"{name}: al massimo {MaxShortTextLength} caratteri (ne ha {text.Length}).";
                    else normalized = text;
                    break;
                case FormFieldKind.TestoLungo:
                    if (text.Length > MaxTextLength) errors[key] = $"{name}: al massimo {Formats.Number(MaxTextLength)} caratteri (ne ha {Formats.Number(text.Length)}).";
                    else normalized = text;
                    break;
                case FormFieldKind.Numero:
                    if (decimal.TryParse(text, NumberStyles.Number, Formats.Italian, out var n)) normalized = n.ToString(CultureInfo.InvariantCulture);
                    else errors[key] = $"{name}: «{text}» non è un numero (esempio: 1.250,50).";
                    break;
                case FormFieldKind.Data:
                    if (DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                        normalized = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    else errors[key] = $"{name}: «{text}» non è una data valida (gg/mm/aaaa).";
                    break;
                case FormFieldKind.Scelta:
                    var option = f.Options.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));
                    if (option is null) errors[key] = $"{name}: «{text}» non è tra le scelte ammesse ({string.Join(", ", f.Options)}).";
                    else normalized = option;
                    break;
            }
            if (normalized is not null) values.Add(new RequestFieldValue { FieldId = f.Id, Label = f.Label, Kind = f.Kind, Order = f.Order, Value = normalized });
        }
        if (errors.Count > 0) throw new RequestValidationException(errors);
        return values;
    }

    /// <summary>How a stored value reads on screen (dates dd/MM/yyyy, numbers in Italian).</summary>
    public static string Display(FormFieldKind kind, string? value) => kind switch
    {
        FormFieldKind.Data when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => Formats.Date(d),
        FormFieldKind.Numero when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) => n.ToString("#,##0.##", Formats.Italian),
        _ => value ?? "",
    };

    // ---------- Life cycle ----------

    /// <summary>
    /// Takes an action on the request seen at <paramref name="rowVersion"/>. A change made meanwhile by someone else is
    /// reported (<see cref="RequestConcurrencyException"/>) instead of overwritten. Returns the new row version.
    /// </summary>
    public async Task<int> ActAsync(int id, RequestAction action, ActionInput input, int rowVersion, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var r = await Visible(db, user).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestNotFoundException();
        if (r.RowVersion != rowVersion) throw new RequestConcurrencyException(RequestConcurrencyException.RequestChanged);
        var actors = ActorsOf(user, r);
        var actor = actors.FirstOrDefault(a => RequestStateMachine.CanApply(r.Status, action, a));
        if (actor == default) actor = actors.Count > 0 ? actors[0] : RequestActor.Lettore;
        await ApplyAsync(db, r, action, actor, input, user.UserId, user.FullName, Now, ct);
        db.Entry(r).Property(x => x.RowVersion).OriginalValue = rowVersion;
        r.RowVersion = rowVersion + 1;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new RequestConcurrencyException(RequestConcurrencyException.RequestChanged); }
        notifications.WakeOutbox();
        return r.RowVersion;
    }

    /// <summary>The change of state and everything that goes with it (history, SLA, notifications), not yet saved.</summary>
    internal async Task ApplyAsync(PortalDbContext db, ServiceRequest r, RequestAction action, RequestActor actor, ActionInput input,
        string? authorId, string authorName, DateTime now, CancellationToken ct)
    {
        var from = r.Status;
        var to = RequestStateMachine.Apply(from, action, actor);
        string? text = null;
        var kind = action switch
        {
            RequestAction.PrendiInCarico => RequestEventKind.PresaInCarico,
            RequestAction.Assegna => RequestEventKind.Assegnata,
            RequestAction.Pianifica => RequestEventKind.Pianificata,
            RequestAction.MettiInAttesa => RequestEventKind.MessaInAttesa,
            RequestAction.Riprendi => RequestEventKind.Ripresa,
            RequestAction.Risolvi => RequestEventKind.Risolta,
            RequestAction.ApprovaSoluzione => RequestEventKind.SoluzioneApprovata,
            RequestAction.RifiutaSoluzione => RequestEventKind.SoluzioneRifiutata,
            _ => RequestEventKind.ChiusaAutomaticamente,
        };
        var requester = new List<string> { r.RequesterUserId };
        IReadOnlyCollection<string> notify = [];
        string? message = null;

        switch (action)
        {
            case RequestAction.PrendiInCarico:
                if (r.AssignedUserId is null && authorId is not null) { r.AssignedUserId = authorId; r.AssignedUserName = authorName; }
                notify = requester;
                message = $"La richiesta #{r.Id} è stata presa in carico da {authorName}.";
                break;
            case RequestAction.Assegna:
                if (input.AssignedUserId is null && input.AssignedGroupId is null)
                    throw new RequestValidationException(nameof(input.AssignedUserId), "Assegnazione: scegliere un operatore o un gruppo.");
                string? userName = null, groupName = null;
                if (input.AssignedUserId is { } uid)
                {
                    userName = await CatalogueService.OperatorsQuery(db, r.ProvinceId).Where(u => u.Id == uid).Select(u => u.FullName).FirstOrDefaultAsync(ct)
                        ?? throw new RequestValidationException(nameof(input.AssignedUserId), "Assegnazione: l'operatore scelto non è un operatore attivo di questa Provincia.");
                }
                if (input.AssignedGroupId is int gid)
                {
                    groupName = await db.Set<OperatorGroup>().Where(g => g.Id == gid && g.ProvinceId == r.ProvinceId && g.IsActive).Select(g => g.Name).FirstOrDefaultAsync(ct)
                        ?? throw new RequestValidationException(nameof(input.AssignedGroupId), "Assegnazione: il gruppo scelto non esiste in questa Provincia o è disattivato.");
                }
                r.AssignedUserId = input.AssignedUserId;
                r.AssignedUserName = userName;
                r.AssignedGroupId = input.AssignedGroupId;
                text = string.Join(" · ", new[] { userName is null ? null : $"Operatore: {userName}", groupName is null ? null : $"Gruppo: {groupName}" }.Where(x => x is not null));
                notify = await AssigneesAsync(db, r, ct);
                message = $"La richiesta #{r.Id} «{r.Subject}» è stata assegnata a lei o al suo gruppo da {authorName}.";
                break;
            case RequestAction.Pianifica:
                if (input.PlannedStartUtc is null)
                    throw new RequestValidationException(nameof(input.PlannedStartUtc), "Pianificazione: la data di inizio è obbligatoria.");
                if (input.PlannedEndUtc is { } end && end < input.PlannedStartUtc)
                    throw new RequestValidationException(nameof(input.PlannedEndUtc), "Pianificazione: la data di fine precede quella di inizio.");
                r.PlannedStartUtc = input.PlannedStartUtc;
                r.PlannedEndUtc = input.PlannedEndUtc;
                text = input.PlannedEndUtc is { } e2 ? $"Dal {Formats.DateTime(input.PlannedStartUtc.Value)} al {Formats.DateTime(e2)}" : $"Dal {Formats.DateTime(input.PlannedStartUtc.Value)}";
                notify = requester;
                message = $"La richiesta #{r.Id} è stata pianificata: {text}.";
                break;
            case RequestAction.MettiInAttesa:
                text = RequiredText(input.Text, "Motivo dell'attesa", nameof(input.Text));
                r.WaitingReason = text;
                notify = requester;
                message = $"La richiesta #{r.Id} è in attesa di una sua risposta: {text}";
                break;
            case RequestAction.Riprendi:
                r.WaitingReason = null;
                text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim();
                break;
            case RequestAction.Risolvi:
                text = RequiredText(input.Text, "Soluzione", nameof(input.Text));
                r.Solution = text;
                r.WaitingReason = null;
                r.SolvedAtUtc = now;
                notify = requester;
                message = $"La richiesta #{r.Id} è stata risolta. Approvi la soluzione o la rifiuti spiegando il motivo.";
                break;
            case RequestAction.ApprovaSoluzione:
            case RequestAction.ChiudiAutomaticamente:
                r.ClosedAtUtc = now;
                notify = action == RequestAction.ChiudiAutomaticamente ? requester : await AssigneesAsync(db, r, ct);
                message = action == RequestAction.ChiudiAutomaticamente
                    ? $"La richiesta #{r.Id} è stata chiusa automaticamente: la soluzione non ha ricevuto risposta entro {options.CurrentValue.AutoCloseDays} giorni."
                    : $"Il Comune ha approvato la soluzione della richiesta #{r.Id}: la richiesta è chiusa.";
                break;
            case RequestAction.RifiutaSoluzione:
                text = RequiredText(input.Text, "Motivo del rifiuto", nameof(input.Text));
                r.RefusedSolutions++;
                r.SolvedAtUtc = null;
                notify = await AssigneesAsync(db, r, ct);
                message = $"Il Comune ha rifiutato la soluzione della richiesta #{r.Id}: {text}";
                break;
        }
        if (to != from && from == RequestStatus.Nuova) r.TakenInChargeAtUtc = now;
        // The satisfaction survey follows the solution: asked when solved, voided when the solution is refused.
        if (to == RequestStatus.Risolta && from != RequestStatus.Risolta) await satisfaction.OnSolvedAsync(db, r, now, ct);
        else if (action == RequestAction.RifiutaSoluzione) await satisfaction.OnSolutionRefusedAsync(db, r, now, ct);
        r.Status = to;
        r.LastActivityAtUtc = now;
        var ev = new RequestEvent
        {
            ProvinceId = r.ProvinceId, RequestId = r.Id, Kind = kind, FromStatus = to != from ? from : null, ToStatus = to != from ? to : null,
            AtUtc = now, AuthorId = authorId, AuthorName = authorName, Text = text,
        };
        db.Add(ev);

        var history = (await HistoryAsync(db, r.Id, ct)).ToList();
        if (ev.ToStatus is { } newStatus) history.Add(new StatusChange(now, from, newStatus));
        var calendar = await BusinessCalendarService.LoadAsync(db, r.ProvinceId, ct);
        ApplySla(r, SlaCalculator.Compute(calendar, r.CreatedAtUtc, TargetsOf(r), history, r.Status, now));
        await RequestReminders.ScheduleAsync(db, r, to != from, calendar, now, ct);

        if (message is not null)
        {
            var recipients = await NotificationService.RecipientsAsync(db, notify.Where(u => u != authorId).ToList(), ct);
            Notify(db, recipients, r, $"Richiesta #{r.Id}: {RequestStateMachine.Label(action)}", message);
        }
    }

    /// <summary>A public reply (seen by the Comune) or an internal note (operators only). The state does not change.</summary>
    public async Task AddMessageAsync(int id, string? text, bool isInternal, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var r = await Visible(db, user).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestNotFoundException();
        var actors = ActorsOf(user, r);
        if (actors.Count == 0) throw new RequestForbiddenException("Può scrivere sulla richiesta solo chi la tratta o il Comune che l'ha inviata.");
        if (isInternal && !actors.Contains(RequestActor.Operatore)) throw new RequestForbiddenException("Solo gli operatori scrivono note interne.");
        if (r.Status == RequestStatus.Chiusa) throw new RequestTransitionException("La richiesta è chiusa: non si possono aggiungere messaggi.");
        var body = RequiredText(text, isInternal ? "Nota interna" : "Risposta", "Text");
        var now = Now;
        db.Add(new RequestEvent
        {
            ProvinceId = r.ProvinceId, RequestId = r.Id, Kind = isInternal ? RequestEventKind.NotaInterna : RequestEventKind.Risposta,
            AtUtc = now, AuthorId = user.UserId, AuthorName = user.FullName, Text = body, IsInternal = isInternal,
        });
        if (!isInternal)
        {
            // The Comune hears from the operators, the operators from the Comune.
            var fromOperator = actors.Contains(RequestActor.Operatore) && user.UserId != r.RequesterUserId;
            IReadOnlyCollection<string> to = fromOperator ? [r.RequesterUserId] : await AssigneesAsync(db, r, ct);
            var recipients = await NotificationService.RecipientsAsync(db, to.Where(u => u != user.UserId).ToList(), ct);
            Notify(db, recipients, r, $"Richiesta #{r.Id}: nuova risposta", $"{user.FullName} ha scritto: {Shorten(body, 300)}");
        }
        // Only the activity time: a message does not conflict with someone else's change of state.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<ServiceRequest>().Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActivityAtUtc, now), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifications.WakeOutbox();
    }

    // ---------- Helpers ----------

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The requests a user may see: the Province's (tenant filter) for its staff, only the own Comune's for Comune users.</summary>
    internal static IQueryable<ServiceRequest> Visible(PortalDbContext db, PortalPrincipal user)
    {
        var q = db.Set<ServiceRequest>().AsQueryable();
        if (!user.IsAuthenticated || !user.Satisfies(Policies.Requests)) return q.Where(r => false);
        if (user.IsInRole(Roles.ComuneUser))
        {
            var comuneId = user.ComuneId ?? -1;
            return q.Where(r => r.ComuneId == comuneId);
        }
        return q;
    }

    private static bool CanSeeInternal(PortalPrincipal user, ServiceRequest r) =>
        !user.IsInRole(Roles.ComuneUser) && (RequestAccess.IsOperator(user) || user.IsInRole(Roles.Manager));

    internal static List<RequestActor> ActorsOf(PortalPrincipal user, ServiceRequest r)
    {
        var actors = new List<RequestActor>();
        if (RequestAccess.IsOperator(user) && !user.IsInRole(Roles.ComuneUser)) actors.Add(RequestActor.Operatore);
        var isRequester = user.IsInRole(Roles.ComuneUser) ? r.ComuneId is not null && r.ComuneId == user.ComuneId : r.RequesterUserId == user.UserId;
        if (isRequester) actors.Add(RequestActor.Richiedente);
        return actors;
    }

    internal static SlaTargets TargetsOf(ServiceRequest r) =>
        new(r.TakeChargeTarget, r.TakeChargeUnit, r.ResolveTarget, r.ResolveUnit, r.WarningPercent);

    internal static void ApplySla(ServiceRequest r, SlaFigures f)
    {
        r.TakeChargeDueUtc = f.TakeChargeDueUtc;
        r.TakeChargeWarnUtc = f.TakeChargeWarnUtc;
        r.TakeChargeMarginMinutes = f.TakeChargeMarginMinutes;
        r.ResolveDueUtc = f.ResolveDueUtc;
        r.ResolveWarnUtc = f.ResolveWarnUtc;
        r.ResolveMarginMinutes = f.ResolveMarginMinutes;
        r.SlaState = f.State;
        r.TakeChargeWorkingMinutes = f.TakeChargeWorkingMinutes;
        r.ResolveWorkingMinutes = f.ResolveWorkingMinutes;
    }

    internal static async Task<IReadOnlyList<StatusChange>> HistoryAsync(PortalDbContext db, int requestId, CancellationToken ct) =>
        (await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == requestId && e.FromStatus != null && e.ToStatus != null)
            .OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new { e.AtUtc, e.FromStatus, e.ToStatus }).ToListAsync(ct))
        .Select(e => new StatusChange(e.AtUtc, e.FromStatus!.Value, e.ToStatus!.Value)).ToList();

    /// <summary>The assigned operator, else the members of the assigned group, else every operator of the competence centre.</summary>
    internal static async Task<IReadOnlyCollection<string>> AssigneesAsync(PortalDbContext db, ServiceRequest r, CancellationToken ct)
    {
        if (r.AssignedUserId is { } u) return [u];
        if (r.AssignedGroupId is int g)
        {
            var members = await db.Set<OperatorGroupMember>().Where(m => m.GroupId == g).Select(m => m.UserId).ToListAsync(ct);
            if (members.Count > 0) return members;
        }
        return (await CdcOperatorsAsync(db, r.ProvinceId, ct)).Select(o => o.UserId).ToList();
    }

    internal static async Task<IReadOnlyList<NotificationRecipient>> CdcOperatorsAsync(PortalDbContext db, int provinceId, CancellationToken ct) =>
        await (from u in db.Users
               join ur in db.UserRoles on u.Id equals ur.UserId
               join role in db.Roles on ur.RoleId equals role.Id
               where role.Name == Roles.CdcOperator && u.ProvinceId == provinceId && u.IsActive
               select new NotificationRecipient(u.Id, u.Email, u.FullName)).AsNoTracking().ToListAsync(ct);

    internal void Notify(PortalDbContext db, IEnumerable<NotificationRecipient> recipients, ServiceRequest r, string title, string body)
    {
        var link = $"/richieste/{r.Id}";
        notifications.Queue(db, recipients, new NotificationMessage(title, body, link),
            rcpt => new EmailMessage(rcpt.Email!, title,
                $"Buongiorno {rcpt.FullName},\n\n{body}\n\nOggetto della richiesta: {r.Subject}\n" +
                $"Apra la richiesta: {notifications.AbsoluteLink(link)}\n\nMessaggio automatico di ProvincePortal."));
    }

    private static async Task<string?> ComuneNameAsync(PortalDbContext db, int? comuneId, CancellationToken ct) =>
        comuneId is int id ? await db.Comuni.Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;

    private static string RequesterLabel(ServiceRequest r, string? comune) => comune is null ? r.RequesterName : $"{r.RequesterName} (Comune di {comune})";

    private static string RequiredText(string? text, string label, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new RequestValidationException(field, $"{label}: è obbligatorio.");
        var t = text.Trim();
        if (t.Length > MaxTextLength) throw new RequestValidationException(field, $"{label}: al massimo {Formats.Number(MaxTextLength)} caratteri (ne ha {Formats.Number(t.Length)}).");
        return t;
    }

    private static string Shorten(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
}
