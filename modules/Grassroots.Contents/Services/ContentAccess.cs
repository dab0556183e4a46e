using System.Security.Claims;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Contents.Services;

/// <summary>
/// Decides whether a user may act on content: jurisdiction (the user's org unit subtree, applied in the database
/// query) and permissions (the global content permissions grant every type; securable types also accept per-type
/// permissions, the "own" variants only for items the user owns).
/// </summary>
public sealed class ContentAccess(
    IAuthorizationService authorization,
    IJurisdictionService jurisdictions,
    IContentManager contentManager,
    IContentDefinitionManager definitions,
    IDbContextAccessor db)
{
    public Task<Jurisdiction> JurisdictionAsync(ClaimsPrincipal user) => jurisdictions.GetAsync(user);

    /// <summary>Version rows restricted to the user's jurisdiction (in SQL).</summary>
    public async Task<IQueryable<ContentItemRecord>> QueryAsync(ClaimsPrincipal user)
        => contentManager.Query().WithinJurisdiction(await jurisdictions.GetAsync(user));

    /// <summary>
    /// Version rows the user may read (in SQL): those inside the jurisdiction, and the published rows of publication
    /// types owned above the user's unit (<see cref="ContentTypeSettings.Publication"/>). Writing uses <see cref="QueryAsync"/>.
    /// </summary>
    public async Task<IQueryable<ContentItemRecord>> ReadableQueryAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var publications = (await definitions.ListTypeDefinitionsAsync(cancellationToken)).Where(t => t.Settings.Publication).Select(t => t.Name).ToList();
        return contentManager.Query().ReadableWithin(await jurisdictions.GetAsync(user, cancellationToken), publications);
    }

    /// <summary>
    /// The published version of a publication owned above the user's unit, for reading only; null when the item is
    /// not one (inside the jurisdiction, items are read through <see cref="IsWithinAsync"/> as before).
    /// </summary>
    public async Task<ContentItem?> PublicationFromAboveAsync(ClaimsPrincipal user, string contentItemId, CancellationToken cancellationToken = default)
        => !await IsWithinAsync(user, contentItemId, cancellationToken)
            && await (await ReadableQueryAsync(user, cancellationToken)).AnyAsync(r => r.ContentItemId == contentItemId && r.Published, cancellationToken)
            ? await contentManager.GetAsync(contentItemId, VersionOptions.Published, cancellationToken)
            : null;

    /// <summary>Whether the item exists inside the user's jurisdiction (checked in the database before loading it).</summary>
    public async Task<bool> IsWithinAsync(ClaimsPrincipal user, string contentItemId, CancellationToken cancellationToken = default)
        => await (await QueryAsync(user)).AnyAsync(r => r.ContentItemId == contentItemId && r.Latest, cancellationToken);

    /// <summary>Whether the org unit lies inside the user's jurisdiction.</summary>
    public async Task<bool> IsOrgUnitWithinAsync(ClaimsPrincipal user, string? orgUnitCode, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(orgUnitCode))
        {
            return false;
        }

        var code = orgUnitCode.Trim();
        return await db.DbContext.Set<OrgUnit>().WithinJurisdiction(await jurisdictions.GetAsync(user, cancellationToken))
            .AnyAsync(u => u.Code == code, cancellationToken);
    }

    /// <summary>
    /// A version of the item, when the item lies inside the user's jurisdiction and so does the version's own org unit
    /// (an old version may carry a unit the user cannot see); null otherwise, like a missing version.
    /// </summary>
    public async Task<ContentItem?> VersionWithinAsync(ClaimsPrincipal user, string contentItemId, string versionId, CancellationToken cancellationToken = default)
    {
        var version = await IsWithinAsync(user, contentItemId, cancellationToken) ? await contentManager.GetVersionAsync(versionId, cancellationToken) : null;
        return version is not null && version.ContentItemId == contentItemId && await IsOrgUnitWithinAsync(user, version.OrgUnitCode, cancellationToken)
            ? version
            : null;
    }

    /// <summary>Codes of the org units inside the user's jurisdiction.</summary>
    public async Task<HashSet<string>> OrgUnitCodesWithinAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
        => [.. await db.DbContext.Set<OrgUnit>().WithinJurisdiction(await jurisdictions.GetAsync(user, cancellationToken))
            .Select(u => u.Code).ToListAsync(cancellationToken)];

    /// <param name="item">The item acted on, or null for type-wide actions (list, create form).</param>
    /// <param name="typeName">The type when <paramref name="item"/> is null (per-type permissions).</param>
    public async Task<bool> CanAsync(ClaimsPrincipal user, Permission permission, ContentItem? item = null, string? typeName = null)
    {
        if (await authorization.AuthorizeAsync(user, permission))
        {
            return true;
        }

        var type = item?.ContentType ?? typeName;
        if (type is null || !ContentTypePermissions.IsContentPermission(permission))
        {
            return false;
        }

        var definition = await definitions.GetTypeDefinitionAsync(type);
        if (definition?.Settings.Securable != true)
        {
            return false;
        }

        if (await authorization.AuthorizeAsync(user, ContentTypePermissions.ForType(permission, definition)))
        {
            return true;
        }

        var own = ContentTypePermissions.OwnForType(permission, definition);
        if (own is null || !await authorization.AuthorizeAsync(user, own))
        {
            return false;
        }

        // Type-wide (list, create): the own variant is enough; for an item it must be the user's.
        return item is null || (item.Owner is not null && string.Equals(item.Owner, user.Identity?.Name, StringComparison.Ordinal));
    }

    /// <summary>
    /// How the user may see a type in lists: null = not at all; false = every item; true = only the user's own items.
    /// </summary>
    public async Task<bool?> ViewScopeAsync(ClaimsPrincipal user, ContentTypeDefinition type)
    {
        if (await authorization.AuthorizeAsync(user, StandardPermissions.ViewContent))
        {
            return false;
        }

        if (!type.Settings.Securable)
        {
            return null;
        }

        if (await authorization.AuthorizeAsync(user, ContentTypePermissions.ForType(StandardPermissions.ViewContent, type)))
        {
            return false;
        }

        return await authorization.AuthorizeAsync(user, ContentTypePermissions.OwnForType(StandardPermissions.ViewContent, type)!) ? true : null;
    }
}

