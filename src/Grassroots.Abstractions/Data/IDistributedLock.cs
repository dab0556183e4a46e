namespace Grassroots.Data;

/// <summary>
/// A named lock held across the nodes sharing one database: a PostgreSQL advisory lock on PostgreSQL, an in-process
/// lock on SQLite (one node per database file).
/// </summary>
public interface IDistributedLock
{
    /// <summary>Takes the lock without waiting; null when another holder has it. Dispose to release.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default);
}
