namespace Grassroots.Security;

/// <summary>Options for sensitive data (<c>Security:Sensitive</c>).</summary>
public sealed class SensitiveDataOptions
{
    /// <summary>How long a reveal lasts (default 15 minutes).</summary>
    public TimeSpan RevealDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest accepted reason, in characters (default 4).</summary>
    public int MinimumReasonLength { get; set; } = 4;
}
