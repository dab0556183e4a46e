using Npgsql;

namespace Grassroots.Tests.Infrastructure;

/// <summary>
/// A fresh, real database for one test host: a SQLite file in a temp folder, or a new database on the PostgreSQL
/// server named by <c>GRASSROOTS_TEST_POSTGRES</c> (build/test.sh starts one on loopback). Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;

    private TestDatabase(DatabaseKind kind, string dataPath, string? connectionString, string? postgresAdmin, string? databaseName)
    {
        Kind = kind;
        DataPath = dataPath;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        DatabaseName = databaseName;
    }

    public DatabaseKind Kind { get; }

    /// <summary>The data folder (SQLite file, attachments, indexes).</summary>
    public string DataPath { get; }

    /// <summary>Null for SQLite (the platform's default file in <see cref="DataPath"/>).</summary>
    public string? ConnectionString { get; }

    public string? DatabaseName { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "grassroots-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        if (kind == DatabaseKind.Sqlite)
        {
            return new TestDatabase(kind, dataPath, null, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("GRASSROOTS_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                "GRASSROOTS_TEST_POSTGRES is not set. Run the tests with `bash build/test.sh`, which starts PostgreSQL on loopback, " +
                "or start one with `bash build/postgres.sh start` and export the printed variable.");
        }

        var name = "gr_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true };
        return new TestDatabase(kind, dataPath, builder.ConnectionString, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null && DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)";
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException) when (attempt < 5)
                {
                    // A server process of another role (autovacuum) may still be attached; it goes away shortly.
                    await Task.Delay(200 * attempt);
                }
                catch (PostgresException)
                {
                    // A leftover throw-away database on the throw-away test server is harmless; never fail a test over it.
                    break;
                }
            }
        }

        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
