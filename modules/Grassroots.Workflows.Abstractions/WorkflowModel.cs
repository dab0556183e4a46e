using System.Text.Json.Nodes;

namespace Grassroots.Workflows;

/// <summary>
/// One version of a workflow type: a graph of activities and transitions. Versions are immutable once instances run on
/// them; publishing a change creates a new <see cref="Version"/> and running instances stay on theirs.
/// </summary>
public sealed class WorkflowTypeDefinition
{
    /// <summary>Stable id of the type, shared by all its versions.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>1-based version number.</summary>
    public int Version { get; set; } = 1;

    public bool IsEnabled { get; set; } = true;

    public List<ActivityDefinition> Activities { get; set; } = [];

    public List<TransitionDefinition> Transitions { get; set; } = [];

    /// <summary>The activity with <paramref name="id"/>, or null.</summary>
    public ActivityDefinition? FindActivity(string id) => Activities.Find(a => a.Id == id);
}

/// <summary>An activity placed on the designer canvas.</summary>
public sealed class ActivityDefinition
{
    public string Id { get; set; } = "";

    /// <summary>The <see cref="IActivity.Name"/> of the activity.</summary>
    public string Type { get; set; } = "";

    public JsonObject Properties { get; set; } = [];

    public double X { get; set; }

    public double Y { get; set; }

    /// <summary>Whether the workflow starts here.</summary>
    public bool IsStart { get; set; }
}

/// <summary>From <see cref="SourceId"/> when it ends with <see cref="Outcome"/>, go to <see cref="DestinationId"/>.</summary>
public sealed class TransitionDefinition
{
    public string SourceId { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string DestinationId { get; set; } = "";
}

/// <summary>The state of a workflow instance.</summary>
public enum WorkflowStatus
{
    Running,
    Waiting,
    Finished,
    Faulted,
    Cancelled,
}

/// <summary>A running (or finished) workflow: plain and JSON-serializable.</summary>
public sealed class WorkflowInstance
{
    public string Id { get; set; } = "";

    public string WorkflowTypeId { get; set; } = "";

    /// <summary>The version of the type this instance started on; it keeps running on it.</summary>
    public int WorkflowTypeVersion { get; set; }

    public string? CorrelationId { get; set; }

    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;

    /// <summary>The workflow's variables.</summary>
    public JsonObject Properties { get; set; } = [];

    /// <summary>The input the workflow was started with.</summary>
    public JsonNode? Input { get; set; }

    /// <summary>Activities waiting for an event (status <see cref="WorkflowStatus.Waiting"/>), with due time and task.</summary>
    public List<WorkflowBlocking> Blockings { get; set; } = [];

    /// <summary>The ids of the <see cref="Blockings"/> activities.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> BlockingActivityIds => Blockings.ConvertAll(b => b.ActivityId);

    /// <summary>Private state of activities by activity id (for example a join's arrivals).</summary>
    public JsonObject ActivityStates { get; set; } = [];

    /// <summary>The Chinese message of the fault (status <see cref="WorkflowStatus.Faulted"/>).</summary>
    public string? FaultMessage { get; set; }

    /// <summary>The activity that faulted; <c>RetryAsync</c> runs it again.</summary>
    public string? FaultedActivityId { get; set; }

    public List<WorkflowHistoryEntry> History { get; set; } = [];

    /// <summary>The outbox ids of the last events that resumed this instance (the idempotency keys of redelivered events).</summary>
    public List<string> HandledEventIds { get; set; } = [];

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }
}

/// <summary>
/// An activity waiting for an event. Stored in an index (activity type, correlation id, due time, task assignee) so that
/// events, the background sweep and task inboxes find exactly the waiting instances.
/// </summary>
public sealed class WorkflowBlocking
{
    /// <summary>Unique id; for user tasks it is the task id.</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString("n");

    public string ActivityId { get; set; } = "";

    /// <summary>The event that resumes the blocking activity (<see cref="IActivity.WaitsFor"/>, usually its name); events are matched by it.</summary>
    public string ActivityType { get; set; } = "";

