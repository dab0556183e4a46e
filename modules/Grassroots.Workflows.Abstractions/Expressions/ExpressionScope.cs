using System.Text.Json.Nodes;
using Grassroots.ContentManagement;

namespace Grassroots.Workflows.Expressions;

/// <summary>
/// The values an expression can read, all JSON-shaped. Exposed to scripts and templates as <c>contentItem</c>,
/// <c>input</c>, <c>properties</c>, <c>workflow</c> and <c>user</c>; a missing value is <c>null</c>.
/// Expressions work on copies: changes made by a script never reach these objects.
/// </summary>
public sealed class ExpressionScope
{
    /// <summary>The content item in the API shape: <c>{contentItemId, contentType, displayText, orgUnitCode, content:{…}}</c>.</summary>
    public JsonObject? ContentItem { get; set; }

    /// <summary>The input of the workflow (for example a posted form or the output of the previous activity).</summary>
    public JsonNode? Input { get; set; }

    /// <summary>The workflow's properties (variables).</summary>
    public JsonObject? Properties { get; set; }

    /// <summary>The running workflow: <c>{id, correlationId, status, …}</c>.</summary>
    public JsonObject? Workflow { get; set; }

    /// <summary>The current user: <c>{name, roles:[…], orgUnitCode}</c>.</summary>
    public JsonObject? User { get; set; }

    /// <summary>The names under which the values are visible to expressions, in order.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> Variables()
    {
        yield return new("contentItem", ContentItem);
        yield return new("input", Input);
        yield return new("properties", Properties);
        yield return new("workflow", Workflow);
        yield return new("user", User);
    }

    /// <summary>The API shape of a content item for <see cref="ContentItem"/>.</summary>
    public static JsonObject ContentItemToJson(ContentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new JsonObject
        {
            ["contentItemId"] = item.ContentItemId,
            ["contentItemVersionId"] = item.ContentItemVersionId,
            ["contentType"] = item.ContentType,
            ["displayText"] = item.DisplayText,
            ["orgUnitCode"] = item.OrgUnitCode,
            ["published"] = item.Published,
            ["latest"] = item.Latest,
            ["owner"] = item.Owner,
            ["author"] = item.Author,
            ["createdUtc"] = item.CreatedUtc,
            ["modifiedUtc"] = item.ModifiedUtc,
            ["publishedUtc"] = item.PublishedUtc,
            ["content"] = item.Content.DeepClone(),
        };
    }
}
