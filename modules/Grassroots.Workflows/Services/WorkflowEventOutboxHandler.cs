using System.Text.Json.Nodes;
using Grassroots.Data;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Raises the workflow events modules enqueue with <see cref="WorkflowEventMessage"/> (e.g. ServiceRequestRegistered),
/// once per message (<see cref="IWorkflowManager.TriggerEventOnceAsync"/>).
/// </summary>
internal sealed class WorkflowEventOutboxHandler(IWorkflowManager manager) : IOutboxHandler
{
    public bool Handles(string messageType) => messageType == WorkflowEventMessage.Type;

    public Task HandleAsync(OutboxMessageEnvelope message, CancellationToken cancellationToken)
    {
        var payload = message.Payload;
        var activityType = payload["activityType"]?.GetValue<string>();
        if (string.IsNullOrEmpty(activityType))
        {
            return Task.CompletedTask;
        }

        return manager.TriggerEventOnceAsync(message.Id, activityType, payload["input"] as JsonObject ?? [],
            payload["correlationId"]?.GetValue<string>(), payload["user"]?.GetValue<string>(), cancellationToken);
    }
}
