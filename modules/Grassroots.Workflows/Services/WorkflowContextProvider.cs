using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Security;
using Grassroots.Workflows.Expressions;
using Microsoft.AspNetCore.Identity;

namespace Grassroots.Workflows.Services;

/// <summary>The correlated content item (latest version) and the acting user, as expressions see them.</summary>
internal sealed class WorkflowContextProvider(IContentManager contents, UserManager<GrassrootsUser> users) : IWorkflowContextProvider
{
    public async Task<JsonObject?> GetContentItemAsync(string? correlationId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(correlationId))
        {
            return null;
        }

        var item = await contents.GetAsync(correlationId, VersionOptions.Latest, cancellationToken);
        return item is null ? null : ExpressionScope.ContentItemToJson(item);
    }

    public async Task<JsonObject?> GetUserAsync(string? userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return null;
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return new JsonObject { ["name"] = userName };
        }

        var roles = await users.GetRolesAsync(user);
        return new JsonObject
        {
            ["name"] = user.UserName,
            ["displayName"] = user.DisplayName,
            ["orgUnitCode"] = user.OrgUnitCode,
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode?)JsonValue.Create(r))]),
        };
    }
}
