namespace Grassroots.ServiceRequests.Models;

/// <summary>
/// The state and facts of one service request (群众诉求/服务事项): one row per request content item, changed only by
/// <c>ServiceRequestPipeline</c> in the same transaction as the <see cref="ServiceRequestEvent"/> it records. Work queues,
/// the supervision list (督办) and the KPIs read this table; the events are the history it is derived from.
/// </summary>
public sealed class ServiceRequestRecord : Grassroots.Security.IOrgScoped
{
    /// <summary>The ServiceRequest content item (the request's document: requester, description, attachments).</summary>
    public string ContentItemId { get; set; } = "";

    /// <summary>受理回执码 given to the requester (unique), e.g. "20261128-7KQ3MX".</summary>
    public string ReceiptCode { get; set; } = "";

    /// <summary>Service item code (事项编码) of the guide.</summary>
    public string ItemCode { get; set; } = "";

    public string ItemName { get; set; } = "";

    /// <summary>The published guide the request was registered against (its content item id).</summary>
    public string? GuideContentItemId { get; set; }

    public ServiceChannel Channel { get; set; }

    /// <summary>Class at registration: Immediate or Promised.</summary>
    public ServiceClass InitialClass { get; set; }

    /// <summary>Current class (changes to Supplement while materials are missing, Escalated when escalated).</summary>
    public ServiceClass Class { get; set; }

    public ServiceStage Stage { get; set; }

    /// <summary>Where it was registered (受理点).</summary>
    public string RegisteredPointCode { get; set; } = "";

    /// <summary>Who has it now (point or window code); its queue is "sp:{code}".</summary>
    public string CurrentPointCode { get; set; } = "";

    /// <summary>Org path of the current point's org unit (jurisdiction filters for staff lists).</summary>
    public string CurrentOrgPath { get; set; } = "";

    /// <summary>The point that dispatched it last (a room or the centre), for send-backs.</summary>
    public string? DispatchPointCode { get; set; }

    /// <summary>The handling office: the window or station that completed it (for KPIs by office).</summary>
    public string? OfficeCode { get; set; }

    /// <summary>Town code (9 digits) of the requester's place / registering point, for KPIs by town.</summary>
    public string TownCode { get; set; } = "";

    /// <summary>Org unit (village or town) the request belongs to; org path for jurisdiction.</summary>
    public string OrgUnitCode { get; set; } = "";

    public string OrgPath { get; set; } = "";

    public DateTime RegisteredUtc { get; set; }

    /// <summary>Registration business date (CST) and month "yyyy-MM", for KPIs by month.</summary>
    public DateOnly RegisteredDate { get; set; }

    public string Month { get; set; } = "";

    /// <summary>签收时限 (end of the acceptance window) while AwaitingAcceptance.</summary>
    public DateTime? AcceptDueUtc { get; set; }

    public DateTime? AcceptedUtc { get; set; }

    /// <summary>The guide's time limit in working days (0 for 即办).</summary>
    public int TimeLimitDays { get; set; }

    /// <summary>The last business day of the deadline (CST); the deadline is the end of that day.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>The deadline instant (end of <see cref="DueDate"/> in CST, as UTC).</summary>
    public DateTime? DueUtc { get; set; }

    /// <summary>While the clock is stopped (补办): working days left when it stopped.</summary>
    public int? RemainingWorkingDays { get; set; }

    public DateTime? PausedUtc { get; set; }

    /// <summary>Number of 补办 rounds (one-time notices of missing materials).</summary>
    public int MaterialsRounds { get; set; }

    public int SendBackCount { get; set; }

    public int ExtensionCount { get; set; }

    public int RedoCount { get; set; }

    public bool WasEscalated { get; set; }

    public DateTime? CompletedUtc { get; set; }

    /// <summary>Completed by the deadline in force (after approved extensions and stopped-clock days).</summary>
    public bool? CompletedOnTime { get; set; }

    /// <summary>Handling time in working days, registration to completion, without stopped-clock days.</summary>
    public int? HandlingWorkingDays { get; set; }

    /// <summary>督办: the deadline passed before completion; set when it was put on the supervision list.</summary>
    public DateTime? SupervisedUtc { get; set; }

    public bool IsOverdue { get; set; }

    public DateTime? FollowUpUtc { get; set; }

    public FollowUpMethod? FollowUpMethod { get; set; }

    /// <summary>The latest follow-up answer (null: no answer yet / not reached).</summary>
    public Satisfaction? Satisfaction { get; set; }

    /// <summary>一次办结: completed with no 补办 round, no 退单 and no 重办 (false once any happens).</summary>
    public bool? OneVisit { get; set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; set; }
}
