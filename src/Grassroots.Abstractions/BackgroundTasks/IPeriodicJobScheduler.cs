namespace Grassroots.BackgroundTasks;

/// <summary>The periodic-job runner seen from outside: wake a job early, read this node's counters.</summary>
public interface IPeriodicJobScheduler
{
    /// <summary>Runs the job's next round at once (under the lock, without waiting for its interval).</summary>
    void Wake(string jobName);

    /// <summary>This node's counters of the job, or null when no such job is registered.</summary>
    PeriodicJobStatus? GetStatus(string jobName);
}
