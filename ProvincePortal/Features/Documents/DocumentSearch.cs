using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Documents;

/// <summary>A search result. <see cref="Snippet"/> marks the matched words with <see cref="DocumentSearchSql.MarkStart"/>/<see cref="DocumentSearchSql.MarkEnd"/> so that the page can encode the text and highlight safely.</summary>
public sealed record SearchHit(int DocumentId, string Title, string WorkspaceName, string? DocumentType, string Snippet, double Rank);

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
}

public sealed partial class DocumentService
{
    /// <summary>Ranked full-text search over title, tags and content of the documents the user may read (trash excluded).</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int? workspaceId = null, string? documentType = null, int limit = 50, CancellationToken ct = default)
    {
        var terms = DocumentSearchSql.Terms(query ?? "");
        if (terms.Count == 0) return [];
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var readable = await db.Workspaces.AsNoTracking().Where(DocumentAccess.CanRead(user))
            .Where(w => workspaceId == null || w.Id == workspaceId).Select(w => w.Id).ToListAsync(ct);
        if (readable.Count == 0) return [];

        var postgres = data.Provider == DatabaseProvider.Postgres;
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = conn.CreateCommand();
        // Workspace ids are integers from our own query: inlined, not user input.
        var inList = string.Join(",", readable);
        var typeFilter = documentType is null ? "" : "AND d.\"DocumentType\" = @type";
        if (postgres)
        {
            cmd.CommandText = $"""
                SELECT d."Id", d."Title", w."Name", d."DocumentType",
                       ts_headline('italian', t."Body", q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2'),
                       ts_rank(to_tsvector('italian'::regconfig, pp_unaccent(t."Title" || ' ' || t."Tags" || ' ' || t."Body")), q) AS rank
                FROM "DocumentTexts" t
                JOIN "Documents" d ON d."Id" = t."DocumentId"
                JOIN "Workspaces" w ON w."Id" = d."WorkspaceId",
                     to_tsquery('italian'::regconfig, pp_unaccent(@q)) q
                WHERE to_tsvector('italian'::regconfig, pp_unaccent(t."Title" || ' ' || t."Tags" || ' ' || t."Body")) @@ q
                  AND d."DeletedAtUtc" IS NULL AND d."WorkspaceId" IN ({inList}) {typeFilter}
                ORDER BY rank DESC, d."Id" DESC
                LIMIT @limit
                """;
            Add(cmd, "@q", string.Join(" & ", terms.Select(t => t + ":*")));
        }
        else
        {
            cmd.CommandText = $"""
                SELECT d."Id", d."Title", w."Name", d."DocumentType",
                       snippet("DocumentSearch", 2, char(2), char(3), '…', 16),
                       bm25("DocumentSearch", 10.0, 5.0, 1.0) AS rank
                FROM "DocumentSearch" s
                JOIN "Documents" d ON d."Id" = s.rowid
                JOIN "Workspaces" w ON w."Id" = d."WorkspaceId"
                WHERE "DocumentSearch" MATCH @q
                  AND d."DeletedAtUtc" IS NULL AND d."WorkspaceId" IN ({inList}) {typeFilter}
                ORDER BY rank, d."Id" DESC
                LIMIT @limit
                """;
            // Each word quoted (no FTS5 syntax from the user) and used as a prefix.
            Add(cmd, "@q", string.Join(" ", terms.Select(t => "\"" + t + "\"*")));
        }
        if (documentType is not null) Add(cmd, "@type", documentType);
        Add(cmd, "@limit", Math.Clamp(limit, 1, 200));

        var hits = new List<SearchHit>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var rank = reader.GetDouble(5);
            hits.Add(new SearchHit(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? "" : reader.GetString(4), postgres ? rank : -rank));
        }
        return hits;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
