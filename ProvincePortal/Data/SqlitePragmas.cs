using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace ProvincePortal.Data;

/// <summary>
/// What every physical SQLite connection of the app gets, once: the pragmas (WAL and a busy timeout so that the web app,
/// background work and the command line share one file; foreign keys; the file memory-mapped up to 2 GiB, SQLite's default
/// ceiling — pages are read from the operating system's cache in place instead of copied into a 2 MB cache per
/// connection: reading 25,000 requests by key 114 → 48 ms, counting a Province's 950,000 entries 45 → 24 ms,
/// bench/RichiesteList) and the functions and collation EF Core's SQL may call (decimal arithmetic and comparison, the
/// EF_DECIMAL collation, decimal aggregates, regexp).
/// <para>
/// Why once per physical connection: EF Core registers its eleven functions and its collation on every new
/// <see cref="SqliteConnection"/> (one per context), and Microsoft.Data.Sqlite applies them to the pooled native handle at
/// every Open and removes them again at every Close; with the four pragmas, that was ~10 % of the server's CPU with
/// users navigating (bench/README.md, "Active users, second round"). Here the contexts get a bare
/// <see cref="SqliteConnection"/> (<see cref="PortalSqliteRelationalConnection"/>) and the first Open of each native
/// handle applies pragmas and functions to the handle itself, where they stay while the pool keeps it.
/// </para>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA mmap_size=2147418112;";

    // The native handles already set up; an entry goes with its handle when the pool closes it.
    private readonly ConditionalWeakTable<sqlite3, object> prepared = new();
    private int preparedCount;

    /// <summary>How many native connections were set up (a handle reused from the pool is not set up again).</summary>
    public int PreparedConnections => Volatile.Read(ref preparedCount);

    /// <summary>SQLite with this setup: the options of the app's contexts (and of tests that build their own).</summary>
    public static DbContextOptionsBuilder UsePortalSqlite(DbContextOptionsBuilder options, string connectionString, SqlitePragmas pragmas)
    {
        options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(DataModule.CollectionParameters));
#pragma warning disable EF1001 // Internal EF Core API: see PortalSqliteRelationalConnection.
        options.ReplaceService<ISqliteRelationalConnection, PortalSqliteRelationalConnection>();
#pragma warning restore EF1001
        return options.AddInterceptors(pragmas);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    private void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || prepared.TryGetValue(handle, out _)) return;
        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
        SqliteFunctions.Register(handle);
        // A handle is used by one connection at a time: no other thread prepares it meanwhile.
        prepared.AddOrUpdate(handle, this);
        Interlocked.Increment(ref preparedCount);
    }
}

/// <summary>
/// EF Core's SQLite connection without the functions it adds to every new <see cref="SqliteConnection"/>: they are on the
/// native handle already (<see cref="SqlitePragmas"/>). Internal EF Core API (EF1001), so bound to the package version:
/// SqlitePragmasTests fail if an upgrade changes what it relies on (decimal queries, setup once per handle).
/// </summary>
#pragma warning disable EF1001
public sealed class PortalSqliteRelationalConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    protected override DbConnection CreateDbConnection() => new SqliteConnection(GetValidatedConnectionString());
}
#pragma warning restore EF1001

/// <summary>
/// The functions and collation EF Core's SQLite provider translates to (decimals are stored as text), with the same
/// names, arities and results: decimals read as invariant text and returned as text ("0.0###…"), comparisons as -1/0/1,
/// NULL in → NULL out.
/// </summary>
internal static class SqliteFunctions
{
    private const string DecimalFormat = "0.0###########################";

