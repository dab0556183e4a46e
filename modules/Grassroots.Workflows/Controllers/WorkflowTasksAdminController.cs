using Grassroots.Workflows.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Workflows.Controllers;

/// <summary>The 我的待办 page and the outcome buttons' form target.</summary>
public sealed class TaskInboxPage
{
    public IReadOnlyList<WorkflowTaskView> Tasks { get; init; } = [];

    /// <summary>Where the forms return to ("" for the inbox).</summary>
    public string ReturnUrl { get; init; } = "";

    /// <summary>The task whose form had an error, with what the user typed.</summary>
    public string? ErrorTaskId { get; init; }

    public string? Error { get; init; }

    public string? Comment { get; init; }
}

/// <summary>我的待办: the signed-in user's open tasks with one button per outcome.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class WorkflowTasksAdminController(WorkflowTaskService tasks) : Controller
{
    [HttpGet("/admin/tasks")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new TaskInboxPage { Tasks = await tasks.ListAsync(User, null, cancellationToken) });

    [HttpPost("/admin/tasks/{id}/complete")]
    public async Task<IActionResult> Complete(string id, string? outcome, string? comment, string? returnUrl, CancellationToken cancellationToken)
    {
        var (status, _, message) = await tasks.CompleteAsync(User, id, outcome, comment, cancellationToken);
        var back = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin/tasks";
        if (status == TaskCompletionStatus.Completed)
        {
            TempData["Success"] = message ?? "";
            return Redirect(back);
        }

        if (status == TaskCompletionStatus.InvalidOutcome)
        {
            // Show the inbox again with the comment kept and the message next to the task.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new TaskInboxPage
            {
                Tasks = await tasks.ListAsync(User, null, cancellationToken),
                ErrorTaskId = id,
                Error = message,
                Comment = comment,
            });
        }

        TempData["Error"] = message ?? "";
        return Redirect(back);
    }
}
