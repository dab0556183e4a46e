using Grassroots.ContentManagement;
using Grassroots.Security;
using Grassroots.ServiceRequests.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>A guide in the dashboard list: the latest version, and whether a version is published.</summary>
public sealed record ServiceGuideRow(
    string ContentItemId, string ItemCode, string ItemName, string OfficeCode, string? WindowCode,
    bool IsImmediate, int TimeLimitDays, bool Published, bool HasPublishedVersion, string Modified);

/// <summary>办事指南 in the dashboard: the list; creating, editing and publishing use the content editor.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ServiceGuidesAdminController(
    IContentManager contentManager,
    IJurisdictionService jurisdictions,
    IAuthorizationService authorization) : Controller
{
    [HttpGet("/admin/service/guides")]
    public async Task<IActionResult> Index(string? q, string? status, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.EditContent))
        {
            return Forbid();
        }

        var j = await jurisdictions.GetAsync(User, cancellationToken);
        var latest = await contentManager.Query().WithinJurisdiction(j)
            .Where(r => r.ContentType == ServiceGuideType.Name && r.Latest && !r.Deleted)
            .ToListAsync(cancellationToken);
        var ids = latest.Select(r => r.ContentItemId).ToList();
        var published = (await contentManager.Query()
                .Where(r => r.ContentType == ServiceGuideType.Name && r.Published && !r.Deleted && ids.Contains(r.ContentItemId))
                .Select(r => r.ContentItemId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var rows = latest.Select(r =>
        {
            var item = contentManager.Load(r);
            return new ServiceGuideRow(
                r.ContentItemId,
                ServiceGuideType.Text(item, ServiceGuideType.ItemCode) ?? "",
                ServiceGuideType.Text(item, ServiceGuideType.ItemName) ?? r.DisplayText,
                ServiceGuideType.Text(item, ServiceGuideType.Office) ?? "",
                ServiceGuideType.Text(item, ServiceGuideType.Window),
                ServiceGuideType.Text(item, ServiceGuideType.TimeLimitKind) == ServiceGuideType.Immediate,
                ServiceGuideType.Number(item, ServiceGuideType.TimeLimitDays),
                r.Published,
                published.Contains(r.ContentItemId),
                Localization.BusinessTime.FormatDate(r.ModifiedUtc));
        });
        if (!string.IsNullOrWhiteSpace(q))
        {
            var t = q.Trim();
            rows = rows.Where(g => g.ItemName.Contains(t, StringComparison.OrdinalIgnoreCase) || g.ItemCode.Contains(t, StringComparison.OrdinalIgnoreCase)
                || g.OfficeCode.Contains(t, StringComparison.OrdinalIgnoreCase));
        }

        rows = status switch
        {
            "published" => rows.Where(g => g.Published),
            "draft" => rows.Where(g => !g.Published),
            _ => rows,
        };
        ViewData["q"] = q;
        ViewData["status"] = status;
        return View(rows.OrderBy(g => g.ItemCode, StringComparer.Ordinal).ToList());
    }
}
