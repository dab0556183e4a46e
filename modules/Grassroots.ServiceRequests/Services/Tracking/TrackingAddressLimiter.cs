using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Grassroots.ServiceRequests.Services.Tracking;

/// <summary>
/// Failed tracking attempts per client address (in memory, like the other rate limits): each wrong secret or unknown
/// receipt code takes a permit; with none left in the window the address is refused before anything is checked.
/// </summary>
public sealed class TrackingAddressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public TrackingAddressLimiter(IOptions<ServiceTrackingOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ =>
            new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.MaxFailuresPerAddress),
                Window = settings.FailureWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Whether <paramref name="address"/> has used up its failures for the window.</summary>
    public bool IsBlocked(string address) => _limiter.GetStatistics(address) is { CurrentAvailablePermits: <= 0 };

    /// <summary>Counts one failure against <paramref name="address"/>.</summary>
    public void Fail(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
    }

    public void Dispose() => _limiter.Dispose();
}
