using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls;

/// <summary>
/// Full-text index of <see cref="Call.SearchText"/> (already lower case and without accents, <see cref="CallRules.Normalize"/>),
/// used by the registry's text filter: at 50,000 calls a substring test on every row cost more than the whole page budget
/// (bench/BandiSearch). The SQL is in the hand-written migration CallSearch of each provider. Every word of the query must
/// match the start of a word of the call ("sost" finds "sostenibilità", "citta" finds "Città"), on both providers.
/// </summary>
public static class CallSearchSql
{
    /// <summary>
    /// SQLite: an FTS5 table over Calls (external content) kept in step by triggers; prefix indexes because every term is a
    /// prefix query. A migration that rebuilds the Calls table (EF does so for some column changes on SQLite) drops the
    /// triggers with the old table: run <see cref="SqliteTriggers"/> again after it.
    /// </summary>
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE "CallSearch" USING fts5("SearchText", content='Calls', content_rowid='Id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
        """ + SqliteTriggers + """
        INSERT INTO "CallSearch"("CallSearch") VALUES ('rebuild');
        """;

    public const string SqliteTriggers = """
        CREATE TRIGGER "Calls_search_ai" AFTER INSERT ON "Calls" BEGIN
          INSERT INTO "CallSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
        END;
        CREATE TRIGGER "Calls_search_ad" AFTER DELETE ON "Calls" BEGIN
          INSERT INTO "CallSearch"("CallSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
        END;
        CREATE TRIGGER "Calls_search_au" AFTER UPDATE OF "SearchText" ON "Calls" BEGIN
          INSERT INTO "CallSearch"("CallSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
          INSERT INTO "CallSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
        END;

        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "Calls_search_au";
        DROP TRIGGER IF EXISTS "Calls_search_ad";
        DROP TRIGGER IF EXISTS "Calls_search_ai";
        DROP TABLE IF EXISTS "CallSearch";
        """;

    /// <summary>
    /// PostgreSQL: a GIN index on the tsvector of SearchText with the 'simple' configuration (no stemming, no stop words:
    /// the text mixes English titles, Italian calls and identifiers); PostgreSQL keeps it in step by itself.
    /// </summary>
    public const string PostgresUp = """
        CREATE INDEX "IX_Calls_SearchText_Fts" ON "Calls" USING gin (to_tsvector('simple'::regconfig, "SearchText"));
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_Calls_SearchText_Fts";
        """;

    /// <summary>The words of the query, normalised like SearchText, letters and digits only: user input never reaches the query syntax.</summary>
    public static IReadOnlyList<string> Terms(string? text) => FullTextQuery.Words(CallRules.Normalize(text)).Distinct().Take(8).ToList();

    /// <summary>FTS5: each term quoted and used as a prefix, all required.</summary>
    public static string FtsQuery(IReadOnlyList<string> terms) => FullTextQuery.Fts5Prefixes(terms);

    /// <summary>PostgreSQL tsquery: each term as a prefix, all required.</summary>
    public static string TsQuery(IReadOnlyList<string> terms) => FullTextQuery.TsPrefixes(terms);

    /// <summary>Keeps the calls whose text matches every term, through the full-text index of the provider.</summary>
    public static IQueryable<Call> Matching(this IQueryable<Call> query, PortalDbContext db, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return query;
        if (db.Database.IsNpgsql())
        {
            var tsQuery = TsQuery(terms);
            return query.Where(c => EF.Functions.ToTsVector("simple", c.SearchText).Matches(EF.Functions.ToTsQuery("simple", tsQuery)));
        }
        var ftsQuery = FtsQuery(terms);
        var matches = db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "CallSearch" WHERE "CallSearch" MATCH {ftsQuery}""");
        // "Id + 0" is no key lookup: SQLite then probes the matches while reading the narrow list index (IX_Calls_List) in
        // order, instead of reading the wide row of each of thousands of matches of a common word (bench/BandiSearch).
        return query.Where(c => matches.Contains(c.Id + 0));
    }
}
