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

    /// <summary>Activities waiting for an event (status <see cref="WorkflowStatus.Waiting"/>).</summary>
    public List<string> BlockingActivityIds { get; set; } = [];

    /// <summary>The Chinese message of the fault (status <see cref="WorkflowStatus.Faulted"/>).</summary>
    public string? FaultMessage { get; set; }

    /// <summary>The activity that faulted; <c>RetryAsync</c> runs it again.</summary>
    public string? FaultedActivityId { get; set; }

    public List<WorkflowHistoryEntry> History { get; set; } = [];

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }
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
}

/// <summary>Storage of workflow types (all versions) and instances. Persistence comes with its own implementation.</summary>
public interface IWorkflowStore
{
    Task<WorkflowTypeDefinition?> GetTypeAsync(string id, int version, CancellationToken cancellationToken = default);

    /// <summary>The highest version of the type.</summary>
    Task<WorkflowTypeDefinition?> GetLatestTypeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Saves a version; saving an existing (id, version) replaces it.</summary>
    Task SaveTypeAsync(WorkflowTypeDefinition type, CancellationToken cancellationToken = default);

    Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default);

    Task SaveInstanceAsync(WorkflowInstance instance, CancellationToken cancellationToken = default);
}

/// <summary>Runs workflow instances.</summary>
public interface IWorkflowExecutor
{
    /// <summary>Starts a new instance on the latest enabled version of the type (or the given version).</summary>
    Task<WorkflowInstance> StartAsync(string workflowTypeId, JsonNode? input = null, string? correlationId = null,
        string? user = null, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a waiting instance at one of its blocking activities.</summary>
    Task<WorkflowInstance> ResumeAsync(WorkflowInstance instance, string activityId, JsonNode? input = null,
        string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the faulted activity of a faulted instance again.</summary>
    Task<WorkflowInstance> RetryAsync(WorkflowInstance instance, string? user = null, CancellationToken cancellationToken = default);
}
