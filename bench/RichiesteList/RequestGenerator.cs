using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Requests;

namespace ProvincePortal.Bench;

/// <summary>
/// Fills ServiceRequests of a migrated SQLite database of the app with N generated requests in one INSERT … SELECT over
/// a recursive counter: 95% Treviso (its Comuni, 10% from the Province's own offices), 5% Brescia; 20 services per
/// Province; filed evenly over 2024–2026 with activity up to 30 days later; states and SLA states in realistic shares
/// (most old requests closed); subjects from a list of 40 administrative phrases ("biblioteca" in 2.5%; one in 1,000 "Illuminazione votiva del cimitero"); working
/// minutes and margins on the requests taken in charge and solved. Values are derived from the row number by
/// multiplicative hashing, so every run generates the same data. The indexes are dropped during the insert and built
/// again afterwards (one sort each instead of a million random insertions), the full-text index filled in one pass, then ANALYZE.
/// </summary>
public static class RequestGenerator
{
    public const int ServicesPerProvince = 20;

    private static readonly string[] Phrases =
    [
        "Aggiornamento della pagina", "Pubblicazione del bando", "Errore nei pagamenti pagoPA", "Attivazione dei servizi su app IO",
        "Accesso con SPID non riuscito", "Migrazione al cloud dei server", "Richiesta di formazione", "Nuovo modulo online",
        "Modifica dell'amministrazione trasparente", "Certificato scaduto del sito", "Casella PEC piena", "Protocollo informatico bloccato",
        "Rete Wi-Fi della biblioteca", "Backup dei documenti", "Privacy: registro dei trattamenti", "Sicurezza: password compromessa",
        "Avvisi TARI non pagabili", "Mensa scolastica: rette", "Albo pretorio non aggiornato", "Anagrafe: ANPR",
        "Fascicolo del cittadino", "Segnalazione di un disservizio", "Nuovo dominio del Comune", "Open data del Comune",
        "Accessibilità del sito", "Dichiarazione di accessibilità", "PNRR misura 1.4.1", "PNRR misura 1.2",
        "Firma digitale scaduta", "Conservazione a norma", "Piattaforma notifiche digitali", "Servizi scolastici online",
        "Prenotazione degli appuntamenti", "Sportello unico edilizia", "Sportello attività produttive", "Portale dei tributi",
        "Newsletter del Comune", "Cookie banner", "Statistiche del sito", "Video delle sedute del consiglio",
    ];

