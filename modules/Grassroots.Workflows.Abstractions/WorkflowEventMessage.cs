using System.Text.Json.Nodes;
using Grassroots.Data;

namespace Grassroots.Workflows;

/// <summary>
/// The outbox message that raises a workflow event after the commit of the change it reports (a module enqueues it in the
/// change's transaction; the workflows module handles it with <see cref="IWorkflowManager.TriggerEventOnceAsync"/>).
/// </summary>
public static class WorkflowEventMessage
{
    /// <summary>The outbox message type.</summary>
    public const string Type = "workflow.event";

    /// <summary>Enqueues event <paramref name="activityType"/> with its input, correlation id and acting user.</summary>
    public static string Enqueue(IOutbox outbox, string activityType, JsonObject input, string? correlationId, string? user)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        return outbox.Enqueue(Type, new JsonObject
        {
            ["activityType"] = activityType,
            ["input"] = input.DeepClone(),
            ["correlationId"] = correlationId,
            ["user"] = user,
        });
    }
}
