using System.Security.Claims;
using System.Text.Json;
using Grassroots.ContentManagement;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;

namespace Grassroots.Workflows.Services;

/// <summary>
/// What workflow screens and APIs show of personal data and secrets: instance data (input, variables, activity state,
/// history, tasks) masked like the correlated item unless it is revealed to the user, and definitions with their
/// secrets redacted for users who may not edit workflow types (<see cref="WorkflowSecrets"/>).
/// </summary>
public sealed class WorkflowSensitiveData(
    IContentManager contents,
    ISensitiveDataService sensitive,
    IAuthorizationService authorization,
    WorkflowTypeService types)
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());

    /// <summary>The masker of text about the item (null or unknown: about no item) for the user.</summary>
    public async Task<ISensitiveTextMasker> MaskerAsync(ClaimsPrincipal user, string? contentItemId, CancellationToken cancellationToken)
    {
        var item = string.IsNullOrEmpty(contentItemId) ? null : await contents.GetAsync(contentItemId, VersionOptions.Latest, cancellationToken);
        return await sensitive.CreateTextMaskerAsync(user, item, cancellationToken);
    }

    /// <summary>
    /// The masker of text about the item as anyone may read it (audit entries, notifications, e-mails): masked whatever
    /// anyone has revealed.
    /// </summary>
    public Task<ISensitiveTextMasker> PublicMaskerAsync(string? contentItemId, CancellationToken cancellationToken)
        => MaskerAsync(Nobody, contentItemId, cancellationToken);

    /// <summary>A copy of the instance with sensitive values masked for the user.</summary>
    public async Task<WorkflowInstance> ProtectAsync(ClaimsPrincipal user, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var masker = await MaskerAsync(user, instance.CorrelationId, cancellationToken);
        if (!masker.Masks)
        {
            return instance;
        }

        var masked = masker.Mask(JsonSerializer.SerializeToNode(instance, GrassrootsJson.Options));
        return masked.Deserialize<WorkflowInstance>(GrassrootsJson.Options)!;
    }

    /// <summary>The definition as the user may see it: secrets redacted unless the user may edit workflow types.</summary>
    public async Task<WorkflowTypeDefinition> ProtectAsync(ClaimsPrincipal user, WorkflowTypeDefinition definition)
        => await authorization.AuthorizeAsync(user, WorkflowPermissions.ManageWorkflows)
            ? definition
            : WorkflowSecrets.Redact(definition, types.FindActivity);
}
