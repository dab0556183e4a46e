using Grassroots.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grassroots.ServiceRequests.Services;

/// <summary>
/// 督办 sweep: every <c>ServiceRequests:SupervisionInterval</c> (default 10 minutes, wall-clock) puts requests past their
/// deadline on the supervision list (<see cref="IServiceRequestPipeline.SuperviseOverdueAsync"/>), whatever step the
/// workflow waits in (the default workflow also supervises its "限时办结" step at the deadline).
/// </summary>
internal sealed class ServiceSupervisionSweep(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    ILogger<ServiceSupervisionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("ServiceRequests:SupervisionInterval", TimeSpan.FromMinutes(10));
        interval = interval < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : interval > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30) : interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (scope.ServiceProvider.GetRequiredService<IFeatureState>().IsEnabled("Grassroots.ServiceRequests"))
                {
                    var count = await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().SuperviseOverdueAsync(stoppingToken);
                    if (count > 0)
                    {
                        logger.LogInformation("Service supervision put {Count} overdue requests on the list", count);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Service supervision sweep failed");
            }
        }
    }
}
