using System.Security.Claims;
using Grassroots.ServiceRequests.Models;

namespace Grassroots.ServiceRequests.Services;

/// <summary>What a clerk (or a resident online, or Open311) registers (受理登记).</summary>
public sealed record RegisterServiceRequest
{
    public string ItemCode { get; init; } = "";

    public ServiceChannel Channel { get; init; }

    /// <summary>The registering point (a station, room or the centre); null for online: the item's office room.</summary>
    public string? PointCode { get; init; }

    /// <summary>A linked resident record (content item id), or null with <see cref="RequesterName"/> and <see cref="RequesterPhone"/>.</summary>
    public string? ResidentContentItemId { get; init; }

    public string? RequesterName { get; init; }

    public string? RequesterPhone { get; init; }

    public string? ResidentIdNumber { get; init; }

    public string? Email { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The requester's village or town (org unit code); defaults to the registering point's unit.</summary>
    public string? OrgUnitCode { get; init; }

    public string? Address { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>Attachments already stored (IAttachmentStore ids) to put on the request.</summary>
    public IReadOnlyList<string> AttachmentIds { get; init; } = [];

    /// <summary>即办件 done on the spot: complete at registration with this result (only where the point has authority).</summary>
    public string? CompleteOnSpotResult { get; init; }
}

/// <summary>The outcome of a pipeline command: the request as it is now, or a Chinese message (and field errors).</summary>
public sealed record PipelineResult(ServiceRequestRecord? Request, string? Error = null, IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    public bool Succeeded => Error is null && Request is not null;

    /// <summary>
    /// After Register only: the private tracking secret (查询密码), in clear this once, for the requester's receipt. It is
    /// stored only as a keyed hash and never shown again (decision 0011).
    /// </summary>
    public string? TrackingSecret { get; init; }
}

/// <summary>
/// The five-step pipeline (受理登记 → 分流交办 → 限时办结 → 回访反馈 → 跟踪问效): every command checks the actor (staff of the
/// point that holds the request, or a dispatcher above it), the stage and the input, records a
/// <see cref="ServiceRequestEvent"/> and updates the <see cref="ServiceRequestRecord"/> in one transaction, then raises the
/// workflow event "ServiceStep" so the default workflow moves its tasks. Deadlines are in working days from the business
/// calendar, CST. <paramref name="user"/> null means the resident online (only Register and FollowUp allow that).
/// </summary>
public interface IServiceRequestPipeline
{
    Task<PipelineResult> RegisterAsync(ClaimsPrincipal? user, RegisterServiceRequest command, CancellationToken cancellationToken);

    /// <summary>分流交办 to a window with the item in its catalogue.</summary>
    Task<PipelineResult> DispatchAsync(ClaimsPrincipal user, string requestId, string windowCode, string? comment, CancellationToken cancellationToken);

    /// <summary>签收.</summary>
    Task<PipelineResult> AcceptAsync(ClaimsPrincipal user, string requestId, CancellationToken cancellationToken);

    /// <summary>退单: only for an item outside the window's authority catalogue, with a reason; the second goes to arbitration.</summary>
    Task<PipelineResult> SendBackAsync(ClaimsPrincipal user, string requestId, string reason, CancellationToken cancellationToken);

    /// <summary>上级裁定: the level above names the window that must handle it.</summary>
    Task<PipelineResult> ArbitrateAsync(ClaimsPrincipal user, string requestId, string windowCode, string? comment, CancellationToken cancellationToken);

    /// <summary>补办: a one-time notice listing every missing material; the clock stops.</summary>
    Task<PipelineResult> RequestMaterialsAsync(ClaimsPrincipal user, string requestId, IReadOnlyList<string> missingMaterials, string? note, CancellationToken cancellationToken);

    /// <summary>Materials arrived: the clock continues with the working days that were left.</summary>
    Task<PipelineResult> ReceiveMaterialsAsync(ClaimsPrincipal user, string requestId, CancellationToken cancellationToken);

    /// <summary>上报: escalated to the level above with its own deadline.</summary>
    Task<PipelineResult> EscalateAsync(ClaimsPrincipal user, string requestId, string reason, CancellationToken cancellationToken);

    /// <summary>延期申请, before the deadline.</summary>
    Task<PipelineResult> RequestExtensionAsync(ClaimsPrincipal user, string requestId, int workingDays, string reason, CancellationToken cancellationToken);

    /// <summary>延期审批 by a dispatcher of the level above.</summary>
    Task<PipelineResult> DecideExtensionAsync(ClaimsPrincipal user, string requestId, bool approve, string? comment, CancellationToken cancellationToken);

    /// <summary>办结.</summary>
    Task<PipelineResult> CompleteAsync(ClaimsPrincipal user, string requestId, string result, CancellationToken cancellationToken);

    /// <summary>回访: satisfaction null = not reached; 不满意/非常不满意 reopens once for 重办 (redoCause required).</summary>
    Task<PipelineResult> FollowUpAsync(ClaimsPrincipal? user, string requestId, FollowUpMethod method, Satisfaction? satisfaction,
        string? comment, string? redoCause, CancellationToken cancellationToken);

    /// <summary>督办: puts every request past its deadline on the supervision list and notifies the office and its superior.</summary>
    Task<int> SuperviseOverdueAsync(CancellationToken cancellationToken);

    Task<ServiceRequestRecord?> FindAsync(string requestId, CancellationToken cancellationToken);

    Task<ServiceRequestRecord?> FindByReceiptAsync(string receiptCode, CancellationToken cancellationToken);

    /// <summary>The recorded steps, oldest first.</summary>
    Task<IReadOnlyList<ServiceRequestEvent>> GetEventsAsync(string requestId, CancellationToken cancellationToken);
}
