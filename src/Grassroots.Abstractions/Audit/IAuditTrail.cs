namespace Grassroots.Audit;

/// <summary>
/// The append-only, hash-chained audit trail: every entry carries the SHA-256 of the previous entry and of its own
/// canonical content, so editing or deleting a past entry is detectable.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Walks the chain; reports the first entry whose hash or link does not match.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes entries older than <paramref name="olderThanUtc"/>, recording an anchor that keeps the rest verifiable.</summary>
    Task<int> TrimAsync(DateTime olderThanUtc, string? userName, CancellationToken cancellationToken = default);
}

/// <summary>The result of walking the chain.</summary>
/// <param name="IsValid">Every entry matches.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="FirstBrokenSequence">Sequence number of the first entry that does not match.</param>
/// <param name="Reason">Why it does not match (Chinese).</param>
public sealed record AuditVerification(bool IsValid, long EntriesChecked, long? FirstBrokenSequence, string? Reason);
