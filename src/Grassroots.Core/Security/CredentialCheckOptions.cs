namespace Grassroots.Security;

/// <summary>Options for checking sign-in cookies and API tokens against the user's current state (<c>Security:CredentialCheck</c>).</summary>
public sealed class CredentialCheckOptions
{
    /// <summary>The longest a 30-second ceiling allows.</summary>
    public const int MaximumCacheSeconds = 30;

    /// <summary>
    /// How long one node may reuse a user's loaded state (security stamp, disabled, locked) before reading it again
    /// (default 15 seconds; 0 reads it on every request; values above 30 are treated as 30). A change made through the
    /// platform is seen at once on the node that made it; other nodes see it within this time.
    /// </summary>
    public int CacheSeconds { get; set; } = 15;
}
