using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Grassroots.Data;

/// <summary>
/// <see cref="IDistributedLock"/>: on PostgreSQL a session-level <c>pg_try_advisory_lock</c> held on a dedicated
/// connection until disposed (released by the server if the node dies); otherwise a process-wide semaphore per name.
/// </summary>
internal sealed class DistributedLock(DatabaseOptions database, Hosting.IGrassrootsEnvironment environment) : IDistributedLock
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> LocalLocks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!database.IsPostgres)
        {
            // Keyed by database too, so two test hosts on different files in one process do not block each other.
            var semaphore = LocalLocks.GetOrAdd($"{database.ConnectionString ?? environment.DataPath}|{name}", _ => new SemaphoreSlim(1, 1));
            return await semaphore.WaitAsync(0, cancellationToken).ConfigureAwait(false) ? new LocalHandle(semaphore) : null;
        }

        var key = Key(name);
        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", connection);
            command.Parameters.AddWithValue("k", key);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new PostgresHandle(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>A stable 64-bit key for a lock name (the first 8 bytes of its SHA-256).</summary>
    internal static long Key(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("grassroots:" + name)), 0);

    private sealed class LocalHandle(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresHandle(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
                command.Parameters.AddWithValue("k", key);
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
            finally
            {
                // Closing the session releases the lock in any case.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
