using Microsoft.AspNetCore.Http;

namespace Grassroots.Security;

/// <summary>
/// Wrong passwords are counted per user and client address (an IPv6 client by its /64): too many lock that user
/// from that address only, so nobody can lock an account (the administrator's, say) out from outside by guessing.
/// Guessing one account from many addresses is slowed instead: past a number of failures across all addresses every
/// further attempt on that account waits a little longer, up to a cap, with no lock and no CAPTCHA.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>Whether the user is locked from the request's address, and how long to hold the answer first.</summary>
    Task<LoginThrottleState> CheckAsync(GrassrootsUser user, HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>Counts a wrong password or code; true when this failure locked the user from this address.</summary>
    Task<bool> RecordFailureAsync(GrassrootsUser user, HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>A successful sign-in clears the count of the user at this address.</summary>
    Task RecordSuccessAsync(GrassrootsUser user, HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>Clears every lock and count of the user (an administrator's 解锁).</summary>
    Task ResetAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>For each of the users locked from at least one address, when the last of its locks ends (UTC).</summary>
    Task<IReadOnlyDictionary<string, DateTime>> LockedUntilAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default);
}

/// <summary>The throttle's answer before a password is checked.</summary>
/// <param name="IsLockedOut">The user is locked from this address until <paramref name="LockedUntilUtc"/>.</param>
/// <param name="LockedUntilUtc">End of the lock (UTC), when locked.</param>
/// <param name="Delay">How long to wait before checking the password (account-wide slow-down).</param>
public sealed record LoginThrottleState(bool IsLockedOut, DateTime? LockedUntilUtc, TimeSpan Delay);
