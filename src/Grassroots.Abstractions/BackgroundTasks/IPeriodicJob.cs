namespace Grassroots.BackgroundTasks;

/// <summary>
/// A piece of background work run every <see cref="Interval"/> by the one periodic-job runner: once per interval across
/// every node sharing the database (a cluster-wide lock on PostgreSQL, a local one on SQLite, and the job's last run
/// recorded in the <c>PeriodicJobRuns</c> table, checked under the lock). Only while the feature that owns the job's
/// type is enabled. Register with <see cref="ServiceCollectionExtensions.AddPeriodicJob{T}"/> (a singleton).
/// </summary>
public interface IPeriodicJob
{
    /// <summary>Unique, stable name (the lock and the runs-table key), e.g. <c>workflows:sweep</c>.</summary>
    string Name { get; }

    /// <summary>How often the job runs, read from the job's settings each round; zero or less switches it off.</summary>
    TimeSpan Interval { get; }

    /// <summary>Delay before this node's first round after start-up (default none).</summary>
    TimeSpan StartupDelay => TimeSpan.Zero;

    /// <summary>
    /// True when this node's first round runs whatever the runs table says (catch-up work such as timers missed while the
    /// site was down); later rounds keep to once per interval.
    /// </summary>
    bool RunAtStartup => false;

    /// <summary>Does the work, with the services of a scope of its own. An exception is logged; the next round comes as usual.</summary>
    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}
