namespace Grassroots.Audit;

/// <summary>
/// The append-only, hash-chained audit trail: every entry carries the SHA-256 of the previous entry and of its own
/// canonical content, so editing or deleting a past entry is detectable; each hash is also signed with a key kept
/// outside the database (HMAC), so the chain cannot be rewritten and hashed again, and periodic anchors (entry count and
/// head hash, written to the trail, the application log and a signed file) reveal entries deleted from the end.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Walks the chain; reports the first entry whose hash or link does not match.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes entries older than <paramref name="olderThanUtc"/>, recording an anchor that keeps the rest verifiable.</summary>
    Task<int> TrimAsync(DateTime olderThanUtc, string? userName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an anchor of the trail as it stands: an <c>audit.anchor</c> entry with the entry count and head hash,
    /// then the signed anchor file that verify checks. Null when the newest entry already is an anchor (nothing new).
    /// </summary>
    Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken = default);
}

/// <summary>A point the trail is known to have reached.</summary>
/// <param name="Sequence">Sequence number of the anchor entry itself.</param>
/// <param name="Hash">Its hash.</param>
/// <param name="EntryCount">How many entries the trail held, the anchor included.</param>
/// <param name="CreatedUtc">When it was written.</param>
public sealed record AuditAnchor(long Sequence, string Hash, long EntryCount, DateTime CreatedUtc);

/// <summary>The result of walking the chain.</summary>
/// <param name="IsValid">Every entry matches.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="FirstBrokenSequence">Sequence number of the first entry that does not match.</param>
/// <param name="Reason">Why it does not match (Chinese).</param>
public sealed record AuditVerification(bool IsValid, long EntriesChecked, long? FirstBrokenSequence, string? Reason);
