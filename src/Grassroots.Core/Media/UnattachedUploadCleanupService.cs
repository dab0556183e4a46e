using Grassroots.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Media;

/// <summary>
/// Removes uploads no item has claimed within <see cref="AttachmentOptions.UnattachedLifetime"/>, shortly after start-up
/// and then every <see cref="AttachmentOptions.CleanupInterval"/> (on the injected clock, like the audit retention
/// trim). Nodes sharing a database take turns through the <c>attachments:cleanup</c> lock.
/// </summary>
internal sealed partial class UnattachedUploadCleanupService(
    IServiceScopeFactory scopes,
    IOptions<AttachmentOptions> options,
    TimeProvider clock,
    ILogger<UnattachedUploadCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Clamp(options.Value.CleanupStartupDelay, TimeSpan.Zero), clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await SweepOnceAsync(stoppingToken);
                await Task.Delay(Clamp(options.Value.CleanupInterval, TimeSpan.FromSeconds(10)), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var held = await scope.ServiceProvider.GetRequiredService<IDistributedLock>().TryAcquireAsync("attachments:cleanup", cancellationToken);
            if (held is null)
            {
                return;
            }

            var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.UnattachedLifetime;
            var count = await scope.ServiceProvider.GetRequiredService<AttachmentRegistry>().RemoveUnattachedAsync(cutoff, cancellationToken);
            if (count > 0)
            {
                LogRemoved(logger, count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not set up yet (no table), database away…: try again at the next interval.
            LogFailed(logger, ex);
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min) => value < min ? min : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachments: removed {Count} unattached uploads.")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachments: removing unattached uploads failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
