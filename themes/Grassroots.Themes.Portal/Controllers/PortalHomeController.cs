using Grassroots.ContentManagement;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Themes.Portal.Controllers;

/// <summary>The public home page (latest notices) and the notice page.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PortalHomeController(IContentManager contentManager) : Controller
{
    /// <summary>The content type shown on the portal as 通知公告.</summary>
    public const string NoticeType = "Notice";


    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = await contentManager.Query()
            .Where(r => r.ContentType == NoticeType && r.Published && !r.Deleted)
            .OrderByDescending(r => r.PublishedUtc ?? r.CreatedUtc)
            .ThenByDescending(r => r.Id)
            .Take(10)
            .Select(r => new { r.ContentItemId, r.DisplayText, r.PublishedUtc, r.CreatedUtc })
            .ToListAsync(cancellationToken);

        return View(rows.Select(r => new NoticeSummary(r.ContentItemId, r.DisplayText, ToChinaDate(r.PublishedUtc ?? r.CreatedUtc))).ToList());
    }

    [HttpGet("/notices/{id}")]
    public async Task<IActionResult> Notice(string id, CancellationToken cancellationToken)
    {
        var item = await contentManager.GetAsync(id, VersionOptions.Published, cancellationToken);
        if (item is null || item.ContentType != NoticeType || !item.Published || item.Deleted)
        {
            return NotFound();
        }

        var title = item.GetFieldValue(NoticeType, "Title")?.GetValue<string>() ?? item.DisplayText;
        var body = item.GetFieldValue(NoticeType, "Body")?.GetValue<string>() ?? "";
        return View(new NoticeViewModel(item.ContentItemId, title, body, ToChinaDate(item.PublishedUtc ?? item.CreatedUtc ?? DateTime.UtcNow)));
    }

    private static string ToChinaDate(DateTime utc) => Localization.BusinessTime.FormatDate(utc);
}

/// <summary>A notice in the home page list.</summary>
public sealed record NoticeSummary(string Id, string Title, string Date);

/// <summary>A notice page: the Body HTML was sanitised when it was saved.</summary>
public sealed record NoticeViewModel(string Id, string Title, string BodyHtml, string Date);
