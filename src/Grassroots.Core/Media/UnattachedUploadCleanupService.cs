using Grassroots.BackgroundTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Media;

/// <summary>
/// Removes uploads no item has claimed within <see cref="AttachmentOptions.UnattachedLifetime"/>, after
/// <see cref="AttachmentOptions.CleanupStartupDelay"/> and then every <see cref="AttachmentOptions.CleanupInterval"/>
/// (at least 10 seconds), once per interval across the nodes (the periodic-job runner).
/// </summary>
internal sealed partial class UnattachedUploadCleanupService(
    IOptions<AttachmentOptions> options,
    TimeProvider clock,
    ILogger<UnattachedUploadCleanupService> logger) : IPeriodicJob
{
    public string Name => "attachments:cleanup";

    public TimeSpan Interval => Clamp(options.Value.CleanupInterval, TimeSpan.FromSeconds(10));

    public TimeSpan StartupDelay => Clamp(options.Value.CleanupStartupDelay, TimeSpan.Zero);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.UnattachedLifetime;
        var count = await services.GetRequiredService<AttachmentRegistry>().RemoveUnattachedAsync(cutoff, cancellationToken);
        if (count > 0)
        {
            LogRemoved(logger, count);
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min) => value < min ? min : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachments: removed {Count} unattached uploads.")]
    private static partial void LogRemoved(ILogger logger, int count);
}
