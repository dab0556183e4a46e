namespace Grassroots.Audit;

/// <summary>Reads the audit trail for viewers (modules cannot reach the entity in Core).</summary>
public interface IAuditQuery
{
    /// <summary>Entries matching <paramref name="filter"/>, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken cancellationToken = default);

    /// <summary>One entry with its previous hash, or null (also when <paramref name="orgPath"/> is given and the entry lies outside it).</summary>
    Task<AuditEntryDetail?> GetAsync(long sequence, string? orgPath = null, CancellationToken cancellationToken = default);
}

/// <summary>What to look for; empty values do not filter. <see cref="Page"/> starts at 1.</summary>
public sealed record AuditFilter
{
    public string? UserName { get; init; }
    public string? ContentItemId { get; init; }
    public string? ContentType { get; init; }
    public string? Category { get; init; }
    public string? Action { get; init; }
    public DateTime? FromUtc { get; init; }
    public DateTime? ToUtc { get; init; }

    /// <summary>
    /// Jurisdiction restriction: when set, only entries whose org unit's path starts with it (entries without an org
    /// unit, such as log-ins, are excluded). Null means no restriction (county-level viewers).
    /// </summary>
    public string? OrgPath { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>One page of entries and how many match in all.</summary>
public sealed record AuditPage(long Total, IReadOnlyList<AuditEntry> Entries);

/// <summary>An audit entry as shown to viewers.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTime CreatedUtc,
    string Category,
    string Action,
    string Summary,
    string? UserName,
    string? ClientAddress,
    string? ContentItemId,
    string? ContentType,
    string? OrgUnitCode,
    string? Data,
    string Hash);

/// <summary>An entry with the link to its predecessor.</summary>
public sealed record AuditEntryDetail(AuditEntry Entry, string? UserId, string PreviousHash);
