namespace Grassroots.Workflows.Models;

/// <summary>A workflow type (工作流类型): the header shared by all its versions.</summary>
public sealed class WorkflowTypeRecord
{
    /// <summary>Stable id (letters, digits, '-' and '_'), e.g. "opinion-review".</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public int LatestVersion { get; set; }

    /// <summary>Disabled types start no new instances; running ones continue.</summary>
    public bool IsEnabled { get; set; } = true;

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }

    public string? ModifiedBy { get; set; }
}

/// <summary>One immutable version of a workflow type (JSON of <see cref="WorkflowTypeDefinition"/>).</summary>
public sealed class WorkflowTypeVersionRecord
{
    public long Id { get; set; }

    public string WorkflowTypeId { get; set; } = "";

    public int Version { get; set; }

    public string Name { get; set; } = "";

    /// <summary>"|ContentCreated|Timer|": the activity types of the start activities, for event lookups.</summary>
    public string StartActivityTypes { get; set; } = "|";

    public string Json { get; set; } = "{}";

    public DateTime CreatedUtc { get; set; }

    public string? CreatedBy { get; set; }
}

/// <summary>A workflow instance (工作流实例); the document is <see cref="Json"/>, the columns are for queries.</summary>
public sealed class WorkflowInstanceRecord : Grassroots.Security.IOrgScoped
{
    public string Id { get; set; } = "";

    public string WorkflowTypeId { get; set; } = "";

    public int WorkflowTypeVersion { get; set; }

    public string? CorrelationId { get; set; }

    public WorkflowStatus Status { get; set; }

    /// <summary>Org path of the correlated content item (jurisdiction filter), or "" for county-wide instances.</summary>
    public string OrgPath { get; set; } = "";

    public string? FaultMessage { get; set; }

    public string Json { get; set; } = "{}";

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }

    /// <summary>The node that is running the instance now, or null.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }
}

/// <summary>Index row of a waiting activity: events, the sweep and the 我的待办 inbox query these.</summary>
public sealed class WorkflowBlockingRecord
{
    /// <summary>The <see cref="WorkflowBlocking.Id"/>; for user tasks the task id.</summary>
    public string Id { get; set; } = "";

    public string InstanceId { get; set; } = "";

    public string WorkflowTypeId { get; set; } = "";

    public string ActivityId { get; set; } = "";

    public string ActivityType { get; set; } = "";

    public string? CorrelationId { get; set; }

    public DateTime? DueUtc { get; set; }

    /// <summary>True for user tasks (待办).</summary>
    public bool IsTask { get; set; }

    public string? TaskTitle { get; set; }

    public string? TaskRole { get; set; }

    public string? TaskOrgUnitCode { get; set; }

    public string? TaskUserName { get; set; }

    /// <summary>The work queue of the task (see <see cref="WorkflowTaskInfo.Queue"/>).</summary>
    public string? TaskQueue { get; set; }

    public string? ContentItemId { get; set; }

    public DateTime? TaskDueUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
}

/// <summary>An in-app notification (站内通知) for one user.</summary>
public sealed class NotificationRecord
{
    public long Id { get; set; }

    public string UserName { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>Plain text.</summary>
    public string Body { get; set; } = "";

    /// <summary>Local link to open, e.g. "/admin/contents/items/{id}", or null.</summary>
    public string? Url { get; set; }

    public string? WorkflowInstanceId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? ReadUtc { get; set; }
}
