using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Inspections.Models;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.Inspections.Services;

/// <summary>Reads and writes inspector comments inside the user's jurisdiction.</summary>
public sealed class InspectionService(
    IDbContextAccessor dbAccessor,
    IContentManager contentManager,
    IJurisdictionService jurisdictions,
    IAuthorizationService authorization,
    ISensitiveDataService sensitive,
    IAuditTrail audit,
    IStringLocalizer<InspectionService> T,
    TimeProvider clock)
{
    public const int MaxLength = 2000;

    private DbContext Db => dbAccessor.DbContext;

    /// <summary>Comments visible to the user, newest first (item or unit filter optional).</summary>
    public async Task<(int Total, IReadOnlyList<InspectionComment> Items)> ListAsync(ClaimsPrincipal user, string? contentItemId, string? orgUnitCode,
        int page, int pageSize, CancellationToken cancellationToken)
    {
        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        var query = Db.Set<InspectionComment>().AsNoTracking().WithinJurisdiction(jurisdiction);
        if (!string.IsNullOrWhiteSpace(contentItemId))
        {
            query = query.Where(c => c.ContentItemId == contentItemId);
        }

        if (!string.IsNullOrWhiteSpace(orgUnitCode))
        {
            var unitPath = await Db.Set<OrgUnit>().Where(u => u.Code == orgUnitCode).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
            query = query.WithinJurisdiction(Jurisdiction.Under(unitPath));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (total, items);
    }

    /// <summary>
    /// The latest version row of an item inside the user's jurisdiction, or null (404 for the caller); a display text
    /// that its type masks is masked.
    /// </summary>
    public async Task<ContentItemRecord?> FindItemAsync(ClaimsPrincipal user, string contentItemId, CancellationToken cancellationToken)
    {
        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        var item = await contentManager.Query().WithinJurisdiction(jurisdiction)
            .Where(r => r.ContentItemId == contentItemId && r.Latest && !r.Deleted)
            .Select(r => new ContentItemRecord
            {
                ContentItemId = r.ContentItemId,
                ContentType = r.ContentType,
                DisplayText = r.DisplayText,
                OrgUnitCode = r.OrgUnitCode,
                OrgPath = r.OrgPath,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (item is not null)
        {
            item.DisplayText = await sensitive.ProtectDisplayTextAsync(item.ContentType, item.DisplayText, cancellationToken);
        }

        return item;
    }

    /// <summary>Adds a comment; returns the error (Chinese) or the stored comment. Null target means "not found".</summary>
    public async Task<(InspectionComment? Comment, string? Error, bool NotFound)> AddAsync(ClaimsPrincipal user, string? contentItemId, string? orgUnitCode,
        string? text, CancellationToken cancellationToken)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return (null, T["请填写评论内容"], false);
        }

        if (text.Length > MaxLength)
        {
            return (null, T["评论最多 {0} 个字", MaxLength], false);
        }

        string unitCode;
        string unitPath;
        if (!string.IsNullOrWhiteSpace(contentItemId))
        {
            var item = await FindItemAsync(user, contentItemId, cancellationToken);
            if (item is null)
            {
                return (null, null, true);
            }

            unitCode = item.OrgUnitCode;
            unitPath = item.OrgPath;
        }
        else if (!string.IsNullOrWhiteSpace(orgUnitCode))
        {
            var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
            var unit = await Db.Set<OrgUnit>().AsNoTracking().WithinJurisdiction(jurisdiction).FirstOrDefaultAsync(u => u.Code == orgUnitCode, cancellationToken);
            if (unit is null)
            {
                return (null, null, true);
            }

            unitCode = unit.Code;
            unitPath = unit.Path;
        }
        else
        {
            return (null, T["请指定评论的事项或单位"], false);
        }

        var comment = new InspectionComment
        {
            ContentItemId = string.IsNullOrWhiteSpace(contentItemId) ? null : contentItemId,
            OrgUnitCode = unitCode,
            OrgPath = unitPath,
            UserName = user.Identity?.Name ?? "",
            AuthorName = user.FindFirstValue("grassroots:displayName") ?? user.Identity?.Name ?? "",
            Text = text,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        Db.Add(comment);
        await Db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Content,
            Action = "inspection.commented",
            Summary = comment.ContentItemId is null ? $"督查评论单位 {unitCode}" : $"督查评论事项 {comment.ContentItemId}",
            ContentItemId = comment.ContentItemId,
            OrgUnitCode = unitCode,
            Data = new JsonObject { ["commentId"] = comment.Id, ["length"] = text.Length },
        }, cancellationToken);
        return (comment, null, false);
    }

    public Task<bool> CanCommentAsync(ClaimsPrincipal user) => authorization.AuthorizeAsync(user, InspectionPermissions.CommentAsInspector);

    public Task<bool> CanViewAsync(ClaimsPrincipal user) => authorization.AuthorizeAsync(user, StandardPermissions.ViewContent);
}
