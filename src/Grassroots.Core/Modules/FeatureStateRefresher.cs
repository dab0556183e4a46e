using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grassroots.Modules;

/// <summary>Re-reads the enabled set every few seconds, so a change made on another node reaches this one.</summary>
internal sealed partial class FeatureStateRefresher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FeatureStateRefresher> logger)
    : BackgroundService
{
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var manager = (FeatureManager)scope.ServiceProvider.GetRequiredService<IFeatureManager>();
                await manager.LoadEnabledAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the enabled feature set failed.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
