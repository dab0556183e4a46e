namespace Grassroots.ServiceRequests.Models;

/// <summary>One recorded step of a request (办理过程): append-only; the KPIs and the timeline come from these.</summary>
public sealed class ServiceRequestEvent
{
    public long Id { get; set; }

    public string ContentItemId { get; set; } = "";

    /// <summary>One of <see cref="ServiceEventKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public DateTime AtUtc { get; set; }

    /// <summary>The acting user (null: system, the resident online, or the sweep).</summary>
    public string? UserName { get; set; }

    /// <summary>The point or window acting, or the target (dispatch, escalate).</summary>
    public string? PointCode { get; set; }

    /// <summary>Reason / comment (退单理由, 补办 notice, 延期理由, 重办原因, follow-up comment).</summary>
    public string? Reason { get; set; }

    /// <summary>Details as JSON (e.g. missing materials, new deadline, satisfaction).</summary>
    public string? Data { get; set; }
}

/// <summary>The kinds of <see cref="ServiceRequestEvent"/>.</summary>
public static class ServiceEventKinds
{
    public const string Registered = "registered";            // 受理登记
    public const string Forwarded = "forwarded";              // 转交上级（村站无权限）
    public const string Dispatched = "dispatched";            // 分流交办
    public const string Accepted = "accepted";                // 签收
    public const string SentBack = "sent-back";               // 退单
    public const string Arbitrated = "arbitrated";            // 上级裁定
    public const string MaterialsRequested = "materials-requested"; // 补办告知（停止计时）
    public const string MaterialsReceived = "materials-received";   // 材料补齐（恢复计时）
    public const string Escalated = "escalated";              // 上报
    public const string ExtensionRequested = "extension-requested"; // 延期申请
    public const string ExtensionApproved = "extension-approved";   // 延期批准
    public const string ExtensionRejected = "extension-rejected";   // 延期不批准
    public const string Supervised = "supervised";            // 督办（逾期）
    public const string Completed = "completed";              // 办结
    public const string FollowedUp = "followed-up";           // 回访
    public const string Reopened = "reopened";                // 重办
    public const string Closed = "closed";                    // 归档
}
