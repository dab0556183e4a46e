using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Services;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Grassroots.Contents.Controllers;

/// <summary>
/// Content items of any type: list, create, read, update, publish, delete, versions. Items of a type owned by a module
/// (<see cref="ContentTypeSettings.OwnedBy"/>) can be read here but every write answers 409 with the owner's name.
/// </summary>
[ApiController]
[Authorize]
[Route("api/content")]
[Tags("Content")]
public sealed class ContentApiController(
    IContentManager contentManager,
    IContentDefinitionManager definitions,
    ContentListService lists,
    ContentAccess access,
    ISensitiveDataService sensitive,
    ContentExportService exports,
    ModuleOwnedTypes owned,
    IStringLocalizer<ContentApiController> T) : ControllerBase
{
    /// <summary>Latest versions, newest first, filtered by type, org unit (subtree), text and status.</summary>
    [HttpGet]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(string? type, string? orgUnit, string? q, string? status, int page = 1, int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        var all = await definitions.ListTypeDefinitionsAsync(cancellationToken);
        ContentTypeDefinition? definition = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            definition = all.FirstOrDefault(t => t.Name == type.Trim());
            if (definition is null && !await access.CanAsync(User, StandardPermissions.ViewContent))
            {
                return Forbid();
            }
        }

        var scope = definition is null && !string.IsNullOrWhiteSpace(type)
            ? new ContentListScope([type.Trim()], [])
            : await access.ListScopeAsync(User, definition, all);
        if (scope is null)
        {
            return Forbid();
        }

        var result = await lists.ListAsync(new ContentListFilter
        {
            Type = type, Types = scope.Types, OrgUnit = orgUnit, Q = q, Status = status, Page = page, PageSize = pageSize,
        }, await access.ReadableQueryAsync(User, cancellationToken), scope.OwnOnlyTypes, User.Identity?.Name, cancellationToken);
        var items = new JsonArray();
        foreach (var record in result.Items)
        {
            var json = ContentJson.ToJson(record);
            json["displayText"] = sensitive.ProtectDisplayText(all.FirstOrDefault(t => t.Name == record.ContentType), record.DisplayText);
            items.Add(json);
        }

        return Ok(new JsonObject { ["total"] = result.Total, ["page"] = result.Page, ["pageSize"] = result.PageSize, ["items"] = items });
    }

    /// <summary>
    /// Exports the latest versions (within the caller's jurisdiction, sensitive values masked) as CSV (UTF-8 with BOM)
    /// or XLSX, with the list's filters.
    /// </summary>
    [HttpGet("export")]
    [Produces("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Export(string? type, string? format, string? orgUnit, string? q, string? status, string? sort,
        CancellationToken cancellationToken)
    {
        if (!await access.CanAsync(User, StandardPermissions.ExportContent))
        {
            return Forbid();
        }

        ContentTypeDefinition? definition = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            definition = await definitions.GetTypeDefinitionAsync(type.Trim(), cancellationToken);
            if (definition is null)
            {
                return Problem(title: T["内容类型「{0}」不存在", type], statusCode: StatusCodes.Status404NotFound);
            }
        }

        var all = (await definitions.ListTypeDefinitionsAsync(cancellationToken)).Where(t => t.Settings.Listable);
        var scope = await access.ListScopeAsync(User, definition, all);
        if (scope is null)
        {
            return Forbid();
        }

        await ContentItemsAdminController.WriteExportAsync(HttpContext, User, exports, definition, scope,
            new ContentListFilter { OrgUnit = orgUnit, Q = q, Status = status, Sort = sort }, format, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>Creates an item of the type, as draft or published; 409 for a type that is not creatable or is owned by a module.</summary>
    [HttpPost("{type}")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Create(string type, [FromBody] ContentCreateRequest request, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetTypeDefinitionAsync(type, cancellationToken);
        if (!await access.CanAsync(User, StandardPermissions.EditContent, null, definition?.Name))
        {
            return Forbid();
        }

        if (definition is null)
        {
            return Problem(title: T["内容类型「{0}」不存在", type], statusCode: StatusCodes.Status404NotFound);
        }

        if (request.Published == true && !await access.CanAsync(User, StandardPermissions.PublishContent, null, definition.Name))
        {
            return Forbid();
        }

        if (owned.CreateRefusal(definition) is { } refusal)
        {
            return RefusedProblem(refusal);
        }

        var item = await contentManager.NewAsync(definition.Name, cancellationToken);
        var jurisdiction = await access.JurisdictionAsync(User);
        if (jurisdiction.OrgUnitCode is not null)
        {
            item.OrgUnitCode = jurisdiction.OrgUnitCode;
        }

        if (!string.IsNullOrWhiteSpace(request.ContentItemId))
        {
            item.ContentItemId = request.ContentItemId.Trim();
        }

        if (!string.IsNullOrWhiteSpace(request.OrgUnitCode))
        {
            item.OrgUnitCode = request.OrgUnitCode.Trim();
        }

        if (request.Content is not null)
        {
            item.Content = (JsonObject)request.Content.DeepClone();
        }

        if (await OutsideProblemAsync(item.OrgUnitCode, cancellationToken) is { } outside)
        {
            return outside;
        }

        var result = await contentManager.CreateAsync(item, request.Published == true ? VersionOptions.Published : VersionOptions.Draft, cancellationToken);
        if (SaveProblem(result) is { } problem)
        {
            return problem;
        }

        return Created($"/api/content/{Uri.EscapeDataString(result.Value!.ContentItemId)}", await ProtectedJsonAsync(result.Value, cancellationToken));
    }

    /// <summary>The latest version, or the published one with <c>?version=published</c>.</summary>
    [HttpGet("{id}")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string id, string? version, CancellationToken cancellationToken)
    {
        ContentItem? item;
        if (!await access.IsWithinAsync(User, id, cancellationToken))
        {
            // A publication owned above the user's unit: only its published version.
            item = await access.PublicationFromAboveAsync(User, id, cancellationToken);
        }
        else
        {
            item = await contentManager.GetAsync(id,
                string.Equals(version, "published", StringComparison.OrdinalIgnoreCase) ? VersionOptions.Published : VersionOptions.Latest,
                cancellationToken);
            item ??= await FindDeletedAsync(id, cancellationToken);
        }

        if (item is null)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, item))
        {
            return Forbid();
        }

        return Ok(await ProtectedJsonAsync(item, cancellationToken));
    }

    /// <summary>Saves a change to the latest version; the concurrency stamp is required.</summary>
    [HttpPut("{id}")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    public async Task<IActionResult> Update(string id, [FromBody] ContentUpdateRequest request, CancellationToken cancellationToken)
    {
        var item = await LatestWithinAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, StandardPermissions.EditContent, item))
        {
            return Forbid();
        }

        if (request.Publish == true && !await access.CanAsync(User, StandardPermissions.PublishContent, item))
        {
            return Forbid();
        }

        if (await OwnedProblemAsync(item, cancellationToken) is { } refused)
        {
            return refused;
        }

        var stamp = request.ConcurrencyStamp;
        if (string.IsNullOrWhiteSpace(stamp) && Request.Headers.IfMatch.Count > 0)
        {
            stamp = Request.Headers.IfMatch.ToString().Trim().Trim('"');
        }

        if (string.IsNullOrWhiteSpace(stamp))
        {
            return Problem(title: T["须提供 concurrencyStamp"], detail: T["请在请求体或 If-Match 头中提供所编辑版本的 concurrencyStamp。"],
                statusCode: StatusCodes.Status428PreconditionRequired);
        }

        if (!string.IsNullOrWhiteSpace(request.OrgUnitCode) && request.OrgUnitCode.Trim() != item.OrgUnitCode)
        {
            if (await OutsideProblemAsync(request.OrgUnitCode, cancellationToken) is { } outside)
            {
                return outside;
            }

            item.OrgUnitCode = request.OrgUnitCode.Trim();
        }

        if (request.Content is not null)
        {
            var stored = item.Clone();
            var masked = await sensitive.ProtectAsync(User, stored, cancellationToken);
            item.Content = (JsonObject)request.Content.DeepClone();
            await SensitiveEdits.KeepMaskedAsync(definitions, stored, masked, item, cancellationToken);
        }

        var result = await contentManager.UpdateAsync(item, stamp.Trim(), request.Publish == true, cancellationToken);
        return SaveProblem(result, id) ?? Ok(await ProtectedJsonAsync(result.Value!, cancellationToken));
    }

    /// <summary>Soft delete: the item goes to the recycle bin.</summary>
    [HttpDelete("{id}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(string id, string? concurrencyStamp, CancellationToken cancellationToken)
    {
        var item = await LatestWithinAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, StandardPermissions.DeleteContent, item))
        {
            return Forbid();
        }

        if (await OwnedProblemAsync(item, cancellationToken) is { } refused)
        {
            return refused;
        }

        var result = await contentManager.RemoveAsync(id, string.IsNullOrWhiteSpace(concurrencyStamp) ? null : concurrencyStamp, cancellationToken);
        return SaveProblem(result, id) ?? NoContent();
    }

    /// <summary>Takes a deleted item out of the recycle bin.</summary>
    [HttpPost("{id}/restore")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Restore(string id, CancellationToken cancellationToken)
    {
        var item = !await access.IsWithinAsync(User, id, cancellationToken) ? null
            : await FindDeletedAsync(id, cancellationToken) ?? await contentManager.GetAsync(id, VersionOptions.Latest, cancellationToken);
        if (item is null)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, StandardPermissions.DeleteContent, item))
        {
            return Forbid();
        }

        if (await OwnedProblemAsync(item, cancellationToken) is { } refused)
        {
            return refused;
        }

        var result = await contentManager.RestoreAsync(id, cancellationToken);
        return SaveProblem(result, id) ?? await LatestAsync(id, cancellationToken);
    }

    [HttpPost("{id}/publish")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Publish(string id, string? concurrencyStamp, CancellationToken cancellationToken)
        => ChangeAsync(id, StandardPermissions.PublishContent, () => contentManager.PublishAsync(id, concurrencyStamp.TrimToNull(), cancellationToken), cancellationToken);

    [HttpPost("{id}/unpublish")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Unpublish(string id, string? concurrencyStamp, CancellationToken cancellationToken)
        => ChangeAsync(id, StandardPermissions.PublishContent, () => contentManager.UnpublishAsync(id, concurrencyStamp.TrimToNull(), cancellationToken), cancellationToken);

    /// <summary>All versions, newest first.</summary>
    [HttpGet("{id}/versions")]
    [ProducesResponseType<JsonArray>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Versions(string id, CancellationToken cancellationToken)
    {
        var versions = await access.IsWithinAsync(User, id, cancellationToken) ? await contentManager.GetVersionsAsync(id, cancellationToken) : [];
        if (versions.Count == 0)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, versions[0]))
        {
            return Forbid();
        }

        var list = new JsonArray();
        foreach (var v in versions)
        {
            list.Add(new JsonObject
            {
                ["number"] = v.Number,
                ["versionId"] = v.ContentItemVersionId,
                ["latest"] = v.Latest,
                ["published"] = v.Published,
                ["modifiedUtc"] = v.ModifiedUtc is { } m ? JsonValue.Create(DateTime.SpecifyKind(m, DateTimeKind.Utc)) : null,
                ["author"] = v.Author,
                ["displayText"] = (await sensitive.ProtectAsync(User, v, cancellationToken)).DisplayText,
            });
        }

        return Ok(list);
    }

    /// <summary>Field changes from <c>against</c> (default: the version before) to the version.</summary>
    [HttpGet("{id}/versions/{versionId}/diff")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Diff(string id, string versionId, string? against, CancellationToken cancellationToken)
    {
        var versions = await access.IsWithinAsync(User, id, cancellationToken) ? await contentManager.GetVersionsAsync(id, cancellationToken) : [];
        var version = versions.FirstOrDefault(v => v.ContentItemVersionId == versionId);
        if (version is null)
        {
            return Problem(title: T["版本 {0} 不存在", versionId], statusCode: StatusCodes.Status404NotFound);
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, version))
        {
            return Forbid();
        }

        ContentItem? before;
        if (!string.IsNullOrWhiteSpace(against))
        {
            before = versions.FirstOrDefault(v => v.ContentItemVersionId == against);
            if (before is null)
            {
                return Problem(title: T["版本 {0} 不存在", against], statusCode: StatusCodes.Status404NotFound);
            }
        }
        else
        {
            before = versions.Where(v => v.Number < version.Number).OrderByDescending(v => v.Number).FirstOrDefault();
        }

        var changes = new JsonArray();
        var protectedBefore = before is null ? null : await sensitive.ProtectAsync(User, before, cancellationToken);
        foreach (var c in await contentManager.DiffAsync(protectedBefore, await sensitive.ProtectAsync(User, version, cancellationToken), cancellationToken))
        {
            changes.Add(new JsonObject { ["path"] = c.Path, ["label"] = c.Label, ["before"] = c.Before, ["after"] = c.After });
        }

        return Ok(new JsonObject
        {
            ["versionId"] = version.ContentItemVersionId,
            ["number"] = version.Number,
            ["againstVersionId"] = before?.ContentItemVersionId,
            ["againstNumber"] = before?.Number,
            ["changes"] = changes,
        });
    }

    /// <summary>Makes an old version's content the new latest (draft) version.</summary>
    [HttpPost("{id}/versions/{versionId}/restore")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> RestoreVersion(string id, string versionId, string? concurrencyStamp, CancellationToken cancellationToken)
    {
        var version = await access.VersionWithinAsync(User, id, versionId, cancellationToken);
        if (version is null)
        {
            return Problem(title: T["版本 {0} 不存在", versionId], statusCode: StatusCodes.Status404NotFound);
        }

        if (!await access.CanAsync(User, StandardPermissions.EditContent, version))
        {
            return Forbid();
        }

        if (await OwnedProblemAsync(version, cancellationToken) is { } refused)
        {
            return refused;
        }

        var result = await contentManager.RestoreVersionAsync(versionId, concurrencyStamp.TrimToNull(), cancellationToken);
        return SaveProblem(result, id) ?? Ok(await ProtectedJsonAsync(result.Value!, cancellationToken));
    }

    private async Task<IActionResult> ChangeAsync(string id, Permission permission, Func<Task<CommandResult<ContentItem>>> change, CancellationToken cancellationToken)
    {
        var item = await LatestWithinAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, permission, item))
        {
            return Forbid();
        }

        if (await OwnedProblemAsync(item, cancellationToken) is { } refused)
        {
            return refused;
        }

        var result = await change();
        return SaveProblem(result, id) ?? await LatestAsync(id, cancellationToken);
    }

    private async Task<IActionResult> LatestAsync(string id, CancellationToken cancellationToken)
    {
        var item = await contentManager.GetAsync(id, VersionOptions.Latest, cancellationToken);
        return item is null ? NotFoundProblem(id) : Ok(await ProtectedJsonAsync(item, cancellationToken));
    }

    /// <summary>Reveals the item's sensitive values to the user for a limited time (reason required, audited).</summary>
    [HttpPost("{id}/reveal")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Reveal(string id, [FromBody] ContentRevealRequest request, CancellationToken cancellationToken)
    {
        var item = await LatestWithinAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFoundProblem(id);
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, item) || !await sensitive.CanRevealAsync(User, item, cancellationToken))
        {
            return Forbid();
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < 4)
        {
            var state = new ModelStateDictionary();
            state.AddModelError("reason", T["请填写查看原因（至少 4 个字）"]);
            return ValidationProblem(title: T["查看原因无效"], modelStateDictionary: state, statusCode: StatusCodes.Status400BadRequest);
        }

        var reveal = await sensitive.RevealAsync(User, item, reason, cancellationToken);
        if (reveal is null)
        {
            return Forbid();
        }

        return Ok(new JsonObject { ["contentItemId"] = id, ["expiresUtc"] = DateTime.SpecifyKind(reveal.ExpiresUtc, DateTimeKind.Utc) });
    }

    private async Task<JsonObject> ProtectedJsonAsync(ContentItem item, CancellationToken cancellationToken)
        => ContentJson.ToJson(await sensitive.ProtectAsync(User, item, cancellationToken));

    private async Task<ContentItem?> LatestWithinAsync(string id, CancellationToken cancellationToken)
        => await access.IsWithinAsync(User, id, cancellationToken) ? await contentManager.GetAsync(id, VersionOptions.Latest, cancellationToken) : null;

    private async Task<IActionResult?> OutsideProblemAsync(string? orgUnitCode, CancellationToken cancellationToken)
    {
        if (await access.IsOrgUnitWithinAsync(User, orgUnitCode, cancellationToken))
        {
            return null;
        }

        var state = new ModelStateDictionary();
        state.AddModelError("orgUnitCode", T["组织机构「{0}」不在您的管辖范围内", orgUnitCode ?? ""]);
        return ValidationProblem(title: T["内容未通过校验"], modelStateDictionary: state, statusCode: StatusCodes.Status400BadRequest);
    }

    private async Task<ContentItem?> FindDeletedAsync(string id, CancellationToken cancellationToken)
        => (await contentManager.GetVersionsAsync(id, cancellationToken)).FirstOrDefault(v => v.Latest && v.Deleted);

    /// <summary>The problem of a failed save: 404 naming the item, 409 版本冲突 with the reason, 400 内容未通过校验 by field.</summary>
    private IActionResult? SaveProblem(CommandResult<ContentItem> result, string? id = null)
        => this.ProblemFor(result, new CommandProblemTitles
        {
            NotFound = T["内容项 {0} 不存在", id ?? ""],
            Conflict = T["版本冲突"],
            Invalid = T["内容未通过校验"],
        });

    /// <summary>409 when the item's type is owned by a module (see <see cref="ModuleOwnedTypes"/>).</summary>
    private async Task<IActionResult?> OwnedProblemAsync(ContentItem item, CancellationToken cancellationToken)
        => owned.WriteRefusal(await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken)) is { } refusal ? RefusedProblem(refusal) : null;

    private ObjectResult RefusedProblem(string detail)
        => Problem(title: owned.RefusalTitle, detail: detail, statusCode: StatusCodes.Status409Conflict);

    private ObjectResult NotFoundProblem(string id)
        => Problem(title: T["内容项 {0} 不存在", id], statusCode: StatusCodes.Status404NotFound);
}
