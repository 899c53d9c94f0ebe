using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Requests;

/// <summary>
/// Full-text index of the requests' subjects for the list's text filter: a substring test on every subject cost 1.5 s at
/// 1,000,000 requests (bench/RichiesteList). The SQL is in the hand-written migration RequestSearch of each provider. Every
/// word of the query must match the start of a word of the subject ("illumin" finds "Illuminazione", "citta" finds
/// "Città"), ignoring case and accents, on both providers.
/// </summary>
public static class RequestSearchSql
{
    /// <summary>
    /// SQLite: a contentless FTS5 table (rows deletable by rowid) filled by triggers. Beside the subject it indexes the
    /// grid's filters as tokens (Province, service, Comune, state, SLA state: <see cref="FacetsSql"/>), so that the count of
    /// a text search is answered by the index alone, without reading a request per match. Contentless, not external
    /// content: the facets are no column of ServiceRequests, and a view over it would make EF's table rebuilds fail.
    /// A migration that rebuilds ServiceRequests drops the triggers with the old table: <see cref="EnsureSqliteAsync"/> at
    /// start-up puts them back and refills the index.
    /// </summary>
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE "RequestSearch" USING fts5("Subject", "Facets", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
        """ + SqliteTriggers + SqliteFill;

    public const string SqliteTriggers = """
        CREATE TRIGGER "ServiceRequests_search_ai" AFTER INSERT ON "ServiceRequests" BEGIN
          INSERT INTO "RequestSearch"(rowid, "Subject", "Facets") VALUES (new."Id", new."Subject", 
        """ + FacetsOfNew + """
        );
        END;
        CREATE TRIGGER "ServiceRequests_search_ad" AFTER DELETE ON "ServiceRequests" BEGIN
          DELETE FROM "RequestSearch" WHERE rowid = old."Id";
        END;
        CREATE TRIGGER "ServiceRequests_search_au" AFTER UPDATE OF "Subject", "ProvinceId", "ServiceId", "ComuneId", "Status", "SlaState" ON "ServiceRequests" BEGIN
          DELETE FROM "RequestSearch" WHERE rowid = old."Id";
          INSERT INTO "RequestSearch"(rowid, "Subject", "Facets") VALUES (new."Id", new."Subject", 
        """ + FacetsOfNew + """
        );
        END;

        """;

    /// <summary>The facet tokens of a request: p&lt;Province&gt; s&lt;service&gt; c&lt;Comune, 0 for the Province's own offices&gt; t&lt;state&gt; l&lt;SLA state&gt;.</summary>
    public const string FacetsSql = """'p' || "ProvinceId" || ' s' || "ServiceId" || ' c' || COALESCE("ComuneId", 0) || ' t' || "Status" || ' l' || "SlaState" """;

    private const string FacetsOfNew = """'p' || new."ProvinceId" || ' s' || new."ServiceId" || ' c' || COALESCE(new."ComuneId", 0) || ' t' || new."Status" || ' l' || new."SlaState" """;

    /// <summary>Backfill (and refill after lost triggers): every existing request.</summary>
    public const string SqliteFill = """
        INSERT INTO "RequestSearch"("RequestSearch") VALUES ('delete-all');
        INSERT INTO "RequestSearch"(rowid, "Subject", "Facets") SELECT "Id", "Subject", 
        """ + FacetsSql + """
        FROM "ServiceRequests";

        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "ServiceRequests_search_au";
        DROP TRIGGER IF EXISTS "ServiceRequests_search_ad";
        DROP TRIGGER IF EXISTS "ServiceRequests_search_ai";
        DROP TABLE IF EXISTS "RequestSearch";
        """;

    /// <summary>
    /// PostgreSQL: a GIN index on the tsvector of the unaccented subject, 'simple' configuration (lower case, no stemming,
    /// no stop words). pp_unaccent is the immutable wrapper of unaccent created by the DocumentSearch migration: no new
    /// extension. PostgreSQL keeps the index in step by itself.
    /// </summary>
    public const string PostgresUp = """
        CREATE INDEX "IX_ServiceRequests_Subject_Fts" ON "ServiceRequests" USING gin (to_tsvector('simple'::regconfig, pp_unaccent("Subject")));
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_ServiceRequests_Subject_Fts";
        """;

    /// <summary>The words of the query, lower case and without accents, letters and digits only: user input never reaches the query syntax.</summary>
    public static IReadOnlyList<string> Terms(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : FullTextQuery.Words(FullTextQuery.Fold(text)).Distinct().Take(8).ToList();

    /// <summary>FTS5: each term quoted, a prefix, in the subject; each facet a token of the facets column; all required.</summary>
    public static string FtsQuery(IReadOnlyList<string> terms, SearchFacets facets)
    {
        var sb = new StringBuilder(FullTextQuery.Fts5Prefixes(terms, "Subject"));
        foreach (var token in facets.Required) sb.Append(" Facets:\"").Append(token).Append('"');
        // FTS5's NOT is binary and binds tighter than the implicit AND: "a b NOT c" keeps a and b without c.
        foreach (var token in facets.Excluded) sb.Append(" NOT Facets:\"").Append(token).Append('"');
        return sb.ToString();
    }

    /// <summary>PostgreSQL tsquery: each term as a prefix, all required.</summary>
    public static string TsQuery(IReadOnlyList<string> terms) => FullTextQuery.TsPrefixes(terms);

    /// <summary>
    /// The ids of the requests whose subject matches every term (and, on SQLite, carrying the facets), through the index of
    /// the provider: used as "Id IN (…)" by the list's query.
    /// </summary>
    public static IQueryable<int> Matches(PortalDbContext db, IReadOnlyList<string> terms, SearchFacets facets)
    {
        if (db.Database.IsNpgsql())
        {
            var tsQuery = TsQuery(terms);
            return db.Database.SqlQuery<int>($"""SELECT "Id" AS "Value" FROM "ServiceRequests" WHERE to_tsvector('simple'::regconfig, pp_unaccent("Subject")) @@ to_tsquery('simple'::regconfig, {tsQuery})""");
        }
        var ftsQuery = FtsQuery(terms, facets);
        return db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "RequestSearch" WHERE "RequestSearch" MATCH {ftsQuery}""");
    }

    /// <summary>SQLite only: the number of index entries carrying every term and facet, read from the FTS5 index alone.</summary>
    public static Task<int> CountAsync(PortalDbContext db, IReadOnlyList<string> terms, SearchFacets facets, CancellationToken ct)
    {
        var ftsQuery = FtsQuery(terms, facets);
        return db.Database.SqlQuery<int>($"""SELECT COUNT(*) AS "Value" FROM "RequestSearch" WHERE "RequestSearch" MATCH {ftsQuery}""").SingleAsync(ct);
    }

    /// <summary>
    /// SQLite start-up check: when the index exists but its triggers do not (a later migration rebuilt ServiceRequests),
    /// puts the triggers back and refills the index from the requests. Returns whether it had to.
    /// </summary>
    public static async Task<bool> EnsureSqliteAsync(PortalDbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite()) return false;
        var objects = await db.Database.SqlQuery<string>($"""
            SELECT name AS "Value" FROM sqlite_master WHERE name IN ('RequestSearch', 'ServiceRequests_search_ai', 'ServiceRequests_search_ad', 'ServiceRequests_search_au')
            """).ToListAsync(ct);
        if (!objects.Contains("RequestSearch") || objects.Count == 4) return false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""
            DROP TRIGGER IF EXISTS "ServiceRequests_search_au";
            DROP TRIGGER IF EXISTS "ServiceRequests_search_ad";
            DROP TRIGGER IF EXISTS "ServiceRequests_search_ai";
            """ + SqliteTriggers + SqliteFill, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

/// <summary>
/// The grid's restrictions as tokens of the SQLite index (<see cref="RequestSearchSql.FacetsSql"/>). <see cref="Complete"/>:
/// the tokens say everything the list's query says (visibility, Province, filters), so the index alone gives the count.
/// </summary>
public sealed record SearchFacets(IReadOnlyList<string> Required, IReadOnlyList<string> Excluded, bool Complete)
{
    public static readonly SearchFacets None = new([], [], false);

    internal static SearchFacets Of(PortalDbContext db, PortalPrincipal user, RequestFilter filter, bool comuneUser, bool orNumber)
    {
        var required = new List<string>();
        var excluded = new List<string>();
        var complete = !orNumber && !(filter.AssignedToMe && user.UserId is not null);
        if (!db.Scope.SeesAllProvinces)
        {
            if (db.Scope.ProvinceId is int provinceId) required.Add(Token('p', provinceId));
            else complete = false;
        }
        if (comuneUser) required.Add(Token('c', user.ComuneId ?? -1));
        if (filter.Status is { } s) required.Add(Token('t', (int)s));
        else if (filter.OnlyOpen) excluded.Add(Token('t', (int)RequestStatus.Chiusa));
        if (filter.ServiceId is int sid) required.Add(Token('s', sid));
        if (filter.ComuneId is int cid) required.Add(Token('c', cid));
        if (filter.Sla is { } sla) required.Add(Token('l', (int)sla));
        // A negative id (no Comune on a Comune user) is no token the index holds: let the query decide.
        if (required.Any(t => t.Contains('-'))) return new([], [], false);
        return new(required, excluded, complete);
    }

    private static string Token(char kind, int value) => kind + value.ToString(CultureInfo.InvariantCulture);
}
