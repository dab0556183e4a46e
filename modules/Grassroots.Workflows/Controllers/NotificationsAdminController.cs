using Grassroots.Security;
using Grassroots.Workflows.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Workflows.Controllers;

/// <summary>The 通知 inbox: the signed-in user's notifications, newest first.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class NotificationsAdminController(
    NotificationService notifications,
    IAuthorizationService authorization,
    IStringLocalizer<NotificationsAdminController> T) : Controller
{
    [HttpGet("/admin/notifications")]
    public async Task<IActionResult> Index(bool unread, CancellationToken cancellationToken)
    {
        if (User.Identity?.Name is not { } name || !await authorization.AuthorizeAsync(User, StandardPermissions.AccessAdminPanel))
        {
            return Forbid();
        }

        ViewData["unread"] = unread;
        ViewData["unreadCount"] = await notifications.CountUnreadAsync(name, cancellationToken);
        return View(await notifications.ListAsync(name, unread, 200, cancellationToken));
    }

    /// <summary>Marks the notification read and opens its link (local links only).</summary>
    [HttpGet("/admin/notifications/{id:long}/open")]
    public async Task<IActionResult> Open(long id, CancellationToken cancellationToken)
    {
        if (User.Identity?.Name is not { } name || !await authorization.AuthorizeAsync(User, StandardPermissions.AccessAdminPanel))
        {
            return Forbid();
        }

        var record = await notifications.MarkReadAsync(name, id, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        return !string.IsNullOrEmpty(record.Url) && Url.IsLocalUrl(record.Url)
            ? LocalRedirect(record.Url)
            : Redirect("/admin/notifications");
    }

    [HttpPost("/admin/notifications/read-all")]
    public async Task<IActionResult> ReadAll(CancellationToken cancellationToken)
    {
        if (User.Identity?.Name is not { } name || !await authorization.AuthorizeAsync(User, StandardPermissions.AccessAdminPanel))
        {
            return Forbid();
        }

        var count = await notifications.MarkAllReadAsync(name, cancellationToken);
        TempData["Success"] = T["已将 {0} 条通知标为已读", count].Value;
        return Redirect("/admin/notifications");
    }
}
