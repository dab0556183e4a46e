using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Raises the workflow events ContentCreated, ContentUpdated, ContentPublished and ContentDeleted for committed content
/// changes, correlated by the content item id: from the outbox messages the content manager writes in the change's
/// transaction (<see cref="ContentEventMessage"/>), once per message. A failing workflow never undoes the content change;
/// the message is tried again.
/// </summary>
internal sealed class WorkflowContentEventHandler(
    IServiceProvider services,
    IContentManager contents,
    ILogger<WorkflowContentEventHandler> logger) : IOutboxHandler
{
    /// <summary>Content changes made by workflows raise events again; this bounds the chain.</summary>
    internal const int MaxDepth = 5;

    private static readonly AsyncLocal<int> Depth = new();

    public bool Handles(string messageType) => ActivityOf(messageType) is not null;

    public async Task HandleAsync(OutboxMessageEnvelope message, CancellationToken cancellationToken)
    {
        var versionId = message.Payload["contentItemVersionId"]?.GetValue<string>();
        if (ActivityOf(message.Type) is { } activityType && versionId is not null
            && await contents.GetVersionAsync(versionId, cancellationToken).ConfigureAwait(false) is { } item)
        {
            await TriggerAsync(message.Id, activityType, item, message.Payload["user"]?.GetValue<string>(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ActivityOf(string messageType) => messageType switch
    {
        ContentEventMessage.Created => "ContentCreated",
        ContentEventMessage.Updated => "ContentUpdated",
        ContentEventMessage.Published => "ContentPublished",
        ContentEventMessage.Removed => "ContentDeleted",
        _ => null,
    };

    /// <summary>
    /// The item as the event's input, which instances store and the viewer shows: its identity without the field
    /// values (sensitive fields must not be copied into instances) and the display text masked where the type asks.
    /// Expressions read the full, current item as <c>contentItem</c>, loaded when the instance runs and never stored.
    /// </summary>
    private async Task<JsonObject> EventItemAsync(ContentItem item, CancellationToken cancellationToken)
    {
        var json = ExpressionScope.ContentItemToJson(item);
        json.Remove("content");
        var definitions = services.GetService<Grassroots.ContentManagement.Metadata.IContentDefinitionManager>();
        var sensitive = services.GetService<Grassroots.Security.ISensitiveDataService>();
        if (definitions is not null && sensitive is not null)
        {
            var type = await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken).ConfigureAwait(false);
            json["displayText"] = sensitive.ProtectDisplayText(type, item.DisplayText ?? "");
        }

        return json;
    }

    private async Task TriggerAsync(string eventId, string activityType, ContentItem item, string? user, CancellationToken cancellationToken)
    {
        var manager = services.GetService<IWorkflowManager>();
        if (manager is null)
        {
            return;
        }

        if (Depth.Value >= MaxDepth)
        {
            logger.LogWarning("Workflow event {Event} for {ContentItemId} skipped: content events nested {Depth} deep.", activityType, item.ContentItemId, Depth.Value);
            return;
        }

        Depth.Value++;
        try
        {
            await manager.TriggerEventOnceAsync(eventId, activityType, new JsonObject { ["contentItem"] = await EventItemAsync(item, cancellationToken).ConfigureAwait(false) },
                item.ContentItemId, user, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Depth.Value--;
        }
    }
}