    /// <summary>When the sweep resumes it (timers, deadlines), or null.</summary>
    public DateTime? DueUtc { get; set; }

    /// <summary>A user task shown in 我的待办, or null.</summary>
    public WorkflowTaskInfo? Task { get; set; }

    public DateTime CreatedUtc { get; set; }
}

/// <summary>A user task (待办): who may complete it and with which outcomes.</summary>
public sealed class WorkflowTaskInfo
{
    /// <summary>Chinese title shown in the inbox, e.g. "村审核：走访记录 张家庄".</summary>
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The buttons: outcome names with their labels.</summary>
    public List<ActivityOutcome> Outcomes { get; set; } = [];

    /// <summary>Role name users must hold (with <see cref="OrgUnitCode"/>), or null when assigned to a user.</summary>
    public string? Role { get; set; }

    /// <summary>The org unit whose users (of <see cref="Role"/>) may complete the task.</summary>
    public string? OrgUnitCode { get; set; }

    /// <summary>The named user who may complete the task, or null.</summary>
    public string? UserName { get; set; }

    /// <summary>The content item the task is about (links the inbox to the item page).</summary>
    public string? ContentItemId { get; set; }

    /// <summary>Due date of the task, shown in the inbox, or null.</summary>
    public DateTime? DueUtc { get; set; }

    /// <summary>
    /// A named work queue (e.g. "sp:370725001-W-MZ", a service window) whose members — as told by the
    /// <see cref="ITaskQueueMembership"/> implementations — may complete the task, besides <see cref="UserName"/> or
    /// <see cref="Role"/> in <see cref="OrgUnitCode"/>.
    /// </summary>
    public string? Queue { get; set; }

    /// <summary>
    /// Where the task is handled when its outcome needs more than a comment (a reason, a checklist): the inbox links
    /// there instead of showing outcome buttons, and the generic completion refuses it. The owning module resumes the
    /// blocking itself.
    /// </summary>
    public string? HandlerUrl { get; set; }
}

/// <summary>Tells which work queues (<see cref="WorkflowTaskInfo.Queue"/>) a user belongs to; modules implement it.</summary>
public interface ITaskQueueMembership
{
    Task<IReadOnlyCollection<string>> GetQueuesAsync(string userName, CancellationToken cancellationToken);
}

/// <summary>One executed activity: when, by whom, with which outcome(s) (empty when it blocked or faulted).</summary>
public sealed class WorkflowHistoryEntry
{
    public string ActivityId { get; set; } = "";

    public string ActivityType { get; set; } = "";

    public List<string> Outcomes { get; set; } = [];

    /// <summary>"Executed", "Blocked", "Resumed" or "Faulted".</summary>
    public string Kind { get; set; } = "Executed";

    public string? Message { get; set; }

    public DateTime ExecutedUtc { get; set; }

    public string? User { get; set; }

    /// <summary>A comment given with the outcome (user tasks).</summary>
    public string? Comment { get; set; }
}

/// <summary>Storage of workflow types (all versions) and instances, with the blocking index.</summary>
public interface IWorkflowStore
{
    /// <summary>The latest version of every enabled type whose start activity is of <paramref name="activityType"/>.</summary>
    Task<IReadOnlyList<WorkflowTypeDefinition>> ListStartableTypesAsync(string activityType, CancellationToken cancellationToken = default);

    /// <summary>Waiting instances blocked on <paramref name="activityType"/> with <paramref name="correlationId"/> (null matches any).</summary>
    Task<IReadOnlyList<string>> FindWaitingInstanceIdsAsync(string activityType, string? correlationId, CancellationToken cancellationToken = default);

