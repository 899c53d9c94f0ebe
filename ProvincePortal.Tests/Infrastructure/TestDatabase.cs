using Npgsql;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>
/// The database a test host runs on: a real SQLite file in a fresh folder by default, or a fresh database on the
/// PostgreSQL server named by PP_TEST_POSTGRES (the PostgreSQL lane of .ci/run sets it, with PP_TEST_PROVIDER=Postgres).
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("PP_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string Provider { get; }
    public string DataDirectory { get; }
    public string ConnectionString { get; }
    private readonly string? postgresDatabase;

    public TestDatabase()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "pp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        if (UsePostgres)
        {
            Provider = "Postgres";
            var server = Environment.GetEnvironmentVariable("PP_TEST_POSTGRES")
                ?? throw new InvalidOperationException("PP_TEST_PROVIDER=Postgres richiede PP_TEST_POSTGRES (stringa di connessione al server).");
            postgresDatabase = "pp_test_" + Guid.NewGuid().ToString("N")[..12];
            using (var connection = new NpgsqlConnection(server))
            {
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {postgresDatabase}", connection);
                create.ExecuteNonQuery();
            }
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = postgresDatabase }.ConnectionString;
        }
        else
        {
            Provider = "Sqlite";
            ConnectionString = $"Data Source={Path.Combine(DataDirectory, "provinceportal.db")}";
        }
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("DataDirectory", DataDirectory);
        yield return new("Database:Provider", Provider);
        yield return new("Database:ConnectionString", ConnectionString);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PP_TEST_POSTGRES"));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
