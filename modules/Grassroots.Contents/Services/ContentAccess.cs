using System.Security.Claims;
using Grassroots.ContentManagement;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;

namespace Grassroots.Contents.Services;

/// <summary>
/// Decides whether a user may act on content. Today it checks the standard content permissions only; jurisdiction
/// (the user's org units against the item's org path) and per-type permissions plug in here later.
/// </summary>
public sealed class ContentAccess(IAuthorizationService authorization)
{
    /// <param name="item">The item acted on, or null for type-wide actions (list, create form).</param>
    public Task<bool> CanAsync(ClaimsPrincipal user, Permission permission, ContentItem? item = null)
        => authorization.AuthorizeAsync(user, permission);
}