    /// <summary>Blockings due at or before <paramref name="nowUtc"/>: (instance id, blocking id), oldest first.</summary>
    Task<IReadOnlyList<(string InstanceId, string BlockingId)>> ListDueAsync(DateTime nowUtc, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the instance's run lease for <paramref name="owner"/> until <paramref name="untilUtc"/>; false when another
    /// owner holds an unexpired lease. Two nodes never advance one instance at once.
    /// </summary>
    Task<bool> TryLeaseAsync(string instanceId, string owner, DateTime untilUtc, CancellationToken cancellationToken = default);

    Task ReleaseLeaseAsync(string instanceId, string owner, CancellationToken cancellationToken = default);

    Task<WorkflowTypeDefinition?> GetTypeAsync(string id, int version, CancellationToken cancellationToken = default);

    /// <summary>The highest version of the type.</summary>
    Task<WorkflowTypeDefinition?> GetLatestTypeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a version in one write (the version and the type's header); saving an existing (id, version) replaces it.
    /// <paramref name="user"/> is recorded as the version's author and the type's last editor (null: a recipe or the system).
    /// </summary>
    Task SaveTypeAsync(WorkflowTypeDefinition type, string? user = null, CancellationToken cancellationToken = default);

    Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default);

    Task SaveInstanceAsync(WorkflowInstance instance, CancellationToken cancellationToken = default);
}

/// <summary>Runs workflow instances.</summary>
public interface IWorkflowExecutor
{
    /// <summary>Starts a new instance on the latest enabled version of the type (or the given version).</summary>
    /// <param name="startActivityId">The start activity to run (default: every start activity).</param>
    /// <param name="triggeredByEvent">True when the start event has happened (it runs as if resumed, not blocking).</param>
    Task<WorkflowInstance> StartAsync(string workflowTypeId, JsonNode? input = null, string? correlationId = null,
        string? user = null, int? version = null, string? startActivityId = null, bool triggeredByEvent = false,
        CancellationToken cancellationToken = default);

    /// <summary>Resumes a waiting instance at one of its blocking activities.</summary>
    Task<WorkflowInstance> ResumeAsync(WorkflowInstance instance, string activityId, JsonNode? input = null,
        string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the faulted activity of a faulted instance again.</summary>
    Task<WorkflowInstance> RetryAsync(WorkflowInstance instance, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels a running, waiting or faulted instance (its blockings and tasks go away).</summary>
    Task<WorkflowInstance> CancelAsync(WorkflowInstance instance, string? user = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// The entry point for events: starts the types an event starts and resumes the instances waiting for it, each under
/// its run lease; fires due timers and deadlines.
/// </summary>
public interface IWorkflowManager
{
    /// <summary>
    /// Raises event <paramref name="activityType"/> (e.g. "ContentCreated"): starts enabled types whose start activity
    /// matches and resumes instances blocked on it with <paramref name="correlationId"/>. Returns the touched instances.
    /// </summary>
    Task<IReadOnlyList<WorkflowInstance>> TriggerEventAsync(string activityType, JsonNode? input, string? correlationId,
        string? user = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="TriggerEventAsync"/> at most once per <paramref name="eventId"/> (an outbox message id): an instance it
    /// started or resumed keeps the id in its own row, so the event raised again changes nothing.
    /// </summary>
    Task<IReadOnlyList<WorkflowInstance>> TriggerEventOnceAsync(string eventId, string activityType, JsonObject input, string? correlationId,
        string? user, CancellationToken cancellationToken = default);

    /// <summary>Resumes one waiting instance at <paramref name="activityId"/> under its lease; null when it is not waiting there.</summary>
    Task<WorkflowInstance?> ResumeAsync(string instanceId, string activityId, JsonNode? input, string? user = null,
        CancellationToken cancellationToken = default);

    /// <summary>Fires every timer and deadline due at the current time; returns how many fired.</summary>
    Task<int> RunDueAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Supplies what activities and expressions see beside the instance: the content item named by the correlation id and
/// the acting user. Implemented by the workflows module; without it both are null.
/// </summary>
public interface IWorkflowContextProvider
{
    /// <summary>The content item (API shape, sensitive fields as stored) for a correlation id, or null.</summary>
    Task<JsonObject?> GetContentItemAsync(string? correlationId, CancellationToken cancellationToken);

    /// <summary>The user as expressions see it: <c>{name, displayName, roles:[…], orgUnitCode}</c>, or null.</summary>
    Task<JsonObject?> GetUserAsync(string? userName, CancellationToken cancellationToken);
}
