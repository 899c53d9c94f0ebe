using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Demo;

/// <summary>Something holding rows not yet in the database.</summary>
public interface IBulkFlush
{
    void Flush();
}

/// <summary>
/// Writes entities straight to their table, bypassing the change tracker and the audit trail: one prepared INSERT
/// re-executed per row on SQLite, binary COPY in blocks on PostgreSQL. Columns, names and value conversions come from
/// the EF model, so the rows are exactly what EF would have written. PostgreSQL allows one COPY at a time per connection
/// and checks foreign keys row by row, so a block is written only after the blocks of the tables it refers to
/// (<c>parents</c>).
/// </summary>
public sealed class BulkInserter<T> : IBulkFlush, IAsyncDisposable where T : class
{
    private const int BlockRows = 20_000;
    private readonly IProperty[] properties;
    private readonly IClrPropertyGetter[] getters;
    private readonly Func<object?, object?>[] converters;
    private readonly SqliteCommand? sqlite;
    private readonly NpgsqlConnection? postgres;
    private readonly string copyCommand = "";
    private readonly string[] pgTypes = [];
    private readonly List<object?[]> block = [];
    private readonly IBulkFlush[] parents;

    public string Table { get; }
    public long Count { get; private set; }

    private BulkInserter(PortalDbContext db, DbTransaction transaction, IBulkFlush[] parents)
    {
        this.parents = parents;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} non è un'entità del modello.");
        Table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(Table, entity.GetSchema());
        properties = entity.GetProperties().Where(p => !p.IsShadowProperty() && p.GetColumnName(store) is not null).ToArray();
        getters = properties.Select(p => p.GetGetter()).ToArray();
        converters = properties.Select(p =>
        {
            var converter = p.GetTypeMapping().Converter;
            return converter is null ? (Func<object?, object?>)(v => v) : converter.ConvertToProvider;
        }).ToArray();
        var columns = string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(store)}\""));
        var connection = transaction.Connection!;
        if (connection is SqliteConnection sqliteConnection)
        {
            sqlite = sqliteConnection.CreateCommand();
            sqlite.Transaction = (SqliteTransaction)transaction;
            sqlite.CommandText = $"INSERT INTO \"{Table}\" ({columns}) VALUES ({string.Join(", ", properties.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < properties.Length; i++) sqlite.Parameters.Add(new SqliteParameter("$p" + i, null));
            sqlite.Prepare();
        }
        else
        {
            postgres = (NpgsqlConnection)connection;
            pgTypes = properties.Select(p => p.GetColumnType() is var t && t.IndexOf('(') is var k and > 0 ? t[..k] : t).ToArray();
            copyCommand = $"COPY \"{Table}\" ({columns}) FROM STDIN (FORMAT BINARY)";
        }
    }

    public static BulkInserter<T> Open(PortalDbContext db, DbTransaction transaction, params IBulkFlush[] parents) => new(db, transaction, parents);

    public void Add(T row)
    {
        Count++;
        if (sqlite is not null)
        {
            for (var i = 0; i < properties.Length; i++)
                sqlite.Parameters[i].Value = converters[i](getters[i].GetClrValue(row)) ?? DBNull.Value;
            sqlite.ExecuteNonQuery();
            return;
        }
        var values = new object?[properties.Length];
        for (var i = 0; i < values.Length; i++) values[i] = converters[i](getters[i].GetClrValue(row));
        block.Add(values);
        if (block.Count >= BlockRows) Flush();
    }

    public void Flush()
    {
        if (postgres is null) return;
        foreach (var parent in parents) parent.Flush();
        if (block.Count == 0) return;
        using (var copy = postgres.BeginBinaryImport(copyCommand))
        {
            foreach (var values in block)
            {
                copy.StartRow();
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is null) copy.WriteNull();
                    else copy.Write(values[i], pgTypes[i]);
                }
            }
            copy.Complete();
        }
        block.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        Flush();
        if (sqlite is not null) await sqlite.DisposeAsync();
    }
}
