using Grassroots.Audit;
using Grassroots.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.AuditTrail;

/// <summary>
/// Every <see cref="AuditTrailOptions.AnchorInterval"/> records an anchor of the trail (entry count and head hash, in
/// the trail, the log and this node's signed anchor file), so entries deleted from the end are detected by verify.
/// Anchors take the audit lock, so nodes anchor one after the other; one with nothing new writes no entry.
/// </summary>
internal sealed partial class AuditAnchorService(
    IServiceScopeFactory scopes,
    IOptions<AuditTrailOptions> options,
    TimeProvider clock,
    ILogger<AuditAnchorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.AnchorInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(options.Value.StartupDelay, clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await AnchorOnceAsync(stoppingToken);
                await Task.Delay(interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AnchorOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var state = scope.ServiceProvider.GetService<IFeatureState>();
            if (state is null || !state.IsEnabled(AuditRetentionService.FeatureId))
            {
                return;
            }

            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().AnchorAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Database away, not set up yet…: try again at the next interval.
            LogAnchorFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit trail anchor failed.")]
    private static partial void LogAnchorFailed(ILogger logger, Exception exception);
}
