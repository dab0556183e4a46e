using Grassroots.Workflows.Models;
using Grassroots.Workflows.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Workflows.Controllers;

/// <summary>The signed-in user's in-app notifications (站内通知).</summary>
[ApiController]
[Authorize]
[Tags("Notifications")]
public sealed class NotificationsApiController(NotificationService notifications) : ControllerBase
{
    /// <summary>My notifications, newest first (at most <paramref name="take"/>, default 100); only unread ones with <c>unread=true</c>.</summary>
    [HttpGet("/api/notifications")]
    public async Task<IActionResult> List(bool unread = false, int take = 100, CancellationToken cancellationToken = default)
    {
        if (User.Identity?.Name is not { } name)
        {
            return Problem(title: "未登录", statusCode: StatusCodes.Status401Unauthorized);
        }

        var list = await notifications.ListAsync(name, unread, take, cancellationToken);
        return Ok(new
        {
            unreadCount = await notifications.CountUnreadAsync(name, cancellationToken),
            items = list.Select(ToDto),
        });
    }

    /// <summary>Marks one of my notifications read.</summary>
    [HttpPost("/api/notifications/{id:long}/read")]
    public async Task<IActionResult> Read(long id, CancellationToken cancellationToken)
    {
        if (User.Identity?.Name is not { } name)
        {
            return Problem(title: "未登录", statusCode: StatusCodes.Status401Unauthorized);
        }

        var record = await notifications.MarkReadAsync(name, id, cancellationToken);
        return record is null ? Problem(title: "通知不存在", statusCode: StatusCodes.Status404NotFound) : Ok(ToDto(record));
    }

    /// <summary>Marks all my notifications read; returns how many changed.</summary>
    [HttpPost("/api/notifications/read-all")]
    public async Task<IActionResult> ReadAll(CancellationToken cancellationToken)
    {
        if (User.Identity?.Name is not { } name)
        {
            return Problem(title: "未登录", statusCode: StatusCodes.Status401Unauthorized);
        }

        return Ok(new { marked = await notifications.MarkAllReadAsync(name, cancellationToken) });
    }

    private static object ToDto(NotificationRecord n) => new
    {
        id = n.Id,
        title = n.Title,
        body = n.Body,
        url = n.Url,
        workflowInstanceId = n.WorkflowInstanceId,
        createdUtc = n.CreatedUtc,
        readUtc = n.ReadUtc,
        isRead = n.ReadUtc is not null,
    };
}
