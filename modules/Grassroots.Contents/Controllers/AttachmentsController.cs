using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Services;
using Grassroots.Media;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.Contents.Controllers;

/// <summary>Uploads attachments (checked against a field's rules) and serves them for download.</summary>
[ApiController]
[Authorize]
[Tags("Attachments")]
public sealed class AttachmentsController(
    IAttachmentStore store,
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
        if (!await access.CanAsync(User, StandardPermissions.EditContent))
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

        var info = await SaveAsync(store, file, settings, T, cancellationToken);
        return info.Error is not null
            ? Problem(title: info.Error, statusCode: StatusCodes.Status400BadRequest)
            : Created($"/attachments/{info.Info!.Id}", info.Info);
    }

    /// <summary>Downloads a stored file (never displayed inline).</summary>
    [HttpGet("/attachments/{id}")]
    [ApiExplorerSettings(IgnoreApi = true)]
    public async Task<IActionResult> Download(string id, CancellationToken cancellationToken)
    {
        // Jurisdiction: a file attached to content is served only when an item referencing it lies inside the user's
        // jurisdiction (checked in the database); files not yet attached to any item only to users who may edit content.
        var all = access.AllRecords();
        var referenced = await all.AnyAsync(r => r.Data.Contains(id), cancellationToken);
        var allowed = false;
        if (referenced)
        {
            // Any referencing item inside the jurisdiction whose type the user may view.
            var types = await (await access.QueryAsync(User)).Where(r => r.Data.Contains(id)).Select(r => r.ContentType).Distinct().ToListAsync(cancellationToken);
            foreach (var type in types)
            {
                allowed |= await access.CanAsync(User, StandardPermissions.ViewContent, null, type);
            }
        }
        else
        {
            allowed = await access.CanAsync(User, StandardPermissions.EditContent);
        }
        if (!allowed)
        {
            return Problem(title: T["附件不存在"], statusCode: StatusCodes.Status404NotFound);
        }

        var info = await store.GetInfoAsync(id, cancellationToken);
        var stream = info is null ? null : await store.OpenReadAsync(id, cancellationToken);
        if (info is null || stream is null)
        {
            return Problem(title: T["附件不存在"], statusCode: StatusCodes.Status404NotFound);
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(stream, AttachmentRules.SanitizeContentType(info.ContentType), AttachmentRules.SanitizeFileName(info.FileName));
    }

    /// <summary>Checks and stores an upload; shared with the admin form.</summary>
    internal static async Task<(AttachmentInfo? Info, string? Error)> SaveAsync(IAttachmentStore store, IFormFile file,
        ContentFieldSettings? settings, IStringLocalizer localizer, CancellationToken cancellationToken)
    {
        var fileName = AttachmentRules.SanitizeFileName(file.FileName);
        if (AttachmentRules.Validate(fileName, file.Length, settings, localizer) is { } problem)
        {
            return (null, problem);
        }

        await using var stream = file.OpenReadStream();
        var info = await store.SaveAsync(stream, fileName, AttachmentRules.SanitizeContentType(file.ContentType), cancellationToken);
        return (info, null);
    }
}
