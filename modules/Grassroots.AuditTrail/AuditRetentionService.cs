using Grassroots.Audit;
using Grassroots.BackgroundTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.AuditTrail;

/// <summary>
/// Trims entries older than <see cref="AuditTrailOptions.RetentionDays"/> after <see cref="AuditTrailOptions.StartupDelay"/>
/// and then every <see cref="AuditTrailOptions.RetentionInterval"/> (default once a day), once per interval across the
/// nodes (the periodic-job runner); the trim itself also takes the audit lock.
/// </summary>
internal sealed partial class AuditRetentionService(
    IOptions<AuditTrailOptions> options,
    TimeProvider clock,
    ILogger<AuditRetentionService> logger) : IPeriodicJob
{
    public const string FeatureId = "Grassroots.AuditTrail";

    public string Name => "audit:retention";

    public TimeSpan Interval => options.Value.RetentionDays <= 0 ? TimeSpan.Zero : options.Value.RetentionInterval;

    public TimeSpan StartupDelay => options.Value.StartupDelay;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        var count = await services.GetRequiredService<IAuditTrail>().TrimAsync(clock.GetUtcNow().UtcDateTime.AddDays(-days), "system", cancellationToken);
        if (count > 0)
        {
            LogTrimmed(logger, count, days);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit trail: trimmed {Count} entries older than {Days} days.")]
    private static partial void LogTrimmed(ILogger logger, int count, int days);
}
