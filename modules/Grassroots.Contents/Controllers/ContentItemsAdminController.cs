using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Services;
using Grassroots.Media;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.Contents.Controllers;

/// <summary>Dashboard screens for content items of any type.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ContentItemsAdminController(
    IContentManager contentManager,
    IContentDefinitionManager definitions,
    IEnabledServices<IContentFieldKind> kinds,
    IOrgUnitService orgUnits,
    IAttachmentStore attachments,
    IAttachmentRegistry registry,
    ContentListService lists,
    ContentAccess access,
    ISensitiveDataService sensitive,
    ContentExportService exports,
    IServiceProvider services,
    ModuleOwnedTypes owned,
    IStringLocalizer<ContentItemsAdminController> T) : Controller
{
    [HttpGet("/admin/content")]
    public Task<IActionResult> ListAll(ContentListFilter filter, CancellationToken cancellationToken) => ListAsync(null, filter, cancellationToken);

    [HttpGet("/admin/content/{type}")]
    public Task<IActionResult> List(string type, ContentListFilter filter, CancellationToken cancellationToken) => ListAsync(type, filter, cancellationToken);

    private async Task<IActionResult> ListAsync(string? typeName, ContentListFilter filter, CancellationToken cancellationToken)
    {
        var types = (await definitions.ListTypeDefinitionsAsync(cancellationToken)).Where(t => t.Settings.Listable).ToList();
        ContentTypeDefinition? type = null;
        if (typeName is not null)
        {
            type = await definitions.GetTypeDefinitionAsync(typeName, cancellationToken);
            if (type is null)
            {
                return await access.CanAsync(User, StandardPermissions.ViewContent) ? NotFound() : Forbid();
            }
        }

        var scope = await access.ListScopeAsync(User, type, types);
        if (scope is null || scope.Types.Count == 0)
        {
            return Forbid();
        }

        types = [.. types.Where(t => scope.Types.Contains(t.Name))];
        filter.Type = type?.Name;
        filter.Types = type is null ? scope.Types : null;
        filter.PageSize = filter.PageSize is < 1 or > ContentListService.MaxPageSize ? 20 : filter.PageSize;
        var page = await lists.ListAsync(filter, await access.ReadableQueryAsync(User, cancellationToken), scope.OwnOnlyTypes, User.Identity?.Name, cancellationToken);
        var allTypes = await definitions.ListTypeDefinitionsAsync(cancellationToken);
        foreach (var record in page.Items)
        {
            record.DisplayText = sensitive.ProtectDisplayText(allTypes.FirstOrDefault(t => t.Name == record.ContentType), record.DisplayText);
        }

        var root = await orgUnits.GetRootAsync(cancellationToken);
        var towns = root is null ? [] : await orgUnits.GetChildrenAsync(root.Code, cancellationToken);
        var names = new Dictionary<string, string>();
        foreach (var code in page.Items.Select(i => i.OrgUnitCode).Distinct())
        {
            names[code] = (await orgUnits.GetAsync(code, cancellationToken))?.Name ?? code;
        }

        ViewData["Title"] = type is null ? T["全部内容"].Value : (string.IsNullOrWhiteSpace(type.DisplayName) ? type.Name : type.DisplayName);
        ViewData["CanExport"] = await access.CanAsync(User, StandardPermissions.ExportContent);
        return View("List", new ContentListViewModel { Type = type, Types = types, Filter = filter, Page = page, Towns = towns, OrgNames = names });
    }

    [HttpGet("/admin/content/{type}/export")]
    public async Task<IActionResult> Export(string type, string? format, ContentListFilter filter, CancellationToken cancellationToken)
    {
        if (!await access.CanAsync(User, StandardPermissions.ExportContent))
        {
            return Forbid();
        }

        var definition = await definitions.GetTypeDefinitionAsync(type, cancellationToken);
        if (definition is null)
        {
            return NotFound();
        }

        var scope = await access.ListScopeAsync(User, definition, []);
        if (scope is null)
        {
            return Forbid();
        }

        await ExportResponseAsync(definition, scope, filter, format, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>Streams an export to the response (shared with the API).</summary>
    internal async Task ExportResponseAsync(ContentTypeDefinition definition, ContentListScope scope, ContentListFilter filter, string? format, CancellationToken cancellationToken)
        => await WriteExportAsync(HttpContext, User, exports, definition, scope, filter, format, cancellationToken);

    internal static async Task WriteExportAsync(HttpContext context, System.Security.Claims.ClaimsPrincipal user, ContentExportService exports,
        ContentTypeDefinition? definition, ContentListScope scope, ContentListFilter filter, string? format, CancellationToken cancellationToken)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var name = (definition?.Name ?? "content") + "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (xlsx ? ".xlsx" : ".csv");
        context.Response.ContentType = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = name, DispositionType = "attachment" }.ToString();
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await exports.WriteAsync(user, definition, scope, filter, xlsx ? "xlsx" : "csv", context.Response.Body, cancellationToken);
    }

    [HttpGet("/admin/content/{type}/create")]
    public async Task<IActionResult> Create(string type, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetTypeDefinitionAsync(type, cancellationToken);
        if (!await access.CanAsync(User, StandardPermissions.EditContent, null, definition?.Name))
        {
            return Forbid();
        }

        if (definition is null)
        {
            return NotFound();
        }

        if (owned.CreateRefusal(definition) is { } refusal)
        {
            TempData["Error"] = refusal;
            return Redirect($"/admin/content/{Uri.EscapeDataString(definition.Name)}");
        }

        var item = await NewAsync(definition, cancellationToken);
        return View("Edit", await EditorAsync(definition, item, true, null, null, null, cancellationToken));
    }

    [HttpPost("/admin/content/{type}/create")]
    [RequestSizeLimit(200L * 1024 * 1024)]
    public async Task<IActionResult> CreatePost(string type, string? submit, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetTypeDefinitionAsync(type, cancellationToken);
        if (!await access.CanAsync(User, StandardPermissions.EditContent, null, definition?.Name))
        {
            return Forbid();
        }

        if (definition is null)
        {
            return NotFound();
        }

        if (owned.CreateRefusal(definition) is { } refusal)
        {
            TempData["Error"] = refusal;
            return Redirect($"/admin/content/{Uri.EscapeDataString(definition.Name)}");
        }

        var publish = submit == "publish";
        if (publish && !await access.CanAsync(User, StandardPermissions.PublishContent, null, definition.Name))
        {
            return Forbid();
        }

        var item = await NewAsync(definition, cancellationToken);
        var (values, uploadErrors) = await ReadFormAsync(definition, item, cancellationToken);
        await OutsideErrorAsync(item.OrgUnitCode, uploadErrors, cancellationToken);
        if (uploadErrors.Count > 0)
        {
            return View("Edit", await EditorAsync(definition, item, true, values, uploadErrors, null, cancellationToken));
        }

        var result = await contentManager.CreateAsync(item, publish ? VersionOptions.Published : VersionOptions.Draft, cancellationToken);
        if (!result.Succeeded)
        {
            return View("Edit", await EditorAsync(definition, item, true, values, result.Errors, result.Message, cancellationToken));
        }

        TempData["Success"] = result.Value!.Published ? T["已发布"].Value : T["已保存草稿"].Value;
        return Redirect($"/admin/content/item/{Uri.EscapeDataString(result.Value.ContentItemId)}");
    }

    [HttpGet("/admin/content/item/{id}/edit")]
    public async Task<IActionResult> Edit(string id, CancellationToken cancellationToken)
    {
        var item = await LatestWithinAsync(id, cancellationToken);
        var definition = item is null ? null : await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        if (item is null || definition is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, StandardPermissions.EditContent, item))
        {
            return Forbid();
        }

        if (RefuseOwned(definition, id) is { } refused)
        {
            return refused;
        }

        return View("Edit", await EditorAsync(definition, await sensitive.ProtectAsync(User, item, cancellationToken), false, null, null, null, cancellationToken));
    }

    [HttpPost("/admin/content/item/{id}/edit")]
    [RequestSizeLimit(200L * 1024 * 1024)]
    public async Task<IActionResult> EditPost(string id, string? submit, string? concurrencyStamp, CancellationToken cancellationToken)
    {
        var item = await LatestWithinAsync(id, cancellationToken);
        var definition = item is null ? null : await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        if (item is null || definition is null)
        {
            return NotFound();
        }

        var publish = submit == "publish";
        if (!await access.CanAsync(User, StandardPermissions.EditContent, item)
            || (publish && !await access.CanAsync(User, StandardPermissions.PublishContent, item)))
        {
            return Forbid();
        }

        if (RefuseOwned(definition, id) is { } refused)
        {
            return refused;
        }

        var stored = item.Clone();
        var masked = await sensitive.ProtectAsync(User, stored, cancellationToken);
        var (values, uploadErrors) = await ReadFormAsync(definition, item, cancellationToken);
        await SensitiveEdits.KeepMaskedAsync(definitions, stored, masked, item, cancellationToken);
        if (item.OrgUnitCode != stored.OrgUnitCode)
        {
            await OutsideErrorAsync(item.OrgUnitCode, uploadErrors, cancellationToken);
        }

        item.ConcurrencyStamp = concurrencyStamp ?? "";
        if (uploadErrors.Count > 0)
        {
            return View("Edit", await EditorAsync(definition, item, false, values, uploadErrors, null, cancellationToken));
        }

        var result = await contentManager.UpdateAsync(item, concurrencyStamp ?? "", publish, cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Status == CommandStatus.Conflict)
            {
                Response.StatusCode = StatusCodes409;
            }

            return View("Edit", await EditorAsync(definition, item, false, values, result.Errors, result.Message, cancellationToken));
        }

        TempData["Success"] = result.Value!.Published && publish ? T["已发布"].Value : T["已保存"].Value;
        return Redirect($"/admin/content/item/{Uri.EscapeDataString(id)}");
    }

    private const int StatusCodes409 = 409;

    [HttpGet("/admin/content/item/{id}")]
    public async Task<IActionResult> Display(string id, CancellationToken cancellationToken)
    {
        var item = await LatestOrDeletedAsync(id, cancellationToken);

        // A publication owned above the user's unit is read (its published version), never written.
        var fromAbove = item is null ? await access.PublicationFromAboveAsync(User, id, cancellationToken) : null;
        item ??= fromAbove;
        if (item is not null)
        {
            item = await sensitive.ProtectAsync(User, item, cancellationToken);
        }

        var definition = item is null ? null : await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        if (item is null || definition is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, item))
        {
            return Forbid();
        }

        var layout = await definitions.GetLayoutAsync(definition.Name, cancellationToken);
        var texts = new Dictionary<string, string?>();
        var files = new Dictionary<string, List<(string, string)>>();
        foreach (var part in layout)
        {
            foreach (var field in part.Fields)
            {
                var path = part.Name + "." + field.Name;
                var value = item.GetFieldValue(part.Name, field.Name);
                var kind = kinds.Find(field.Kind);
                if (field.Kind == ContentFieldKinds.Html && kind is not null)
                {
                    // Stored HTML was sanitised on save; sanitise again through the same kind before rendering it raw.
                    var context = new FieldValidationContext { Field = field, PartName = part.Name, Item = item, Services = services, T = T };
                    texts[path] = (await kind.NormalizeAsync(value?.DeepClone(), context))?.GetValue<string>();
                }
                else
                {
                    texts[path] = kind?.ToText(value, field) ?? value?.ToJsonString();
                }

                if (field.Kind == ContentFieldKinds.Attachment)
                {
                    files[path] = AttachedFiles(value);
                }
            }
        }

        var org = await orgUnits.GetAsync(item.OrgUnitCode, cancellationToken);
        var writable = fromAbove is null && owned.WriteRefusal(definition) is null;
        ViewData["Title"] = item.DisplayText;
        return View(new ContentPreviewViewModel
        {
            Type = definition, Layout = layout, Item = item, OrgUnitName = org?.Name ?? item.OrgUnitCode, Texts = texts, Files = files,
            OwnerName = owned.OwnerName(definition),
            CanEdit = writable && await access.CanAsync(User, StandardPermissions.EditContent, item),
            CanPublish = writable && await access.CanAsync(User, StandardPermissions.PublishContent, item),
            CanDelete = writable && await access.CanAsync(User, StandardPermissions.DeleteContent, item),
            CanReveal = await sensitive.CanRevealAsync(User, item, cancellationToken) && await HasSensitiveAsync(definition, layout, cancellationToken),
            Revealed = await sensitive.IsRevealedAsync(User, item.ContentItemId, cancellationToken),
        });
    }

    [HttpGet("/admin/content/item/{id}/reveal")]
    public async Task<IActionResult> Reveal(string id, CancellationToken cancellationToken)
    {
        var item = await LatestOrDeletedAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, item) || !await sensitive.CanRevealAsync(User, item, cancellationToken))
        {
            return Forbid();
        }

        ViewData["Title"] = T["查看敏感信息"].Value;
        return View(new ContentRevealViewModel { Item = await sensitive.ProtectAsync(User, item, cancellationToken) });
    }

    [HttpPost("/admin/content/item/{id}/reveal")]
    public async Task<IActionResult> RevealPost(string id, string? reason, CancellationToken cancellationToken)
    {
        var item = await LatestOrDeletedAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, item) || !await sensitive.CanRevealAsync(User, item, cancellationToken))
        {
            return Forbid();
        }

        reason = reason?.Trim() ?? "";
        if (reason.Length < 4)
        {
            ViewData["Title"] = T["查看敏感信息"].Value;
            Response.StatusCode = 400;
            return View("Reveal", new ContentRevealViewModel
            {
                Item = await sensitive.ProtectAsync(User, item, cancellationToken), Reason = reason, Error = T["请填写查看原因（至少 4 个字）"].Value,
            });
        }

        var reveal = await sensitive.RevealAsync(User, item, reason, cancellationToken);
        if (reveal is null)
        {
            return Forbid();
        }

        TempData["RevealedUntil"] = ContentDates.Time(reveal.ExpiresUtc);
        return Redirect($"/admin/content/item/{Uri.EscapeDataString(id)}");
    }

    private async Task<bool> HasSensitiveAsync(ContentTypeDefinition type, IReadOnlyList<ContentPartLayout> layout, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        return type.Settings.MaskDisplayText || layout.Any(p => p.Fields.Any(f => f.Settings.Sensitive));
    }

    [HttpPost("/admin/content/item/{id}/publish")]
    public Task<IActionResult> Publish(string id, CancellationToken cancellationToken)
        => ActAsync(id, StandardPermissions.PublishContent, () => contentManager.PublishAsync(id, null, cancellationToken), T["已发布"], cancellationToken);

    [HttpPost("/admin/content/item/{id}/unpublish")]
    public Task<IActionResult> Unpublish(string id, CancellationToken cancellationToken)
        => ActAsync(id, StandardPermissions.PublishContent, () => contentManager.UnpublishAsync(id, null, cancellationToken), T["已取消发布"], cancellationToken);

    [HttpPost("/admin/content/item/{id}/delete")]
    public Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
        => ActAsync(id, StandardPermissions.DeleteContent, () => contentManager.RemoveAsync(id, null, cancellationToken), T["已移入回收站"], cancellationToken);

    [HttpPost("/admin/content/item/{id}/restore")]
    public Task<IActionResult> Restore(string id, CancellationToken cancellationToken)
        => ActAsync(id, StandardPermissions.DeleteContent, () => contentManager.RestoreAsync(id, cancellationToken), T["已从回收站恢复"], cancellationToken);

    [HttpGet("/admin/content/item/{id}/versions")]
    public async Task<IActionResult> Versions(string id, string? version, string? against, CancellationToken cancellationToken)
    {
        IReadOnlyList<ContentItem> versions = await access.IsWithinAsync(User, id, cancellationToken) ? await contentManager.GetVersionsAsync(id, cancellationToken) : [];
        var protectedVersions = new List<ContentItem>();
        foreach (var v in versions)
        {
            protectedVersions.Add(await sensitive.ProtectAsync(User, v, cancellationToken));
        }

        versions = protectedVersions;
        var latest = versions.FirstOrDefault(v => v.Latest) ?? (versions.Count > 0 ? versions[0] : null);
        var definition = latest is null ? null : await definitions.GetTypeDefinitionAsync(latest.ContentType, cancellationToken);
        if (latest is null || definition is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, StandardPermissions.ViewContent, latest))
        {
            return Forbid();
        }

        var selected = versions.FirstOrDefault(v => v.ContentItemVersionId == version);
        ContentItem? before = null;
        IReadOnlyList<ContentFieldChange> changes = [];
        if (selected is not null)
        {
            before = versions.FirstOrDefault(v => v.ContentItemVersionId == against)
                ?? versions.Where(v => v.Number < selected.Number).OrderByDescending(v => v.Number).FirstOrDefault();
            changes = await contentManager.DiffAsync(before, selected, cancellationToken);
        }

        var outside = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in versions.Select(v => v.OrgUnitCode).Distinct(StringComparer.Ordinal))
        {
            if (!await access.IsOrgUnitWithinAsync(User, code, cancellationToken))
            {
                outside.UnionWith(versions.Where(v => v.OrgUnitCode == code).Select(v => v.ContentItemVersionId));
            }
        }

        ViewData["Title"] = T["版本记录"].Value;
        return View(new ContentVersionsViewModel
        {
            Type = definition, Latest = latest, Versions = versions, Selected = selected, Against = before, Changes = changes, NotRestorable = outside,
            CanRestore = owned.WriteRefusal(definition) is null,
        });
    }

    [HttpPost("/admin/content/item/{id}/versions/{versionId}/restore")]
    public async Task<IActionResult> RestoreVersion(string id, string versionId, CancellationToken cancellationToken)
    {
        var version = await access.VersionWithinAsync(User, id, versionId, cancellationToken);
        if (version is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, StandardPermissions.EditContent, version))
        {
            return Forbid();
        }

        if (RefuseOwned(await definitions.GetTypeDefinitionAsync(version.ContentType, cancellationToken), id) is { } refused)
        {
            return refused;
        }

        var result = await contentManager.RestoreVersionAsync(versionId, null, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Success"] = T["已将第 {0} 版恢复为最新草稿", version.Number].Value;
        }
        else
        {
            TempData["Error"] = result.Message ?? string.Join("；", result.Errors.SelectMany(e => e.Value));
        }

        return Redirect($"/admin/content/item/{Uri.EscapeDataString(id)}/versions");
    }

    private async Task<IActionResult> ActAsync(string id, Permission permission, Func<Task<CommandResult<ContentItem>>> action, string success, CancellationToken cancellationToken)
    {
        var item = await LatestOrDeletedAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, permission, item))
        {
            return Forbid();
        }

        if (RefuseOwned(await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken), id) is { } refused)
        {
            return refused;
        }

        var result = await action();
        if (result.Succeeded)
        {
            TempData["Success"] = success;
        }
        else
        {
            TempData["Error"] = result.Message ?? (result.Errors.Count > 0 ? string.Join("；", result.Errors.SelectMany(e => e.Value)) : T["操作失败"].Value);
        }

        return Redirect($"/admin/content/item/{Uri.EscapeDataString(id)}");
    }

    /// <summary>Back to the item with the reason when its type is owned by a module (the module's screens write it).</summary>
    private RedirectResult? RefuseOwned(ContentTypeDefinition? definition, string id)
    {
        if (owned.WriteRefusal(definition) is not { } refusal)
        {
            return null;
        }

        TempData["Error"] = refusal;
        return Redirect($"/admin/content/item/{Uri.EscapeDataString(id)}");
    }

    private async Task<ContentItem?> LatestOrDeletedAsync(string id, CancellationToken cancellationToken)
        => !await access.IsWithinAsync(User, id, cancellationToken) ? null
            : await contentManager.GetAsync(id, VersionOptions.Latest, cancellationToken)
                ?? (await contentManager.GetVersionsAsync(id, cancellationToken)).FirstOrDefault(v => v.Latest);

    private async Task<ContentItem?> LatestWithinAsync(string id, CancellationToken cancellationToken)
        => await access.IsWithinAsync(User, id, cancellationToken) ? await contentManager.GetAsync(id, VersionOptions.Latest, cancellationToken) : null;

    private async Task<ContentItem> NewAsync(ContentTypeDefinition definition, CancellationToken cancellationToken)
    {
        var item = await contentManager.NewAsync(definition.Name, cancellationToken);
        var jurisdiction = await access.JurisdictionAsync(User);
        if (jurisdiction.OrgUnitCode is not null)
        {
            item.OrgUnitCode = jurisdiction.OrgUnitCode;
        }

        return item;
    }

    private async Task OutsideErrorAsync(string orgUnitCode, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(orgUnitCode) && !await access.IsOrgUnitWithinAsync(User, orgUnitCode, cancellationToken))
        {
            errors["orgUnitCode"] = [T["组织机构「{0}」不在您的管辖范围内", orgUnitCode].Value];
        }
    }

    /// <summary>
    /// Copies the posted form into the item (raw strings; the field kinds parse them) and stores uploaded files.
    /// Returns what the user typed, by path, and upload errors.
    /// </summary>
    private async Task<(Dictionary<string, List<string>> Values, Dictionary<string, string[]> Errors)> ReadFormAsync(
        ContentTypeDefinition type, ContentItem item, CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        var values = new Dictionary<string, List<string>>();
        var errors = new Dictionary<string, string[]>();
        if (form.TryGetValue("orgUnitCode", out var org))
        {
            item.OrgUnitCode = org.ToString().Trim();
        }

        foreach (var part in await definitions.GetLayoutAsync(type.Name, cancellationToken))
        {
            foreach (var field in part.Fields)
            {
                var path = part.Name + "." + field.Name;
                var posted = form["f." + path].Select(v => v ?? "").ToList();
                values[path] = posted;
                JsonNode? value;
                switch (field.Kind)
                {
                    case ContentFieldKinds.Boolean:
                        value = JsonValue.Create(posted.Contains("true"));
                        break;
                    case ContentFieldKinds.Attachment:
                        var ids = new JsonArray();
                        var kept = form["f." + path + ".keep"].Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
                        values[path + ".keep"] = kept!;
                        foreach (var keep in kept)
                        {
                            ids.Add(keep);
                        }

                        var messages = new List<string>();
                        foreach (var file in form.Files.GetFiles("f." + path).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
                        {
                            var (info, error) = await AttachmentsController.SaveAsync(registry, User, file, field.Settings, T, cancellationToken);
                            if (error is not null)
                            {
                                messages.Add(T["「{0}」：{1}", Label(field), error]);
                            }
                            else
                            {
                                ids.Add(info!.Id);
                                values[path + ".keep"].Add(info.Id);
                            }
                        }

                        if (messages.Count > 0)
                        {
                            errors[path] = [.. messages];
                        }

                        value = ids.Count == 0 ? null : ids;
                        break;
                    default:
                        var nonEmpty = posted.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
                        if (field.Settings.Multiple && field.Kind is ContentFieldKinds.Select or ContentFieldKinds.ContentPicker or ContentFieldKinds.OrgUnitPicker)
                        {
                            value = nonEmpty.Count == 0 ? null : new JsonArray([.. nonEmpty.Select(v => (JsonNode?)JsonValue.Create(v))]);
                        }
                        else
                        {
                            value = nonEmpty.Count == 0 ? null : JsonValue.Create(posted.First(v => !string.IsNullOrWhiteSpace(v)));
                        }

                        break;
                }

                item.SetFieldValue(part.Name, field.Name, value);
            }
        }

        return (values, errors);
    }

    /// <summary>The stored name of a file kept across a failed post, only when the user may attach it here (else its id).</summary>
    private async Task<string> KeptFileNameAsync(string id, ContentItem item, CancellationToken cancellationToken)
        => await registry.FindAsync(id, cancellationToken) is { } owner && owner.MayAttach(item.ContentItemId, User.Identity?.Name)
            ? (await attachments.GetInfoAsync(id, cancellationToken))?.FileName ?? id
            : id;

    private static string Label(ContentFieldDefinition field) => string.IsNullOrWhiteSpace(field.DisplayName) ? field.Name : field.DisplayName;

    private async Task<ContentEditorViewModel> EditorAsync(ContentTypeDefinition type, ContentItem item, bool isNew,
        Dictionary<string, List<string>>? posted, IReadOnlyDictionary<string, string[]>? errors, string? conflict, CancellationToken cancellationToken)
    {
        var layout = await definitions.GetLayoutAsync(type.Name, cancellationToken);
        var values = posted ?? [];
        var choices = new Dictionary<string, List<(string, string)>>();
        var files = new Dictionary<string, List<(string, string)>>();
        foreach (var part in layout)
        {
            foreach (var field in part.Fields)
            {
                var path = part.Name + "." + field.Name;
                var stored = item.GetFieldValue(part.Name, field.Name);
                if (posted is null)
                {
                    values[path] = RawValues(stored, field);
                }

                switch (field.Kind)
                {
                    case ContentFieldKinds.ContentPicker:
                        var allowed = field.Settings.AllowedContentTypes;
                        var query = (await access.QueryAsync(User)).Where(r => r.Latest && !r.Deleted);
                        if (allowed.Count > 0)
                        {
                            query = query.Where(r => allowed.Contains(r.ContentType));
                        }

                        var pickable = await query.OrderByDescending(r => r.ModifiedUtc).Take(200)
                            .Select(r => new { r.ContentItemId, r.ContentType, r.DisplayText }).ToListAsync(cancellationToken);
                        choices[path] = [];
                        var pickableTypes = new Dictionary<string, ContentTypeDefinition?>(StringComparer.Ordinal);
                        foreach (var name in pickable.Select(r => r.ContentType).Distinct(StringComparer.Ordinal))
                        {
                            pickableTypes[name] = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
                        }

                        foreach (var r in pickable)
                        {
                            // Choices are a list: names of masked types are shown masked, as in every list.
                            choices[path].Add((r.ContentItemId, sensitive.ProtectDisplayText(pickableTypes[r.ContentType], r.DisplayText)));
                        }

                        break;
                    case ContentFieldKinds.OrgUnitPicker:
                        choices[path] = await OrgChoicesAsync(field.Settings.OrgUnitLevel, cancellationToken);
                        break;
                    case ContentFieldKinds.Attachment:
                        var keep = posted is not null && posted.TryGetValue(path + ".keep", out var k) ? k : null;
                        files[path] = keep is null ? AttachedFiles(stored) : [];
                        foreach (var id in keep ?? [])
                        {
                            files[path].Add((id, await KeptFileNameAsync(id, item, cancellationToken)));
                        }

                        break;
                }
            }
        }

        var root = await orgUnits.GetRootAsync(cancellationToken);
        var units = new List<OrgUnitSummary>();
        if (root is not null)
        {
            foreach (var town in await orgUnits.GetChildrenAsync(root.Code, cancellationToken))
            {
                units.Add(town);
                units.AddRange(await orgUnits.GetChildrenAsync(town.Code, cancellationToken));
            }
        }

        // Offer only the units inside the user's jurisdiction (saving elsewhere is refused anyway).
        var within = await access.OrgUnitCodesWithinAsync(User, cancellationToken);
        units = [.. units.Where(u => within.Contains(u.Code))];

        ViewData["Title"] = isNew ? T["新建{0}", type.DisplayName].Value : T["编辑{0}", type.DisplayName].Value;
        return new ContentEditorViewModel
        {
            Type = type, Layout = layout, Item = item, IsNew = isNew, Values = values, Errors = errors ?? new Dictionary<string, string[]>(),
            Conflict = conflict, OrgUnits = units, Choices = choices, Files = files,
        };
    }

    private async Task<List<(string, string)>> OrgChoicesAsync(string? level, CancellationToken cancellationToken)
    {
        var wanted = level?.ToLowerInvariant() switch
        {
            "county" => OrgUnitLevel.County,
            "town" => OrgUnitLevel.Town,
            "village" => OrgUnitLevel.Village,
            "grid" => OrgUnitLevel.Grid,
            _ => (OrgUnitLevel?)null,
        };
        var result = new List<(string, string)>();
        var root = await orgUnits.GetRootAsync(cancellationToken);
        if (root is null)
        {
            return result;
        }

        if (wanted is null or OrgUnitLevel.County)
        {
            result.Add((root.Code, root.Name));
        }

        if (wanted is OrgUnitLevel.County)
        {
            return result;
        }

        foreach (var town in await orgUnits.GetChildrenAsync(root.Code, cancellationToken))
        {
            if (wanted is null or OrgUnitLevel.Town)
            {
                result.Add((town.Code, town.Name));
            }

            if (wanted is null or OrgUnitLevel.Village or OrgUnitLevel.Grid)
            {
                foreach (var village in await orgUnits.GetChildrenAsync(town.Code, cancellationToken))
                {
                    if (wanted is null or OrgUnitLevel.Village)
                    {
                        result.Add((village.Code, town.Name + " " + village.Name));
                    }

                    if (wanted is OrgUnitLevel.Grid && village.ChildCount > 0)
                    {
                        foreach (var grid in await orgUnits.GetChildrenAsync(village.Code, cancellationToken))
                        {
                            result.Add((grid.Code, village.Name + " " + grid.Name));
                        }
                    }
                }
            }
        }

        return result;
    }

    private static List<string> RawValues(JsonNode? value, ContentFieldDefinition field)
    {
        switch (value)
        {
            case null:
                return [];
            case JsonArray array:
                return [.. array.Select(v => v is JsonObject o ? o["id"]?.ToString() ?? "" : v?.ToString() ?? "")];
            case JsonValue v when field.Kind == ContentFieldKinds.DateTime && v.TryGetValue<DateTime>(out var dt):
                return [dt.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)];
            case JsonValue v when v.TryGetValue<bool>(out var b):
                return [b ? "true" : "false"];
            case JsonValue v when v.TryGetValue<double>(out var d):
                return [d.ToString(CultureInfo.InvariantCulture)];
            default:
                return [value.ToString()];
        }
    }

    private static List<(string, string)> AttachedFiles(JsonNode? value)
        => value switch
        {
            JsonArray array => [.. array.OfType<JsonObject>().Select(o => (o["id"]?.ToString() ?? "", o["fileName"]?.ToString() ?? o["id"]?.ToString() ?? ""))],
            JsonObject o => [(o["id"]?.ToString() ?? "", o["fileName"]?.ToString() ?? "")],
            _ => [],
        };
}
