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
    /// Prefix indexes for 2-, 3- and 4-character prefixes: every query term is a prefix query ("citta" → citta*), and short
    /// prefixes otherwise expand to thousands of index terms (the slowest queries of bench/DocumentSearch). Recreating
    /// the external-content table and rebuilding it from DocumentTexts keeps the triggers, which refer to it by name.
    /// </summary>
    public const string SqlitePrefixUp = """
        DROP TABLE IF EXISTS "DocumentSearch";
        CREATE VIRTUAL TABLE "DocumentSearch" USING fts5("Title", "Tags", "Body", content='DocumentTexts', content_rowid='DocumentId', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
        INSERT INTO "DocumentSearch"("DocumentSearch") VALUES ('rebuild');
        """;

    public const string SqlitePrefixDown = """
        DROP TABLE IF EXISTS "DocumentSearch";
        CREATE VIRTUAL TABLE "DocumentSearch" USING fts5("Title", "Tags", "Body", content='DocumentTexts', content_rowid='DocumentId', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO "DocumentSearch"("DocumentSearch") VALUES ('rebuild');
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
    public static IReadOnlyList<string> Terms(string query) => FullTextQuery.Words(query).Distinct(StringComparer.OrdinalIgnoreCase).Take(12).ToList();

    /// <summary>The FTS5 query the app runs for <paramref name="terms"/>: each word quoted and used as a prefix, all required.</summary>
    public static string FtsQuery(IEnumerable<string> terms) => FullTextQuery.Fts5Prefixes(terms);
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
            Add(cmd, "@from", Localization.Formats.StartOfDayUtc(from));
        }
        if (query.UpdatedTo is { } to)
        {
            filters.Append(" AND d.\"UpdatedAtUtc\" < @to");
            Add(cmd, "@to", Localization.Formats.StartOfDayUtc(to.AddDays(1)));
        }

        if (postgres)
        {
            const string vector = "to_tsvector('italian'::regconfig, pp_unaccent(t.\"Title\" || ' ' || t.\"Tags\" || ' ' || t.\"Body\"))";
            cmd.CommandText = $"""
                WITH q AS (SELECT to_tsquery('italian'::regconfig, pp_unaccent(@q)) AS q),
                top AS (
                    SELECT t."DocumentId" AS id, ts_rank({vector}, q.q) AS rank
                    FROM "DocumentTexts" t
                    CROSS JOIN q
                    WHERE t."DocumentId" IN (
                        SELECT t2."DocumentId" FROM "DocumentTexts" t2 JOIN "Documents" d ON d."Id" = t2."DocumentId", q
                        WHERE to_tsvector('italian'::regconfig, pp_unaccent(t2."Title" || ' ' || t2."Tags" || ' ' || t2."Body")) @@ q.q {filters}
                        ORDER BY t2."DocumentId" DESC LIMIT {CandidateLimit})
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
            // FTS first (CROSS JOIN fixes the join order), in rowid order newest first, up to CandidateLimit readable
            // matches; rank those and keep the best. Snippets are cut in C# from the bodies of the kept rows: FTS5's
            // snippet() would need the MATCH evaluated again for each row, which costs seconds for short prefixes.
            cmd.CommandText = $"""
                WITH cand AS (
                    SELECT s.rowid AS id, bm25("DocumentSearch", 10.0, 5.0, 1.0) AS rank
                    FROM "DocumentSearch" s
                    CROSS JOIN "Documents" d ON d."Id" = s.rowid
                    WHERE "DocumentSearch" MATCH @q {filters}
                    ORDER BY s.rowid DESC
                    LIMIT {CandidateLimit}),
                top AS (SELECT id, rank FROM cand ORDER BY rank, id DESC LIMIT @limit)
                SELECT d."Id", d."Title", w."Name", d."DocumentType", substr(t."Body", 1, {SnippetScanChars}),
                       top.rank, v."ExtractionStatus", d."UpdatedAtUtc"
                FROM top
                JOIN "Documents" d ON d."Id" = top.id
                JOIN "DocumentTexts" t ON t."DocumentId" = top.id
                JOIN "Workspaces" w ON w."Id" = d."WorkspaceId"
                LEFT JOIN "DocumentVersions" v ON v."DocumentId" = d."Id" AND v."Number" = d."CurrentVersionNumber"
                ORDER BY top.rank, d."Id" DESC
                """;
            // Each word quoted (no FTS5 syntax from the user) and used as a prefix. A tag filter is also given to FTS5 as a
            // phrase on the Tags column, so that a common word with a tag walks only the matches having that tag (the
            // exact whole-tag check above still decides).
            var tagPhrases = tags.Select(tag => DocumentSearchSql.Terms(tag)).Where(words => words.Count > 0)
                .Select(words => " Tags : \"" + string.Join(" ", words) + "\"");
            Add(cmd, "@q", DocumentSearchSql.FtsQuery(terms) + string.Concat(tagPhrases));
        }
        Add(cmd, "@limit", Math.Clamp(query.Limit, 1, 200));

        var hits = new List<SearchHit>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var rank = reader.GetDouble(5);
            hits.Add(new SearchHit(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? "" : postgres ? reader.GetString(4) : DocumentSnippet.Build(reader.GetString(4), terms), postgres ? rank : -rank,
                reader.IsDBNull(6) ? ExtractionStatus.NonApplicabile : (ExtractionStatus)reader.GetInt32(6),
                DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc)));
        }
        return hits;
    }

    /// <summary>
    /// A query matching more readable documents than this is ranked among its newest matches only: ranking every match
    /// of a word found in nearly all documents ("comune") costs time proportional to the whole library.
    /// </summary>
    public const int CandidateLimit = 1000;

    /// <summary>Snippets are looked for in the first characters of the text; the rest is still searched, just not quoted.</summary>
    private const int SnippetScanChars = 100_000;


    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}