/// <summary>Which types a user may list, and of which only their own items.</summary>
public sealed record ContentListScope(IReadOnlyList<string> Types, IReadOnlyList<string> OwnOnlyTypes);

public static class ContentAccessExtensions
{
    /// <summary>The list scope for one type (null = may not view it) or for all the given types.</summary>
    public static async Task<ContentListScope?> ListScopeAsync(this ContentAccess access, ClaimsPrincipal user,
        ContentTypeDefinition? type, IEnumerable<ContentTypeDefinition> allTypes)
    {
        var types = new List<string>();
        var own = new List<string>();
        foreach (var t in type is null ? allTypes : [type])
        {
            switch (await access.ViewScopeAsync(user, t))
            {
                case false:
                    types.Add(t.Name);
                    break;
                case true:
                    types.Add(t.Name);
                    own.Add(t.Name);
                    break;
            }
        }

        return type is not null && types.Count == 0 ? null : new ContentListScope(types, own);
    }
}

/// <summary>Keeps stored sensitive values when an edit sends back the masked placeholder.</summary>
public static class SensitiveEdits
{
    public static async Task KeepMaskedAsync(IContentDefinitionManager definitions, ContentItem stored, ContentItem masked, ContentItem edited,
        CancellationToken cancellationToken = default)
    {
        foreach (var part in await definitions.GetLayoutAsync(stored.ContentType, cancellationToken))
        {
            foreach (var field in part.Fields.Where(f => f.Settings.Sensitive))
            {
                var maskedValue = masked.GetFieldValue(part.Name, field.Name);
                var editedValue = edited.GetFieldValue(part.Name, field.Name);
                if (maskedValue is not null && editedValue is not null && System.Text.Json.Nodes.JsonNode.DeepEquals(maskedValue, editedValue))
                {
                    edited.SetFieldValue(part.Name, field.Name, stored.GetFieldValue(part.Name, field.Name)?.DeepClone());
                }
            }
        }
    }
}
