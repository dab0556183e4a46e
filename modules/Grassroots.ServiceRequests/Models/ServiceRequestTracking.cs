namespace Grassroots.ServiceRequests.Models;

/// <summary>
/// The private tracking secret (查询密码) of one request and its failed-attempt counter. Only a keyed hash of the secret is
/// kept (<see cref="Services.Tracking.TrackingSecretHasher"/>); the secret itself is shown once, on the requester's receipt.
/// A separate table from <see cref="ServiceRequestRecord"/> so that no staff query, list or API answer ever loads it, and so
/// that counting failures never touches the pipeline's optimistic concurrency token. No row: the request was registered
/// before secrets existed; a re-printed receipt issues one.
/// </summary>
public sealed class ServiceRequestTracking
{
    /// <summary>The ServiceRequest content item (= <see cref="ServiceRequestRecord.ContentItemId"/>).</summary>
    public string ContentItemId { get; set; } = "";

    /// <summary>HMAC-SHA256 of the normalised secret under the tracking key, lower-case hex.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>When the current secret was issued (registration or the last re-printed receipt).</summary>
    public DateTime IssuedUtc { get; set; }

    /// <summary>Wrong secrets (and wrong phone tails on the follow-up) in the current failure window.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Start of the current failure window; null when there is none.</summary>
    public DateTime? FailureWindowStartUtc { get; set; }

    /// <summary>Tracking and follow-up are refused until then, whatever is typed.</summary>
    public DateTime? LockedUntilUtc { get; set; }
}