    public static void Register(sqlite3 handle)
    {
        Scalar(handle, "regexp", 2, args =>
        {
            var pattern = Text(args[0]);
            var input = Text(args[1]);
            return pattern is null || input is null ? null : Regex.IsMatch(input, pattern) ? 1L : 0L;
        });
        Scalar(handle, "ef_mod", 2, args => Decimal(args[0]) % Decimal(args[1]));
        Scalar(handle, "ef_add", 2, args => Decimal(args[0]) + Decimal(args[1]));
        Scalar(handle, "ef_divide", 2, args => Decimal(args[0]) / Decimal(args[1]));
        Scalar(handle, "ef_multiply", 2, args => Decimal(args[0]) * Decimal(args[1]));
        Scalar(handle, "ef_negate", 1, args => -Decimal(args[0]));
        Scalar(handle, "ef_compare", 2, args => Decimal(args[0]) is decimal l && Decimal(args[1]) is decimal r ? (long)decimal.Compare(l, r) : null);

        Aggregate(handle, "ef_sum", (acc, v) => (acc ?? 0m) + v, acc => acc);
        Aggregate(handle, "ef_min", (acc, v) => acc is decimal a && a <= v ? a : v, acc => acc);
        Aggregate(handle, "ef_max", (acc, v) => acc is decimal a && a >= v ? a : v, acc => acc);
        Aggregate(handle, "ef_avg", null, null);

        Check(raw.sqlite3_create_collation(handle, "EF_DECIMAL", null,
            (_, x, y) => decimal.Compare(ParseDecimal(x), ParseDecimal(y))), handle);
    }

    private static void Scalar(sqlite3 handle, string name, int arity, Func<sqlite3_value[], object?> function) =>
        Check(raw.sqlite3_create_function(handle, name, arity, raw.SQLITE_DETERMINISTIC, null, (ctx, _, args) =>
        {
            try { Result(ctx, function(args)); }
            catch (Exception e) { raw.sqlite3_result_error(ctx, e.Message); }
        }), handle);

    /// <summary>
    /// A decimal aggregate over the non-NULL values (NULL when there are none, as SQL's own); ef_avg (no step given)
    /// keeps a sum and a count.
    /// </summary>
    private static void Aggregate(sqlite3 handle, string name, Func<decimal?, decimal, decimal?>? step, Func<decimal?, decimal?>? final) =>
        Check(raw.sqlite3_create_function(handle, name, 1, raw.SQLITE_DETERMINISTIC, null,
            (ctx, _, args) =>
            {
                try
                {
                    if (Decimal(args[0]) is not decimal value) return;
                    var state = ctx.state as AggregateState ?? new AggregateState();
                    state.Value = step is null ? (state.Value ?? 0m) + value : step(state.Value, value);
                    state.Count++;
                    ctx.state = state;
                }
                catch (Exception e) { raw.sqlite3_result_error(ctx, e.Message); }
            },
            (ctx, _) =>
            {
                try
                {
                    var state = ctx.state as AggregateState;
                    Result(ctx, state is null || state.Count == 0 ? null
                        : final is null ? state.Value / state.Count : final(state.Value));
                }
                catch (Exception e) { raw.sqlite3_result_error(ctx, e.Message); }
            }), handle);

    private sealed class AggregateState
    {
        public decimal? Value;
        public long Count;
    }

    private static string? Text(sqlite3_value value) =>
        raw.sqlite3_value_type(value) == raw.SQLITE_NULL ? null : raw.sqlite3_value_text(value).utf8_to_string();

    private static decimal? Decimal(sqlite3_value value) => Text(value) is { } text ? ParseDecimal(text) : null;

    private static decimal ParseDecimal(string text) =>
        decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private static void Result(sqlite3_context ctx, object? value)
    {
        switch (value)
        {
            case null: raw.sqlite3_result_null(ctx); break;
            case long l: raw.sqlite3_result_int64(ctx, l); break;
            case decimal d: raw.sqlite3_result_text(ctx, d.ToString(DecimalFormat, CultureInfo.InvariantCulture)); break;
            default: throw new InvalidOperationException($"Tipo di risultato non previsto: {value.GetType().Name}.");
        }
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException($"Registrazione della funzione SQLite non riuscita: {raw.sqlite3_errmsg(handle).utf8_to_string()}", rc);
    }
}
