using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Documents;

/// <summary>A search result. <see cref="Snippet"/> marks the matched words with <see cref="DocumentSearchSql.MarkStart"/>/<see cref="DocumentSearchSql.MarkEnd"/> so that the page can encode the text and highlight safely.</summary>
public sealed record SearchHit(int DocumentId, string Title, string WorkspaceName, string? DocumentType, string Snippet, double Rank,
    ExtractionStatus Extraction = ExtractionStatus.Indicizzato, DateTime UpdatedAtUtc = default);

/// <summary>What the search page asks: words plus optional filters. Dates are calendar days in Italy, both included.</summary>
public sealed record DocumentSearchQuery(string Text)
{
    public int? WorkspaceId { get; init; }
    public string? DocumentType { get; init; }
    /// <summary>Every tag given must be on the document.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateOnly? UpdatedFrom { get; init; }
    public DateOnly? UpdatedTo { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>The provider-specific SQL of full-text search; the migrations use the same text.</summary>
public static class DocumentSearchSql
{
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';

    /// <summary>
    /// SQLite: an FTS5 index over DocumentTexts (external content), kept in step by triggers. remove_diacritics 2 makes
    /// "citta" find "città".
    /// </summary>
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE "DocumentSearch" USING fts5("Title", "Tags", "Body", content='DocumentTexts', content_rowid='DocumentId', tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER "DocumentTexts_ai" AFTER INSERT ON "DocumentTexts" BEGIN
          INSERT INTO "DocumentSearch"(rowid, "Title", "Tags", "Body") VALUES (new."DocumentId", new."Title", new."Tags", new."Body");
        END;
        CREATE TRIGGER "DocumentTexts_ad" AFTER DELETE ON "DocumentTexts" BEGIN
          INSERT INTO "DocumentSearch"("DocumentSearch", rowid, "Title", "Tags", "Body") VALUES ('delete', old."DocumentId", old."Title", old."Tags", old."Body");
        END;
        CREATE TRIGGER "DocumentTexts_au" AFTER UPDATE ON "DocumentTexts" BEGIN
          INSERT INTO "DocumentSearch"("DocumentSearch", rowid, "Title", "Tags", "Body") VALUES ('delete', old."DocumentId", old."Title", old."Tags", old."Body");
          INSERT INTO "DocumentSearch"(rowid, "Title", "Tags", "Body") VALUES (new."DocumentId", new."Title", new."Tags", new."Body");
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "DocumentTexts_au";
        DROP TRIGGER IF EXISTS "DocumentTexts_ad";
        DROP TRIGGER IF EXISTS "DocumentTexts_ai";
        DROP TABLE IF EXISTS "DocumentSearch";
        """;

    /// <summary>
    /// PostgreSQL: the 'italian' configuration over unaccented text, through an immutable wrapper so that it can be indexed.
    /// unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
    /// </summary>
    public const string PostgresUp = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE OR REPLACE FUNCTION pp_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
        CREATE INDEX "IX_DocumentTexts_Search" ON "DocumentTexts" USING gin (to_tsvector('italian'::regconfig, pp_unaccent("Title" || ' ' || "Tags" || ' ' || "Body")));
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_DocumentTexts_Search";
        DROP FUNCTION IF EXISTS pp_unaccent(text);
        """;

    /// <summary>The words of the query, letters and digits only: user input never reaches the query syntax.</summary>
    public static IReadOnlyList<string> Terms(string query)
    {
        var terms = new List<string>();
        var sb = new StringBuilder();
        foreach (var c in query + " ")
        {
            if (char.IsLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0) { terms.Add(sb.ToString()); sb.Clear(); }
        }
        return terms.Distinct(StringComparer.OrdinalIgnoreCase).Take(12).ToList();
    }

    /// <summary>The FTS5 query the app runs for <paramref name="terms"/>: each word quoted and used as a prefix, all required.</summary>
    public static string FtsQuery(IEnumerable<string> terms) => string.Join(" ", terms.Select(t => "\"" + t + "\"*"));
}

public sealed partial class DocumentService
{
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int? workspaceId = null, string? documentType = null, int limit = 50, CancellationToken ct = default) =>
        SearchAsync(new DocumentSearchQuery(query) { WorkspaceId = workspaceId, DocumentType = documentType, Limit = limit }, ct);

    /// <summary>
    /// Ranked full-text search over title, tags, description and content of the documents the user may read (trash
    /// excluded). Two steps in one statement: rank and filter the matches and keep the best <c>Limit</c>, then build
    /// snippets for those rows only (a snippet costs far more than a rank; see bench/DocumentSearch).
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(DocumentSearchQuery query, CancellationToken ct = default)
    {
        var terms = DocumentSearchSql.Terms(query.Text ?? "");
        if (terms.Count == 0) return [];
        if (query.UpdatedFrom is { } f && query.UpdatedTo is { } t && t < f)
            throw new DocumentValidationException("Filtro per data: la data finale precede quella iniziale.");
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var workspaceId = query.WorkspaceId;
        var readable = await db.Workspaces.AsNoTracking().Where(DocumentAccess.CanRead(user))
            .Where(w => workspaceId == null || w.Id == workspaceId).Select(w => w.Id).ToListAsync(ct);
        if (readable.Count == 0) return [];

        var postgres = data.Provider == DatabaseProvider.Postgres;
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = conn.CreateCommand();

        // Workspace ids are integers from our own query: inlined, not user input. Everything else is a parameter.
        var filters = new StringBuilder($"AND d.\"DeletedAtUtc\" IS NULL AND d.\"WorkspaceId\" IN ({string.Join(",", readable)})");
        if (!string.IsNullOrWhiteSpace(query.DocumentType))
        {
            filters.Append(" AND d.\"DocumentType\" = @type");
            Add(cmd, "@type", query.DocumentType);
        }
        var tags = query.Tags.Select(x => x.Trim().ToLowerInvariant()).Where(x => x.Length > 0).Distinct().Take(10).ToList();
        for (var i = 0; i < tags.Count; i++)
        {
            // Tags are stored as "a, b, c": ", tag," inside ", a, b, c," matches whole tags only, with no LIKE wildcards to escape.
            filters.Append(postgres ? $" AND strpos(', ' || d.\"Tags\" || ',', @tag{i}) > 0" : $" AND instr(', ' || d.\"Tags\" || ',', @tag{i}) > 0");
            Add(cmd, $"@tag{i}", ", " + tags[i] + ",");
        }
        if (query.UpdatedFrom is { } from)
        {
            filters.Append(" AND d.\"UpdatedAtUtc\" >= @from");
            Add(cmd, "@from", RomeMidnightUtc(from));
        }
        if (query.UpdatedTo is { } to)
        {
            filters.Append(" AND d.\"UpdatedAtUtc\" < @to");
            Add(cmd, "@to", RomeMidnightUtc(to.AddDays(1)));
        }

        if (postgres)
        {
            const string vector = "to_tsvector('italian'::regconfig, pp_unaccent(t.\"Title\" || ' ' || t.\"Tags\" || ' ' || t.\"Body\"))";
            cmd.CommandText = $"""
                WITH q AS (SELECT to_tsquery('italian'::regconfig, pp_unaccent(@q)) AS q),
                top AS (
                    SELECT t."DocumentId" AS id, ts_rank({vector}, q.q) AS rank
                    FROM "DocumentTexts" t
                    JOIN "Documents" d ON d."Id" = t."DocumentId"
                    CROSS JOIN q
                    WHERE {vector} @@ q.q {filters}
                    ORDER BY rank DESC, t."DocumentId" DESC
                    LIMIT @limit)
                SELECT d."Id", d."Title", w."Name", d."DocumentType",
                       ts_headline('italian', t."Body", q.q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2'),
                       top.rank, v."ExtractionStatus", d."UpdatedAtUtc"
                FROM top
                CROSS JOIN q
                JOIN "DocumentTexts" t ON t."DocumentId" = top.id
                JOIN "Documents" d ON d."Id" = top.id
                JOIN "Workspaces" w ON w."Id" = d."WorkspaceId"
                LEFT JOIN "DocumentVersions" v ON v."DocumentId" = d."Id" AND v."Number" = d."CurrentVersionNumber"
                ORDER BY top.rank DESC, d."Id" DESC
                """;
            Add(cmd, "@q", string.Join(" & ", terms.Select(x => x + ":*")));
        }
        else
        {
            // CROSS JOIN keeps "top" as the outer loop, so the second MATCH is a rowid lookup, not a second full search.
            cmd.CommandText = $"""
                WITH top AS (
                    SELECT s.rowid AS id, bm25("DocumentSearch", 10.0, 5.0, 1.0) AS rank
                    FROM "DocumentSearch" s
                    JOIN "Documents" d ON d."Id" = s.rowid
                    WHERE "DocumentSearch" MATCH @q {filters}
                    ORDER BY rank, s.rowid DESC
                    LIMIT @limit)
                SELECT d."Id", d."Title", w."Name", d."DocumentType",
                       snippet("DocumentSearch", 2, char(2), char(3), '…', 16),
                       top.rank, v."ExtractionStatus", d."UpdatedAtUtc"
                FROM top
                CROSS JOIN "DocumentSearch" ON "DocumentSearch".rowid = top.id
                JOIN "Documents" d ON d."Id" = top.id
                JOIN "Workspaces" w ON w."Id" = d."WorkspaceId"
                LEFT JOIN "DocumentVersions" v ON v."DocumentId" = d."Id" AND v."Number" = d."CurrentVersionNumber"
                WHERE "DocumentSearch" MATCH @q
                ORDER BY top.rank, d."Id" DESC
                """;
            // Each word quoted (no FTS5 syntax from the user) and used as a prefix.
            Add(cmd, "@q", DocumentSearchSql.FtsQuery(terms));
        }
        Add(cmd, "@limit", Math.Clamp(query.Limit, 1, 200));

        var hits = new List<SearchHit>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var rank = reader.GetDouble(5);
            hits.Add(new SearchHit(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? "" : reader.GetString(4), postgres ? rank : -rank,
                reader.IsDBNull(6) ? ExtractionStatus.NonApplicabile : (ExtractionStatus)reader.GetInt32(6),
                DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc)));
        }
        return hits;
    }

    private static DateTime RomeMidnightUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Localization.Formats.Rome);

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
