using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ProvincePortal.Data;
using SQLitePCL;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Plain INSERTs of many rows on the import's open transaction, outside the change tracker (the caller writes the audit
/// summary). Keys are reserved up front (<see cref="ReserveKeysAsync"/>) so that children can point to their parents
/// without reading a generated key back per row.
/// </summary>
internal abstract class BulkRows : IAsyncDisposable
{
    public static BulkRows Create(PortalDbContext db, Type clrType, string[] properties)
    {
        var entity = db.Model.FindEntityType(clrType)!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} (" +
                   string.Join(", ", properties.Select(p => sql.DelimitIdentifier(entity.FindProperty(p)!.GetColumnName(table)!))) + ") VALUES (" +
                   string.Join(", ", properties.Select((_, i) => "@p" + i)) + ")";
        return db.Database.GetDbConnection() is SqliteConnection sqlite ? new SqliteRows(sqlite, text) : new CommandRows(db, text, properties.Length);
    }

    /// <summary>
    /// <paramref name="count"/> new keys of the entity's table, never used before. SQLite (the import holds the write
    /// lock): the next values after both the highest key and the AUTOINCREMENT counter, so a deleted record's key is not
    /// reused; PostgreSQL: taken from the identity sequence, so concurrent inserts elsewhere cannot collide.
    /// </summary>
    public static async Task<int[]> ReserveKeysAsync(PortalDbContext db, Type clrType, int count, CancellationToken ct)
    {
        if (count == 0) return [];
        var entity = db.Model.FindEntityType(clrType)!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var name = sql.DelimitIdentifier(table.Name, table.Schema);
        var column = entity.FindProperty("Id")!.GetColumnName(table)!;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                              ?? throw new InvalidOperationException("Keys are reserved inside the import's transaction.");
        var keys = new int[count];
        if (db.Database.IsSqlite())
        {
            command.CommandText = $"SELECT MAX(COALESCE((SELECT MAX({sql.DelimitIdentifier(column)}) FROM {name}), 0), " +
                                  $"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table.Name}'), 0))";
            var last = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++) keys[i] = last + 1 + i;
            return keys;
        }
        command.CommandText = $"SELECT nextval(pg_get_serial_sequence('{name.Replace("'", "''")}', '{column}')) FROM generate_series(1, {count})";
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++) keys[i] = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        return keys;
    }

    public abstract ValueTask WriteAsync(CancellationToken ct, params object?[] values);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// SQLite: one statement prepared once and re-run per row, values bound by position. Going through SqliteCommand
    /// costs a name lookup per parameter and a data reader per row, which was most of the CPU time of a 100,000-row import.
    /// Text formats are Microsoft.Data.Sqlite's own (what EF reads back).
    /// </summary>
    private sealed class SqliteRows : BulkRows
    {
        private readonly SqliteConnection connection;
        private readonly sqlite3_stmt statement;

        public SqliteRows(SqliteConnection connection, string text)
        {
            this.connection = connection;
            var rc = raw.sqlite3_prepare_v2(connection.Handle, text, out statement);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        public override ValueTask WriteAsync(CancellationToken ct, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var rc = values[i] switch
                {
                    null => raw.sqlite3_bind_null(statement, i + 1),
                    string s => raw.sqlite3_bind_text(statement, i + 1, s),
                    int n => raw.sqlite3_bind_int64(statement, i + 1, n),
                    long n => raw.sqlite3_bind_int64(statement, i + 1, n),
                    bool b => raw.sqlite3_bind_int64(statement, i + 1, b ? 1 : 0),
                    DateOnly d => raw.sqlite3_bind_text(statement, i + 1, d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
                    DateTime t => raw.sqlite3_bind_text(statement, i + 1, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
                    var other => throw new NotSupportedException($"Tipo {other.GetType()} non previsto nell'inserimento massivo."),
                };
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }
            var step = raw.sqlite3_step(statement);
            raw.sqlite3_reset(statement);
            if (step != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(step, connection.Handle);
            return ValueTask.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            statement.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Other providers: one prepared command re-executed per row.</summary>
    private sealed class CommandRows : BulkRows
    {
        private readonly DbCommand command;
        private readonly DbParameter[] parameters;

        public CommandRows(PortalDbContext db, string text, int count)
        {
            command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = text;
            parameters = Enumerable.Range(0, count).Select(i =>
            {
                var p = command.CreateParameter();
                p.ParameterName = "@p" + i;
                command.Parameters.Add(p);
                return p;
            }).ToArray();
        }

        public override async ValueTask WriteAsync(CancellationToken ct, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }

        public override ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
