using Grassroots.Audit;
using Grassroots.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.AuditTrail;

/// <summary>
/// Trims entries older than <see cref="AuditTrailOptions.RetentionDays"/> shortly after start-up and then once a day.
/// The trim itself takes the audit lock (a PostgreSQL advisory lock across nodes), so concurrent nodes trim one after
/// the other and the second finds nothing left to trim.
/// </summary>
internal sealed partial class AuditRetentionService(
    IServiceScopeFactory scopes,
    IOptions<AuditTrailOptions> options,
    TimeProvider clock,
    ILogger<AuditRetentionService> logger) : BackgroundService
{
    public const string FeatureId = "Grassroots.AuditTrail";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.Value.StartupDelay, clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await TrimOnceAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromDays(1), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TrimOnceAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var state = scope.ServiceProvider.GetService<IFeatureState>();
            if (state is null || !state.IsEnabled(FeatureId))
            {
                return;
            }

            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            var count = await audit.TrimAsync(clock.GetUtcNow().UtcDateTime.AddDays(-days), "system", cancellationToken);
            if (count > 0)
            {
                LogTrimmed(logger, count, days);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not set up yet (no tables), database away…: try again tomorrow.
            LogTrimFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit trail: trimmed {Count} entries older than {Days} days.")]
    private static partial void LogTrimmed(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit trail retention trim failed.")]
    private static partial void LogTrimFailed(ILogger logger, Exception exception);
}