    public static async Task<TimeSpan> FillAsync(IDbContextFactory<PortalDbContext> factory, int rows)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await factory.CreateDbContextAsync();
        db.Scope = TenantScope.System;
        var tv = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        var bs = await db.Provinces.Where(p => p.Sigla == "BS" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
        foreach (var province in new[] { tv, bs })
        {
            var sla = new SlaClass { ProvinceId = province, Name = "Standard", TakeChargeTarget = 8, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 5, ResolveUnit = SlaUnit.Giorni };
            db.Add(sla);
            for (var s = 1; s <= ServicesPerProvince; s++)
                db.Add(new CatalogService { ProvinceId = province, Name = $"Servizio {s:00}", Category = "Generati", SlaClass = sla, IsPublished = true, CreatedAtUtc = DateTime.UtcNow });
        }
        await db.SaveChangesAsync();

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task Exec(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
        async Task<List<string>> Strings(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var list = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) list.Add(reader.GetString(0));
            return list;
        }

        await Exec($"""
            CREATE TEMP TABLE BenchComuni (K INTEGER, P INTEGER, Id INTEGER, PRIMARY KEY (P, K));
            INSERT INTO BenchComuni SELECT ROW_NUMBER() OVER (PARTITION BY ProvinceId ORDER BY Id) - 1, ProvinceId, Id FROM Comuni WHERE ProvinceId IN ({tv}, {bs});
            CREATE TEMP TABLE BenchServices (K INTEGER, P INTEGER, Id INTEGER, SlaClassId INTEGER, PRIMARY KEY (P, K));
            INSERT INTO BenchServices SELECT ROW_NUMBER() OVER (PARTITION BY ProvinceId ORDER BY Id) - 1, ProvinceId, Id, SlaClassId FROM CatalogServices WHERE ProvinceId IN ({tv}, {bs});
            CREATE TEMP TABLE BenchPhrases (K INTEGER PRIMARY KEY, Text TEXT);
            INSERT INTO BenchPhrases VALUES {string.Join(", ", Phrases.Select((p, k) => $"({k}, '{p.Replace("'", "''")}')"))};
            """);
        var comuniTv = await Strings($"SELECT COUNT(*) FROM BenchComuni WHERE P = {tv}");
        var comuniBs = await Strings($"SELECT COUNT(*) FROM BenchComuni WHERE P = {bs}");

        var indexes = await Strings("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ServiceRequests' AND sql IS NOT NULL");
        foreach (var name in await Strings("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ServiceRequests' AND sql IS NOT NULL"))
            await Exec($"DROP INDEX \"{name}\"");
        await Exec("""
            DROP TRIGGER IF EXISTS "ServiceRequests_search_au";
            DROP TRIGGER IF EXISTS "ServiceRequests_search_ad";
            DROP TRIGGER IF EXISTS "ServiceRequests_search_ai";
            """);

        // h1..h4: independent pseudo-random numbers of row i (Knuth's multiplicative hashing); S: state bucket 0–99.
        await Exec($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}),
            h AS (SELECT i, (i * 2654435761) % 4294967296 AS h1, (i * 40503 + 7) % 65536 AS h2, (i * 48271) % 2147483647 AS h3,
                         (i * 69069 + 1) % 1000003 AS h4, CASE WHEN i % 20 = 0 THEN {bs} ELSE {tv} END AS P FROM n),
            v AS (SELECT h.*, h3 % 100 AS S,
                         datetime('2024-01-01', '+' || (CAST(i AS REAL) * 94608000 / {rows}) || ' seconds') AS Created FROM h)
            INSERT INTO ServiceRequests (Id, ProvinceId, ComuneId, ServiceId, Subject, Status, Priority, RequesterUserId, RequesterName,
                AssignedUserName, RefusedSolutions, CreatedAtUtc, TakenInChargeAtUtc, SolvedAtUtc, ClosedAtUtc, LastActivityAtUtc,
                TakeChargeTarget, TakeChargeUnit, ResolveTarget, ResolveUnit, WarningPercent, TakeChargeDueUtc, TakeChargeWarnUtc,
                TakeChargeMarginMinutes, ResolveMarginMinutes, SlaState, RowVersion, TakeChargeWorkingMinutes, ResolveWorkingMinutes)
            SELECT i, P,
                CASE WHEN h2 % 10 = 0 AND P = {tv} THEN NULL
                     ELSE (SELECT Id FROM BenchComuni c WHERE c.P = v.P AND c.K = v.h1 % (CASE WHEN v.P = {tv} THEN {comuniTv[0]} ELSE {comuniBs[0]} END)) END,
                (SELECT Id FROM BenchServices s WHERE s.P = v.P AND s.K = (h4 % 97) % {ServicesPerProvince}),
                CASE WHEN i % 1000 = 7 THEN 'Illuminazione votiva del cimitero' ELSE (SELECT Text FROM BenchPhrases WHERE K = h2 % 40) END || ' n. ' || i,
                CASE WHEN S < 4 THEN 1 WHEN S < 12 THEN 2 WHEN S < 16 THEN 3 WHEN S < 20 THEN 4 WHEN S < 26 THEN 5 ELSE 6 END,
                1 + h4 % 4, 'bench', 'Utente del Comune', CASE WHEN S >= 4 THEN 'Operatore ' || (h2 % 12) END, 0,
                Created,
                CASE WHEN S >= 4 THEN datetime(Created, '+' || (h4 % 1440) || ' minutes') END,
                CASE WHEN S >= 20 THEN datetime(Created, '+' || (h1 % 20000) || ' minutes') END,
                CASE WHEN S >= 26 THEN datetime(Created, '+' || (h1 % 20000 + 2000) || ' minutes') END,
                datetime(Created, '+' || (h1 % 43200) || ' minutes'),
                8, 2, 5, 3, 80, datetime(Created, '+1 day'), datetime(Created, '+20 hours'),
                CASE WHEN S >= 4 THEN 480 - h4 % 600 END,
                CASE WHEN S >= 20 THEN 2400 - h3 % 2900 END,
                CASE WHEN S < 4 THEN 1 + h2 % 3 WHEN S < 12 THEN 1 + h2 % 3 WHEN S < 20 THEN CASE WHEN h2 % 4 = 0 THEN 3 ELSE 4 END
                     WHEN S < 26 THEN CASE WHEN h3 % 2900 > 2400 THEN 3 ELSE 4 END
                     ELSE CASE WHEN h3 % 2900 > 2400 THEN 3 ELSE 5 END END,
                0,
                CASE WHEN S >= 4 THEN h4 % 600 END,
                CASE WHEN S >= 20 THEN h3 % 2900 END
            FROM v
            """);
        foreach (var sql in indexes) await Exec(sql);
        // The full-text index of the subjects in one pass, as its migration fills it, not one trigger call per row.
        await Exec(RequestSearchSql.SqliteTriggers + RequestSearchSql.SqliteFill + "INSERT INTO \"RequestSearch\"(\"RequestSearch\") VALUES ('optimize');");
        await Exec("ANALYZE");
        return watch.Elapsed;
    }
}
