using Grassroots.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Fires due timers and deadlines at start-up (those missed while the site was down) and then every
/// <see cref="WorkflowEngineOptions.SweepInterval"/>, while the workflows feature is enabled. <see cref="Wake"/> runs
/// a sweep at once (after a type is saved).
/// </summary>
public sealed class WorkflowSweepService(
    IServiceScopeFactory scopes,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider clock,
    ILogger<WorkflowSweepService> logger) : BackgroundService
{
    private TaskCompletionSource wakeSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed sweeps (for diagnostics and tests).</summary>
    public int Sweeps { get; private set; }

    public void Wake() => wakeSignal.TrySetResult();

    /// <summary>
    /// The configured interval kept within 1 second and 30 days: zero or negative would sweep in a tight loop, and
    /// Task.Delay throws beyond about 49.7 days, which would stop the host.
    /// </summary>
    internal static TimeSpan EffectiveInterval(TimeSpan configured) =>
        configured < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
        : configured > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30)
        : configured;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var signal = wakeSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var features = scope.ServiceProvider.GetRequiredService<IFeatureState>();
                if (features.IsEnabled("Grassroots.Workflows"))
                {
                    var fired = await scope.ServiceProvider.GetRequiredService<IWorkflowManager>().RunDueAsync(stoppingToken);
                    if (fired > 0)
                    {
                        logger.LogInformation("Workflow sweep fired {Count} due timers and deadlines", fired);
                    }
                }

                Sweeps++;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may not be set up yet, or be briefly unreachable: try again next round.
                logger.LogWarning(ex, "Workflow sweep failed");
            }

            try
            {
                await Task.WhenAny(Task.Delay(EffectiveInterval(options.Value.SweepInterval), clock, stoppingToken), signal.Task);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
