namespace Grassroots.BackgroundTasks;

/// <summary>One node's view of a periodic job (diagnostics and tests).</summary>
/// <param name="Rounds">Rounds this node has finished: ran, skipped (not due, locked by another node, feature off) or failed.</param>
/// <param name="Runs">Rounds in which this node ran the job.</param>
/// <param name="Failures">Runs that threw.</param>
public sealed record PeriodicJobStatus(long Rounds, long Runs, long Failures);
