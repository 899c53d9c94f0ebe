using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Demo;

/// <summary>
/// Writes entities straight to their table, bypassing the change tracker and the audit trail: one prepared INSERT
/// re-executed per row on SQLite, a binary COPY on PostgreSQL. Columns, names and value conversions come from the EF
/// model, so the rows are exactly what EF would have written.
/// </summary>
public sealed class BulkInserter<T> : IAsyncDisposable where T : class
{
    private readonly IProperty[] properties;
    private readonly Func<object?, object?>[] converters;
    private readonly IClrPropertyGetter[] getters;
    private readonly SqliteCommand? sqlite;
    private readonly NpgsqlBinaryImporter? copy;
    private readonly string[] pgTypes = [];

    public string Table { get; }
    public long Count { get; private set; }

    private BulkInserter(PortalDbContext db, DbTransaction transaction)
    {
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
            pgTypes = properties.Select(p => p.GetColumnType() is var t && t.IndexOf('(') is var k and > 0 ? t[..k] : p.GetColumnType()).ToArray();
            copy = ((NpgsqlConnection)connection).BeginBinaryImport($"COPY \"{Table}\" ({columns}) FROM STDIN (FORMAT BINARY)");
        }
    }

    public static BulkInserter<T> Open(PortalDbContext db, DbTransaction transaction) => new(db, transaction);

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
        copy!.StartRow();
        for (var i = 0; i < properties.Length; i++)
        {
            var value = converters[i](getters[i].GetClrValue(row));
            if (value is null) copy.WriteNull();
            else copy.Write(value, pgTypes[i]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (sqlite is not null) await sqlite.DisposeAsync();
        if (copy is not null)
        {
            await copy.CompleteAsync();
            await copy.DisposeAsync();
        }
    }
}
