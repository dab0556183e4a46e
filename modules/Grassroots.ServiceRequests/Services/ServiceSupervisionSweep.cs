using Grassroots.BackgroundTasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.ServiceRequests.Services;

/// <summary>
/// 督办 sweep: every <c>ServiceRequests:SupervisionInterval</c> (default 10 minutes, kept within 10 seconds and 30 days;
/// zero turns it off; the first one interval after start-up; on the injected clock like every periodic job) puts requests past their deadline on the supervision list
/// (<see cref="IServiceRequestPipeline.SuperviseOverdueAsync"/>), whatever step the workflow waits in (the default
/// workflow also supervises its "限时办结" step at the deadline). Once per interval across the nodes (the periodic-job runner).
/// </summary>
internal sealed partial class ServiceSupervisionSweep(IConfiguration configuration, ILogger<ServiceSupervisionSweep> logger) : IPeriodicJob
{
    public string Name => "serviceRequests:supervision";

    public TimeSpan Interval
    {
        get
        {
            var interval = configuration.GetValue("ServiceRequests:SupervisionInterval", TimeSpan.FromMinutes(10));
            return interval <= TimeSpan.Zero ? TimeSpan.Zero
                : interval < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : interval > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30) : interval;
        }
    }

    public TimeSpan StartupDelay => Interval > TimeSpan.Zero ? Interval : TimeSpan.Zero;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var count = await services.GetRequiredService<IServiceRequestPipeline>().SuperviseOverdueAsync(cancellationToken);
        if (count > 0)
        {
            LogSupervised(logger, count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service supervision put {Count} overdue requests on the list")]
    private static partial void LogSupervised(ILogger logger, int count);
}
