using Grassroots.Audit;
using Grassroots.BackgroundTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grassroots.AuditTrail;

/// <summary>
/// Every <see cref="AuditTrailOptions.AnchorInterval"/> (zero turns it off) records an anchor of the trail (entry count
/// and head hash, in the trail, the log and this node's signed anchor file), so entries deleted from the end are detected
/// by verify. Once per interval across the nodes (the periodic-job runner); one with nothing new writes no entry.
/// </summary>
internal sealed class AuditAnchorService(IOptions<AuditTrailOptions> options) : IPeriodicJob
{
    public string Name => "audit:anchor";

    public TimeSpan Interval => options.Value.AnchorInterval;

    public TimeSpan StartupDelay => options.Value.StartupDelay;

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IAuditTrail>().AnchorAsync(cancellationToken);
}
