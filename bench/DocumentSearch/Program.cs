using System.Diagnostics;
using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal;
using ProvincePortal.Bench;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

// Generates N documents with Italian-like text into a real SQLite database of the app (migrations applied, FTS5
// triggers filling the index), then times DocumentService.SearchAsync — the app's own query, permission filter included —
// against a raw FTS5 MATCH (same ranking, same limit, no joins, no snippets) over a few hundred varied queries.
var documents = 100_000;
var queryCount = 300;
var dataDir = Path.Combine(Path.GetTempPath(), "pp-bench-docsearch");
var fresh = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--docs") documents = int.Parse(args[++i]);
    else if (args[i] == "--queries") queryCount = int.Parse(args[++i]);
    else if (args[i] == "--data") dataDir = Path.GetFullPath(args[++i]);
    else if (args[i] == "--fresh") fresh = true;
}
if (fresh && Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
Directory.CreateDirectory(dataDir);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration["DataDirectory"] = dataDir;
builder.Configuration["Database:Provider"] = "Sqlite";
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
builder.AddPortal();
await using var app = builder.Build(); // not started: no background indexer, no web server
var dbFactory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
await using (var db = await dbFactory.CreateDbContextAsync()) await db.Database.MigrateAsync();

var rng = new Random(20261126);
var words = Vocabulary.Build(rng);
int treviso;
await using (var db = await dbFactory.CreateDbContextAsync())
{
    db.Scope = TenantScope.System;
    var existing = await db.Documents.CountAsync();
    if (existing != documents)
    {
        if (existing != 0) throw new InvalidOperationException($"{dataDir} holds {existing} documents, not {documents}: run with --fresh.");
        var watch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IstatImportService>().ImportFileAsync(IstatImportService.SeedFile, null, "benchmark");
        await Generator.FillAsync(db, documents, words, rng);
        Console.WriteLine($"Generated {documents:N0} documents in {watch.Elapsed.TotalSeconds:F0} s; database {new FileInfo(Path.Combine(dataDir, "provinceportal.db")).Length / 1048576.0:F0} MB");
    }
    treviso = await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).FirstAsync();
}

// A SUA operator of Treviso: reads the national models and Treviso's workspaces, not the other Provinces'.
var user = new PortalPrincipal("bench-user", "sua@bench", "Operatore SUA", treviso, null, new HashSet<string> { Roles.SuaOperator });
// Own seed: the same queries whether the database was just generated or reused.
var queries = QueryMix.Build(words, new Random(7), queryCount);

var dbPath = Path.Combine(dataDir, "provinceportal.db");
await using var raw = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
await raw.OpenAsync();
await using var rawCmd = raw.CreateCommand();
rawCmd.CommandText = """SELECT rowid, bm25("DocumentSearch", 10.0, 5.0, 1.0) AS rank FROM "DocumentSearch" WHERE "DocumentSearch" MATCH $q ORDER BY rank LIMIT 50""";
var rawParam = rawCmd.CreateParameter();
rawParam.ParameterName = "$q";
rawCmd.Parameters.Add(rawParam);

async Task<int> RawAsync(BenchQuery q)
{
    rawParam.Value = DocumentSearchSql.FtsQuery(DocumentSearchSql.Terms(q.Text));
    var n = 0;
    await using var reader = await rawCmd.ExecuteReaderAsync();
    while (await reader.ReadAsync()) n++;
    return n;
}

async Task<int> ServiceAsync(BenchQuery q)
{
    await using var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
    var service = scope.ServiceProvider.GetRequiredService<DocumentService>();
    return (await service.SearchAsync(new DocumentSearchQuery(q.Text) { DocumentType = q.Type, Tags = q.Tags, Limit = 50 })).Count;
}

// Warm-up: JIT, EF's query cache, the page cache of the database file.
foreach (var q in queries.Take(40)) { await RawAsync(q); await ServiceAsync(q); }

var rawTimes = new List<double>();
var serviceTimes = new List<double>();
// CPU time of the process per query: what the query costs regardless of how busy the shared machine is.
var rawCpu = new List<double>();
var serviceCpu = new List<double>();
var process = Process.GetCurrentProcess();
TimeSpan Cpu() { process.Refresh(); return process.TotalProcessorTime; }
var slowest = new List<(double Ms, string Query, int Hits)>();
long hitsTotal = 0;
foreach (var q in queries)
{
    var cpu = Cpu();
    var w = Stopwatch.StartNew();
    await RawAsync(q);
    rawTimes.Add(w.Elapsed.TotalMilliseconds);
    rawCpu.Add((Cpu() - cpu).TotalMilliseconds);
    cpu = Cpu();
    w.Restart();
    var hits = await ServiceAsync(q);
    var ms = w.Elapsed.TotalMilliseconds;
    serviceTimes.Add(ms);
    serviceCpu.Add((Cpu() - cpu).TotalMilliseconds);
    slowest.Add((ms, q.ToString(), hits));
    hitsTotal += hits;
}

