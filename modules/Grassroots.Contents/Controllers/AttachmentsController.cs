using System.Security.Claims;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Services;
using Grassroots.Media;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Localization;

namespace Grassroots.Contents.Controllers;

/// <summary>Uploads attachments (checked against a field's rules) and serves them for download.</summary>
[ApiController]
[Authorize]
[Tags("Attachments")]
public sealed class AttachmentsController(
    IAttachmentStore store,
    IAttachmentRegistry registry,
    IContentDefinitionManager definitions,
    ContentAccess access,
    IStringLocalizer<AttachmentsController> T) : ControllerBase
{
    /// <summary>Stores a file; with <c>type</c>/<c>part</c>/<c>field</c> the field's size and extension limits apply.</summary>
    [HttpPost("/api/attachments")]
    [RequestSizeLimit(200L * 1024 * 1024)]
    [ProducesResponseType<AttachmentInfo>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Upload(IFormFile? file, [FromForm] string? type, [FromForm] string? part, [FromForm] string? field,
        CancellationToken cancellationToken)
    {
        // With a type, its own "edit own items" permission is enough (the file is bound to the item it is saved on).
        if (!await access.CanAsync(User, StandardPermissions.EditContent, null, type.TrimToNull()))
        {
            return Forbid();
        }

        if (file is null)
        {
            return Problem(title: T["请选择要上传的文件"], statusCode: StatusCodes.Status400BadRequest);
        }

        ContentFieldSettings? settings = null;
        if (!string.IsNullOrWhiteSpace(type) && !string.IsNullOrWhiteSpace(field))
        {
            var layout = await definitions.GetLayoutAsync(type, cancellationToken);
            var definition = layout.Where(p => string.IsNullOrWhiteSpace(part) || p.Name == part)
                .SelectMany(p => p.Fields).FirstOrDefault(f => f.Name == field && f.Kind == ContentFieldKinds.Attachment);
            if (definition is null)
            {
                return Problem(title: T["附件字段「{0}」不存在", $"{type}.{part}.{field}"], statusCode: StatusCodes.Status400BadRequest);
            }

            settings = definition.Settings;
        }

        var info = await SaveAsync(registry, User, file, settings, T, cancellationToken);
        return info.Error is not null
            ? Problem(title: info.Error, statusCode: StatusCodes.Status400BadRequest)
            : Created($"/attachments/{info.Info!.Id}", info.Info);
    }

    /// <summary>
    /// Downloads a stored file: an attached one when the user may view its item (jurisdiction and type permission, the
    /// "own items" variants included), an unattached upload only by its uploader; 404 otherwise. Always a download
    /// (<c>application/octet-stream</c>, <c>Content-Disposition: attachment</c>) except real PNG/JPEG images, shown inline
    /// with their own type; <c>X-Content-Type-Options: nosniff</c> on all.
    /// </summary>
    [HttpGet("/attachments/{id}")]
    [ApiExplorerSettings(IgnoreApi = true)]
    public async Task<IActionResult> Download(string id, CancellationToken cancellationToken)
    {
        var owner = await registry.FindAsync(id, cancellationToken);
        var info = owner is not null && await MayReadAsync(owner, cancellationToken) ? await store.GetInfoAsync(id, cancellationToken) : null;
        var stream = info is null ? null : await store.OpenReadAsync(id, cancellationToken);
        if (info is null || stream is null)
        {
            return Problem(title: T["附件不存在"], statusCode: StatusCodes.Status404NotFound);
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        var fileName = AttachmentRules.SanitizeFileName(info.FileName);
        if (await AttachmentRules.DetectImageAsync(stream, cancellationToken) is { } image)
        {
            var inline = new ContentDispositionHeaderValue("inline");
            inline.SetHttpFileName(fileName);
            Response.Headers.ContentDisposition = inline.ToString();
            return File(stream, image);
        }

        return File(stream, "application/octet-stream", fileName);
    }

    /// <summary>The owning item's latest version the user may read (one indexed row) and its view permission.</summary>
    private async Task<bool> MayReadAsync(AttachmentOwnership owner, CancellationToken cancellationToken)
    {
        if (owner.ContentItemId is null)
        {
            return owner.UploadedBy is not null && string.Equals(owner.UploadedBy, User.Identity?.Name, StringComparison.Ordinal);
        }

        var item = await (await access.ReadableQueryAsync(User, cancellationToken))
            .Where(r => r.ContentItemId == owner.ContentItemId && r.Latest && !r.Deleted)
            .Select(r => new ContentItem { ContentItemId = r.ContentItemId, ContentType = r.ContentType, Owner = r.Owner })
            .FirstOrDefaultAsync(cancellationToken);
        return item is not null && await access.CanAsync(User, StandardPermissions.ViewContent, item);
    }

    /// <summary>Checks and stores an upload; shared with the admin form.</summary>
    internal static async Task<(AttachmentInfo? Info, string? Error)> SaveAsync(IAttachmentRegistry registry, ClaimsPrincipal user, IFormFile file,
        ContentFieldSettings? settings, IStringLocalizer localizer, CancellationToken cancellationToken)
    {
        var fileName = AttachmentRules.SanitizeFileName(file.FileName);
        if (AttachmentRules.Validate(fileName, file.Length, settings, localizer) is { } problem)
        {
            return (null, problem);
        }

        await using var stream = file.OpenReadStream();
        var info = await registry.UploadAsync(stream, fileName, AttachmentRules.SanitizeContentType(file.ContentType), user.Identity?.Name, cancellationToken);
        return (info, null);
    }
}
