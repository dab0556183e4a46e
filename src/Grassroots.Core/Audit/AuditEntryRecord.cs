namespace Grassroots.Audit;

/// <summary>A stored audit entry; <see cref="Hash"/> covers every other column and the previous entry's hash.</summary>
public sealed class AuditEntryRecord
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string Category { get; set; } = "";
    public string Action { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? UserName { get; set; }
    public string? UserId { get; set; }
    public string? ClientAddress { get; set; }
    public string? ContentItemId { get; set; }
    public string? ContentType { get; set; }
    public string? OrgUnitCode { get; set; }
    public string? Data { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>HMAC-SHA256 of <see cref="Hash"/> with the audit key kept outside the database (see <c>AuditKey</c>).</summary>
    public string? Mac { get; set; }
}
