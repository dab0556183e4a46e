namespace Grassroots.Security;

/// <summary>Configuration section <c>Security:Lockout</c> (see <see cref="ILoginThrottle"/>).</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Wrong passwords or codes from one address that lock the user from that address. Default 5.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long such a lock lasts, and the window failures are counted in. Default 15 minutes.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures on one account across all addresses (within the window) after which every attempt waits. Default 10.</summary>
    public int SlowdownAfter { get; set; } = 10;

    /// <summary>The longest wait before an attempt on an account under attack is answered. Default 10 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
