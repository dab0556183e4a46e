namespace Grassroots.Security;

/// <summary>A time-limited reveal of one item's sensitive values to one user, with the reason given.</summary>
public sealed class SensitiveRevealRecord
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string ContentItemId { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
}
