using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Workflows.Expressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Raises the workflow events ContentCreated, ContentUpdated, ContentPublished and ContentDeleted for committed content
/// changes, correlated by the content item id. A failing workflow never undoes the content change: it is logged.
/// </summary>
internal sealed class WorkflowContentEventHandler(
    IServiceProvider services,
    IHttpContextAccessor httpContextAccessor,
    ILogger<WorkflowContentEventHandler> logger) : IContentEventHandler
{
    /// <summary>Content changes made by workflows raise events again; this bounds the chain.</summary>
    internal const int MaxDepth = 5;

    private static readonly AsyncLocal<int> Depth = new();

    public Task CreatedAsync(ContentItem item, CancellationToken cancellationToken) => TriggerAsync("ContentCreated", item, cancellationToken);

    public Task UpdatedAsync(ContentItem item, ContentItem? previous, CancellationToken cancellationToken) => TriggerAsync("ContentUpdated", item, cancellationToken);

    public Task PublishedAsync(ContentItem item, CancellationToken cancellationToken) => TriggerAsync("ContentPublished", item, cancellationToken);

    public Task RemovedAsync(ContentItem item, CancellationToken cancellationToken) => TriggerAsync("ContentDeleted", item, cancellationToken);

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

    private async Task TriggerAsync(string activityType, ContentItem item, CancellationToken cancellationToken)
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

        var user = httpContextAccessor.HttpContext?.User?.Identity?.Name;
        Depth.Value++;
        try
        {
            await manager.TriggerEventAsync(activityType, new JsonObject { ["contentItem"] = await EventItemAsync(item, cancellationToken).ConfigureAwait(false) },
                item.ContentItemId, user, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Workflow event {Event} for {ContentItemId} failed.", activityType, item.ContentItemId);
        }
        finally
        {
            Depth.Value--;
        }
    }
}
