namespace Grassroots.BackgroundTasks;

/// <summary>Configuration section <c>Jobs</c> of the periodic-job runner.</summary>
public sealed class PeriodicJobOptions
{
    /// <summary>This node's name in <c>PeriodicJobRuns</c> (default machine name and process id).</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