/// <summary>
/// The highlighted extract of a search hit on SQLite, with FTS5's rules: words are runs of letters and digits, compared
/// without accents and case, each query term as a prefix. The window of <see cref="Words"/> words with most matches wins.
/// </summary>
public static class DocumentSnippet
{
    public const int Words = 16;

    public static string Build(string body, IReadOnlyList<string> terms)
    {
        var keys = terms.Select(Fold).Where(t => t.Length > 0).ToArray();
        var tokens = new List<(int Start, int Length, bool Match)>();
        for (var i = 0; i < body.Length;)
        {
            if (!char.IsLetterOrDigit(body[i])) { i++; continue; }
            var start = i;
            while (i < body.Length && (char.IsLetterOrDigit(body[i]) || char.GetUnicodeCategory(body[i]) == System.Globalization.UnicodeCategory.NonSpacingMark)) i++;
            var word = Fold(body.AsSpan(start, i - start));
            tokens.Add((start, i - start, keys.Any(k => word.StartsWith(k, StringComparison.Ordinal))));
        }
        if (tokens.Count == 0) return "";

        // Sliding window: the first window with the most matching words.
        var best = 0;
        var bestCount = -1;
        var count = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Match) count++;
            if (i >= Words && tokens[i - Words].Match) count--;
            var first = Math.Max(0, i - Words + 1);
            if (count > bestCount) { bestCount = count; best = first; }
        }
        var last = Math.Min(tokens.Count, best + Words) - 1;
        var sb = new StringBuilder();
        if (best > 0) sb.Append('…');
        var pos = tokens[best].Start;
        for (var i = best; i <= last; i++)
        {
            var (start, length, match) = tokens[i];
            sb.Append(body, pos, start - pos);
            if (match) sb.Append(DocumentSearchSql.MarkStart).Append(body, start, length).Append(DocumentSearchSql.MarkEnd);
            else sb.Append(body, start, length);
            pos = start + length;
        }
        if (last < tokens.Count - 1) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>Lower case without accents, as FTS5's unicode61 tokenizer with remove_diacritics 2 compares.</summary>
    private static string Fold(ReadOnlySpan<char> word)
    {
        var lower = word.ToString().ToLowerInvariant();
        var ascii = true;
        foreach (var c in lower) if (c > 127) { ascii = false; break; }
        if (ascii) return lower;
        var sb = new StringBuilder(lower.Length);
        foreach (var c in lower.Normalize(NormalizationForm.FormD))
            if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    private static string Fold(string word) => Fold(word.AsSpan());
}
