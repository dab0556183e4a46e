using System.Text.Json.Nodes;
using Grassroots.Workflows.Expressions;

namespace Grassroots.Workflows;

/// <summary>A named outcome with its Chinese label.</summary>
public sealed record ActivityOutcome(string Name, string DisplayName);

/// <summary>A property shown in the designer. <see cref="Kind"/>: "text", "expression" or "script".</summary>
public sealed record ActivityPropertyDescriptor(string Name, string DisplayName, string Kind = "text", bool Required = false);

/// <summary>
/// A workflow activity: an event (starts or resumes a workflow) or a task. Registered with
/// <c>services.AddActivity&lt;T&gt;()</c>, found by <see cref="Name"/>.
/// </summary>
public interface IActivity
{
    string Name { get; }

    string Category { get; }

    /// <summary>Chinese name shown in the designer.</summary>
    string DisplayName { get; }

    bool IsEvent { get; }

    IReadOnlyList<ActivityOutcome> Outcomes { get; }

    IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; }

    Task<ActivityResult> ExecuteAsync(ActivityContext context);
}

/// <summary>What an activity did: ended with outcomes, blocked waiting for an event, or faulted.</summary>
public sealed class ActivityResult
{
    private ActivityResult(IReadOnlyList<string> outcomes, bool blocked, string? fault)
    {
        OutcomeNames = outcomes;
        IsBlocked = blocked;
        FaultMessage = fault;
    }

    public IReadOnlyList<string> OutcomeNames { get; }

    public bool IsBlocked { get; }

    public string? FaultMessage { get; }

    public bool IsFaulted => FaultMessage is not null;

    public static ActivityResult Outcomes(params string[] names) => new(names, false, null);

    public static ActivityResult Blocked() => new([], true, null);

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
        User = User is null ? null : new JsonObject { ["name"] = User },
    };
}
