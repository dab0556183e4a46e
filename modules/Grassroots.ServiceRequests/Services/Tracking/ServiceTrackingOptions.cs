namespace Grassroots.ServiceRequests.Services.Tracking;

/// <summary>
/// Settings of request tracking (<c>ServiceRequests:Tracking</c>): the failed-attempt limits of the private tracking
/// secret (查询密码) and the key its hash is made with. See decision 0011.
/// </summary>
public sealed class ServiceTrackingOptions
{
    /// <summary>Wrong secrets for one request within <see cref="FailureWindowMinutes"/> that lock it (default 5).</summary>
    public int MaxFailuresPerRequest { get; set; } = 5;

    /// <summary>The window failures are counted in, per request and per client address (default 15 minutes).</summary>
    public int FailureWindowMinutes { get; set; } = 15;

    /// <summary>How long a request stays locked after too many failures (default 30 minutes).</summary>
    public int LockMinutes { get; set; } = 30;

    /// <summary>Wrong secrets (for any request, or unknown codes) one client address may make per window (default 10).</summary>
    public int MaxFailuresPerAddress { get; set; } = 10;

    /// <summary>
    /// The HMAC key of the secrets' hashes, base64 (at least 32 bytes). Unset: a random key kept in
    /// <c>{DataPath}/keys/service-tracking.key</c>, created on first use. Set it when several nodes share one database.
    /// </summary>
    public string? HashKey { get; set; }

    internal TimeSpan FailureWindow => TimeSpan.FromMinutes(Math.Max(1, FailureWindowMinutes));

    internal TimeSpan Lock => TimeSpan.FromMinutes(Math.Max(1, LockMinutes));
}