static double P(List<double> xs, double p)
{
    var s = xs.Order().ToList();
    return s[Math.Clamp((int)Math.Ceiling(p * s.Count) - 1, 0, s.Count - 1)];
}

Console.WriteLine($"{documents:N0} documents, {queries.Count} queries ({queries.Count(q => q.Type is not null || q.Tags.Count > 0)} with filters), " +
                  $"average {hitsTotal / (double)queries.Count:F1} hits per service query; {Environment.ProcessorCount} cores");
Console.WriteLine($"service SearchAsync : p50 {P(serviceTimes, 0.5):F2} ms  p95 {P(serviceTimes, 0.95):F2} ms  max {serviceTimes.Max():F2} ms");
Console.WriteLine($"raw FTS5 MATCH      : p50 {P(rawTimes, 0.5):F2} ms  p95 {P(rawTimes, 0.95):F2} ms  max {rawTimes.Max():F2} ms");
Console.WriteLine($"CPU time per query   : service p50 {P(serviceCpu, 0.5):F1} ms p95 {P(serviceCpu, 0.95):F1} ms; raw p50 {P(rawCpu, 0.5):F1} ms p95 {P(rawCpu, 0.95):F1} ms (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
Console.WriteLine("slowest service queries: " + string.Join("; ", slowest.OrderByDescending(s => s.Ms).Take(5).Select(s => $"{s.Query} {s.Ms:F1} ms ({s.Hits} hits)")));
var p95 = P(serviceTimes, 0.95);
var ratio = p95 / P(rawTimes, 0.95);
var pass = p95 <= 50 && ratio <= 2;
Console.WriteLine($"target p95 <= 50 ms and <= 2x raw p95: p95 {p95:F2} ms, ratio {ratio:F2}x -> {(pass ? "PASS" : "FAIL")}");
BenchResults.Add("DocumentSearch", $"ricerca documenti (SearchAsync), {documents:N0} documenti, {queries.Count} ricerche", P(serviceTimes, 0.5), p95, 50,
    $"{ratio:F2}× il p95 FTS5 grezzo (obiettivo ≤ 2×); CPU p95 {P(serviceCpu, 0.95):F1} ms");
BenchResults.Add("DocumentSearch", $"FTS5 grezzo (riferimento), stesse ricerche", P(rawTimes, 0.5), P(rawTimes, 0.95), null);
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
return pass ? 0 : 1;

sealed record BenchQuery(string Text, string? Type, IReadOnlyList<string> Tags)
{
    public override string ToString() => $"«{Text}»" + (Type is null ? "" : $" tipo={Type}") + (Tags.Count == 0 ? "" : $" etichette={string.Join(",", Tags)}");
}

static class Vocabulary
{
    /// <summary>Real administrative Italian words (accented ones included), then made-up Italian-sounding words, in Zipf order of use.</summary>
    public static readonly string[] Common =
    [
        "comune", "provincia", "regione", "servizio", "città", "attività", "progetto", "bando", "gara", "contratto", "delibera",
        "determina", "verbale", "manutenzione", "strade", "scuole", "edilizia", "viabilità", "mobilità", "sicurezza", "ambiente",
        "rifiuti", "acqua", "energia", "illuminazione", "pubblica", "appalto", "lavori", "forniture", "servizi", "importo",
        "euro", "anno", "piano", "programma", "triennale", "opere", "finanziamento", "europeo", "fondi", "pnrr", "misura",
        "investimento", "digitale", "transizione", "comunità", "qualità", "università", "società", "responsabile", "procedimento",
        "dirigente", "settore", "ufficio", "tecnico", "amministrativo", "consiglio", "giunta", "sindaco", "presidente", "assessore",
        "approvazione", "variazione", "bilancio", "spesa", "entrata", "capitolo", "impegno", "liquidazione", "fattura", "pagamento",
        "scadenza", "termine", "domanda", "istanza", "richiesta", "autorizzazione", "concessione", "convenzione", "accordo",
        "protocollo", "intesa", "collaborazione", "partenariato", "cofinanziamento", "rendicontazione", "monitoraggio", "controllo",
        "verifica", "collaudo", "certificato", "esecuzione", "cantiere", "sopralluogo", "perizia", "progettazione", "esecutivo",
        "definitivo", "fattibilità", "studio", "relazione", "allegato", "modello", "schema", "regolamento", "disciplinare",
        "capitolato", "offerta", "economica", "tecnica", "punteggio", "commissione", "aggiudicazione", "ribasso", "operatore",
        "economico", "impresa", "cooperativa", "associazione", "ente", "territorio", "popolazione", "abitanti", "frazione",
        "località", "ponte", "galleria", "rotatoria", "pista", "ciclabile", "marciapiede", "parcheggio", "segnaletica", "neve",
        "sgombero", "sfalcio", "potatura", "verde", "parco", "giardino", "palestra", "piscina", "biblioteca", "museo", "teatro",
        "cultura", "turismo", "sport", "giovani", "anziani", "famiglie", "sociale", "sanità", "trasporto", "autobus", "ferrovia",
        "stazione", "porto", "aeroporto", "rete", "fibra", "banda", "larga", "connettività", "cittadini", "imprese", "sportello",
        "portale", "piattaforma", "dati", "aperti", "privacy", "trasparenza", "anticorruzione", "accesso", "atti", "archivio",
    ];

    public static string[] Build(Random rng)
    {
        string[] syllables = ["ba", "ca", "da", "fa", "ga", "la", "ma", "na", "pa", "ra", "sa", "ta", "va", "za", "be", "ce", "de", "fe", "le",
            "me", "ne", "pe", "re", "se", "te", "ve", "bi", "ci", "di", "fi", "li", "mi", "ni", "pi", "ri", "si", "ti", "vi", "bo", "co", "do",
            "fo", "lo", "mo", "no", "po", "ro", "so", "to", "vo", "gli", "gna", "chi", "che", "tra", "pro", "stra", "zio", "zione", "mento"];
        string[] endings = ["o", "a", "e", "i", "à", "ione", "ale", "ità", "ento", "ino"];
        var made = new HashSet<string>(Common);
        var list = new List<string>(Common);
        while (list.Count < 20_000)
        {
            var w = string.Concat(Enumerable.Range(0, rng.Next(2, 4)).Select(_ => syllables[rng.Next(syllables.Length)])) + endings[rng.Next(endings.Length)];
            if (made.Add(w)) list.Add(w);
        }
        return list.ToArray();
    }

    /// <summary>A word by Zipf's law over the list: a few very common words, a long tail of rare ones.</summary>
    public static string Pick(string[] words, Random rng)
    {
        // Inverse of the continuous Zipf CDF (s = 1): rank = N^u.
        var rank = (int)Math.Pow(words.Length, rng.NextDouble());
        return words[Math.Clamp(rank - 1, 0, words.Length - 1)];
    }
}

static class Generator
{
    public static readonly string[] Types = ["Modello", "Delibera", "Determina", "Bando", "Contratto", "Verbale", "Altro"];
    public static readonly string[] TagList = ["strade", "scuole", "pnrr", "ambiente", "gare", "europa", "bilancio", "personale", "sociale",
        "cultura", "trasporti", "digitale", "energia", "rifiuti", "turismo", "sport", "edilizia", "urbanistica", "protezione civile", "sanità"];

    public static async Task FillAsync(PortalDbContext db, int count, string[] words, Random rng)
    {
        // National models, then the three service workspaces of three Provinces and a few Comuni of each.
        var provinces = await db.Provinces.Where(p => p.Sigla == "TV" || p.Sigla == "BS" || p.Sigla == "VE").Select(p => p.Id).ToListAsync();
        var workspaces = new List<Workspace> { new() { Key = "nazionale", Name = "Modelli condivisi", Kind = WorkspaceKind.Nazionale, CreatedAtUtc = DateTime.UtcNow } };
        foreach (var p in provinces)
        {
            workspaces.Add(new() { Key = $"P{p}:SUA", Name = $"SUA {p}", Kind = WorkspaceKind.ServizioSua, ProvinceId = p, CreatedAtUtc = DateTime.UtcNow });
            workspaces.Add(new() { Key = $"P{p}:EU", Name = $"Europa {p}", Kind = WorkspaceKind.ServizioEuropa, ProvinceId = p, CreatedAtUtc = DateTime.UtcNow });
            workspaces.Add(new() { Key = $"P{p}:CDC", Name = $"CdC {p}", Kind = WorkspaceKind.CentroDiCompetenza, ProvinceId = p, CreatedAtUtc = DateTime.UtcNow });
            foreach (var c in await db.Comuni.Where(c => c.ProvinceId == p).OrderBy(c => c.Id).Take(5).Select(c => c.Id).ToListAsync())
                workspaces.Add(new() { Key = $"C{c}", Name = $"Comune {c}", Kind = WorkspaceKind.Comune, ProvinceId = p, ComuneId = c, CreatedAtUtc = DateTime.UtcNow });
        }
        db.Workspaces.AddRange(workspaces);
        await db.SaveChangesAsync();

        var conn = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync();
        var doc = Prepare(conn, tx, """
            INSERT INTO "Documents" ("Id","WorkspaceId","ProvinceId","Title","Description","DocumentType","Tags","CurrentVersionNumber","CreatedAtUtc","CreatedBy","UpdatedAtUtc")
            VALUES ($id,$ws,$prov,$title,$desc,$type,$tags,1,$at,'benchmark',$at)
            """, "$id", "$ws", "$prov", "$title", "$desc", "$type", "$tags", "$at");
        var ver = Prepare(conn, tx, """
            INSERT INTO "DocumentVersions" ("DocumentId","Number","AuthorName","CreatedAtUtc","SizeBytes","Sha256","OriginalFileName","ContentType","ExtractionStatus")
            VALUES ($id,1,'benchmark',$at,$size,$sha,$file,'text/plain',1)
            """, "$id", "$at", "$size", "$sha", "$file");
        var text = Prepare(conn, tx, """INSERT INTO "DocumentTexts" ("DocumentId","Title","Tags","Body") VALUES ($id,$title,$tags,$body)""", "$id", "$title", "$tags", "$body");
        var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var sb = new System.Text.StringBuilder();
        for (var id = 1; id <= count; id++)
        {
            // 10% national models; the rest spread over the Provinces' workspaces.
            var ws = rng.NextDouble() < 0.1 ? workspaces[0] : workspaces[1 + rng.Next(workspaces.Count - 1)];
            var title = Sentence(words, rng, rng.Next(4, 9));
            title = char.ToUpperInvariant(title[0]) + title[1..];
            var tags = string.Join(", ", Enumerable.Range(0, rng.Next(0, 4)).Select(_ => TagList[rng.Next(TagList.Length)]).Distinct());
            var description = rng.NextDouble() < 0.3 ? Sentence(words, rng, rng.Next(8, 20)) : null;
            sb.Clear();
            var paragraphs = rng.Next(2, 7);
            for (var p = 0; p < paragraphs; p++)
            {
                var sentence = Sentence(words, rng, rng.Next(20, 70));
                sb.Append(char.ToUpperInvariant(sentence[0])).Append(sentence.AsSpan(1)).Append(".\n");
            }
            var body = DocumentService.ComposeBody(description, sb.ToString());
            var at = start.AddMinutes(rng.Next(0, 60 * 24 * 365 * 4));
            Run(doc, id, ws.Id, (object?)ws.ProvinceId ?? DBNull.Value, title, (object?)description ?? DBNull.Value, Types[rng.Next(Types.Length)], tags, at);
            Run(ver, id, at, body.Length, Convert.ToHexString(BitConverter.GetBytes((long)id)).ToLowerInvariant().PadLeft(64, '0'), $"documento-{id}.txt");
            Run(text, id, title, tags, body);
        }
        await tx.CommitAsync();
        await using var optimize = conn.CreateCommand();
        // As a long-running database would be: FTS segments merged, statistics for the planner.
        optimize.CommandText = """INSERT INTO "DocumentSearch"("DocumentSearch") VALUES ('optimize'); ANALYZE;""";
        await optimize.ExecuteNonQueryAsync();
    }

    private static string Sentence(string[] words, Random rng, int n) =>
        string.Join(" ", Enumerable.Range(0, n).Select(_ => Vocabulary.Pick(words, rng)));

    private static SqliteCommand Prepare(SqliteConnection conn, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
        cmd.ExecuteNonQuery();
    }
}

static class QueryMix
{
    /// <summary>Single common and rare words, two and three words, prefixes, unaccented forms of accented words, misses; some with filters.</summary>
    public static List<BenchQuery> Build(string[] words, Random rng, int count)
    {
        string[] unaccented = ["citta", "attivita", "viabilita", "mobilita", "comunita", "qualita", "sanita", "universita", "localita", "fattibilita"];
        var list = new List<BenchQuery>();
        for (var i = 0; i < count; i++)
        {
            var roll = rng.NextDouble();
            var text = roll switch
            {
                < 0.30 => Vocabulary.Pick(words, rng),
                < 0.40 => words[rng.Next(words.Length)],
                < 0.60 => $"{Vocabulary.Pick(words, rng)} {Vocabulary.Pick(words, rng)}",
                < 0.70 => $"{Vocabulary.Pick(words, rng)} {Vocabulary.Pick(words, rng)} {Vocabulary.Pick(words, rng)}",
                < 0.80 => Prefix(Vocabulary.Pick(words, rng)),
                < 0.92 => unaccented[rng.Next(unaccented.Length)] + (rng.NextDouble() < 0.5 ? "" : " " + Vocabulary.Pick(words, rng)),
                _ => "inesistente" + rng.Next(1000),
            };
            var filter = rng.NextDouble();
            list.Add(new BenchQuery(text,
                filter < 0.15 ? Generator.Types[rng.Next(Generator.Types.Length)] : null,
                filter is >= 0.15 and < 0.25 ? [Generator.TagList[rng.Next(Generator.TagList.Length)]] : []));
        }
        return list;
    }

    private static string Prefix(string w) => w.Length > 5 ? w[..4] : w;
}
