using Grassroots.BackgroundTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Outbox;

/// <summary>
/// The outbox's safety net: every <see cref="OutboxOptions.DispatchInterval"/> (and at start-up, for what a stopped or
/// crashed process left behind) dispatches the messages not handled yet, then deletes handled ones older than
/// <see cref="OutboxOptions.RetentionDays"/>.
/// </summary>
internal sealed partial class OutboxDispatchJob(IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxDispatchJob> logger) : IPeriodicJob
{
    public const string JobName = "outbox:dispatch";

    public string Name => JobName;

    public TimeSpan Interval => options.Value.DispatchInterval;

    public bool RunAtStartup => true;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        var handled = await dispatcher.DispatchPendingAsync(cancellationToken);
        if (handled > 0)
        {
            LogDispatched(logger, handled);
        }

        if (options.Value.RetentionDays > 0)
        {
            await dispatcher.PurgeAsync(clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: the background job dispatched {Count} messages.")]
    private static partial void LogDispatched(ILogger logger, int count);
}
