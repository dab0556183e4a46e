using System.Text.Json.Nodes;
using Grassroots.Workflows.Expressions;

namespace Grassroots.Workflows;

/// <summary>A named outcome with its Chinese label.</summary>
public sealed record ActivityOutcome(string Name, string DisplayName);

/// <summary>
/// A property shown in the designer's generated form. <see cref="Kind"/>: "text", "multiline", "number", "boolean",
/// "select" (<see cref="Options"/>), "expression" (Liquid or JavaScript by the activity's <c>Syntax</c> property),
/// "liquid", "script" (JavaScript), "contentType", "role", "user", "orgLevel" ("same", "parent", "county", "assigned"),
/// "outcomes" (comma-separated outcome names that become outcomes of the activity, e.g. a user task's buttons), or
/// "headers" (one <c>Name: value</c> per line; the values are secrets, redacted for users who may not edit workflows).
/// </summary>
public sealed record ActivityPropertyDescriptor(string Name, string DisplayName, string Kind = "text", bool Required = false)
{
    public string? Hint { get; init; }

    public string? Default { get; init; }

    /// <summary>Choices of a "select" property: value and Chinese label.</summary>
    public IReadOnlyList<ActivityOutcome>? Options { get; init; }
}

/// <summary>
/// A workflow activity: an event (starts or resumes a workflow) or a task. Derive from <see cref="WorkflowActivity"/>
/// (the one base class) and register with <c>services.AddActivity&lt;T&gt;()</c>; found by <see cref="Name"/>.
/// </summary>
public interface IActivity
{
    string Name { get; }

    string Category { get; }

    /// <summary>Chinese name shown in the designer.</summary>
    string DisplayName { get; }

    bool IsEvent { get; }

    /// <summary>Whether a workflow may start with this activity (events that do not wait inside an instance).</summary>
    bool CanStartWorkflow { get; }

    /// <summary>The event that resumes this activity when it blocks: its <see cref="Name"/>, or an event another activity is named after.</summary>
    string WaitsFor { get; }

    IReadOnlyList<ActivityOutcome> Outcomes { get; }

    IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; }

    Task<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>The outcomes of one placed activity (its <paramref name="properties"/>).</summary>
    IReadOnlyList<ActivityOutcome> GetOutcomes(JsonObject properties);

    /// <summary>For events: whether this placed activity reacts to an event with <paramref name="input"/>.</summary>
    bool CanHandleEvent(JsonObject properties, JsonNode? input);
}

/// <summary>What an activity did: ended with outcomes, blocked waiting for an event, or faulted.</summary>
public sealed class ActivityResult
{
    private ActivityResult(IReadOnlyList<string> outcomes, bool blocked, string? fault, DateTime? dueUtc = null, WorkflowTaskInfo? task = null)
    {
        OutcomeNames = outcomes;
        IsBlocked = blocked;
        FaultMessage = fault;
        DueUtc = dueUtc;
        Task = task;
    }

    /// <summary>For a blocked result: when the sweep resumes the activity (timer, deadline).</summary>
    public DateTime? DueUtc { get; }

    /// <summary>For a blocked result: the user task it waits for.</summary>
    public WorkflowTaskInfo? Task { get; }

    public IReadOnlyList<string> OutcomeNames { get; }

    public bool IsBlocked { get; }

    public string? FaultMessage { get; }

    public bool IsFaulted => FaultMessage is not null;

    public static ActivityResult Outcomes(params string[] names) => new(names, false, null);

    /// <summary>Waits for an event; with <paramref name="dueUtc"/> the sweep resumes it then; with <paramref name="task"/> it is a 待办.</summary>
    public static ActivityResult Blocked(DateTime? dueUtc = null, WorkflowTaskInfo? task = null) => new([], true, null, dueUtc, task);

    public static ActivityResult Fault(string message) => new([], false, message);
}

/// <summary>What an executing activity sees.</summary>
public sealed class ActivityContext(
    WorkflowInstance instance,
    ActivityDefinition activity,
    JsonNode? input,
    bool isResuming,
    IExpressionEvaluator evaluator,
    IServiceProvider services,
    string? user,
    CancellationToken cancellationToken)
{
    public WorkflowInstance Instance { get; } = instance;

    public ActivityDefinition Activity { get; } = activity;

    /// <summary>The activity's configured properties.</summary>
    public JsonObject Properties => Activity.Properties;

    /// <summary>The input: of the resuming event, else of the workflow.</summary>
    public JsonNode? Input { get; } = input;

    /// <summary>True when an event resumes this (blocked) activity.</summary>
    public bool IsResuming { get; } = isResuming;

    public IServiceProvider Services { get; } = services;

    public string? User { get; } = user;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The content item the workflow is about (API shape), loaded from the correlation id; null if none.</summary>
    public JsonObject? ContentItem { get; init; }

    /// <summary>The current user as expressions see it: <c>{name, roles:[…], orgUnitCode}</c>, or null (system).</summary>
    public JsonObject? UserInfo { get; init; }

    /// <summary>The number of transitions that lead into this activity.</summary>
    public int IncomingCount { get; init; }

    /// <summary>The transitions that lead into this activity (a join waits for each of them).</summary>
    public IReadOnlyList<TransitionDefinition> Incoming { get; init; } = [];

    /// <summary>
    /// The transition by which the run arrived here; null for a start, a resumed or a retried activity.
    /// </summary>
    public TransitionDefinition? ArrivedBy { get; init; }

    /// <summary>The current time (the host's <see cref="TimeProvider"/>).</summary>
    public DateTime UtcNow { get; init; } = DateTime.UtcNow;

    /// <summary>This activity's private state inside the instance (created on first use).</summary>
    public JsonObject State
    {
        get
        {
            if (Instance.ActivityStates[Activity.Id] is not JsonObject state)
            {
                state = [];
                Instance.ActivityStates[Activity.Id] = state;
            }

            return state;
        }
    }

    /// <summary>A string property of the activity, or <paramref name="fallback"/>.</summary>
    public string? GetString(string name, string? fallback = null) =>
        Properties[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;

    /// <summary>Evaluates an expression over the instance (properties, input, workflow, user).</summary>
    public Task<ExpressionResult> EvaluateAsync(string expression, string syntax = ExpressionSyntax.JavaScript) =>
        evaluator.EvaluateAsync(syntax, expression, Scope(), CancellationToken);

    /// <summary>The expression scope of this activity.</summary>
    public ExpressionScope Scope() => new()
    {
        Input = Input?.DeepClone(),
        Properties = (JsonObject)Instance.Properties.DeepClone(),
        Workflow = new JsonObject
        {
            ["id"] = Instance.Id,
            ["correlationId"] = Instance.CorrelationId,
            ["status"] = Instance.Status.ToString(),
            ["workflowTypeId"] = Instance.WorkflowTypeId,
            ["version"] = Instance.WorkflowTypeVersion,
        },
        User = UserInfo?.DeepClone() as JsonObject ?? (User is null ? null : new JsonObject { ["name"] = User }),
        ContentItem = ContentItem?.DeepClone() as JsonObject,
    };
}
