using Grassroots.BackgroundTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Fires due timers and deadlines at start-up (those missed while the site was down) and then every
/// <see cref="WorkflowEngineOptions.SweepInterval"/>, while the workflows feature is enabled, as a periodic job (once per
/// interval across the nodes). <see cref="Wake"/> runs a sweep at once (after a type is saved).
/// </summary>
public sealed partial class WorkflowSweepService(
    IServiceProvider root,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowSweepService> logger) : IPeriodicJob
{
    public const string JobName = "workflows:sweep";

    private int sweeps;

    /// <summary>Completed sweeps on this node (for diagnostics and tests).</summary>
    public int Sweeps => Volatile.Read(ref sweeps);

    public string Name => JobName;

    public TimeSpan Interval => EffectiveInterval(options.Value.SweepInterval);

    public bool RunAtStartup => true;

    public void Wake() => root.GetRequiredService<IPeriodicJobScheduler>().Wake(JobName);

    /// <summary>
    /// The configured interval kept within 1 second and 30 days: zero or negative would sweep in a tight loop, and
    /// Task.Delay throws beyond about 49.7 days, which would stop the host.
    /// </summary>
    internal static TimeSpan EffectiveInterval(TimeSpan configured) =>
        configured < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
        : configured > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30)
        : configured;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var fired = await services.GetRequiredService<IWorkflowManager>().RunDueAsync(cancellationToken);
        if (fired > 0)
        {
            LogFired(logger, fired);
        }

        Interlocked.Increment(ref sweeps);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow sweep fired {Count} due timers and deadlines")]
    private static partial void LogFired(ILogger logger, int count);
}
