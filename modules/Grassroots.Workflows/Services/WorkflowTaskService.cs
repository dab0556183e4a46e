using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Workflows.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.Workflows.Services;

/// <summary>An open task (待办) in the inbox.</summary>
public sealed record WorkflowTaskView(
    string Id,
    string InstanceId,
    string WorkflowTypeId,
    string Title,
    string? Description,
    IReadOnlyList<ActivityOutcome> Outcomes,
    string? ContentItemId,
    string? ContentItemTitle,
    string? OrgUnitCode,
    string? Role,
    string? UserName,
    DateTime? DueUtc,
    DateTime CreatedUtc,
    string? HandlerUrl = null);

/// <summary>The result of completing a task.</summary>
public enum TaskCompletionStatus
{
    Completed,
    NotFound,
    InvalidOutcome,
    Busy,
}

/// <summary>
/// 我的待办: user tasks the user may complete — assigned to them by name, or to a role they hold in exactly their own org
/// unit — and completing them, which resumes the waiting instance.
/// </summary>
public sealed class WorkflowTaskService(
    IDbContextAccessor accessor,
    IWorkflowStore store,
    IWorkflowManager manager,
    UserManager<GrassrootsUser> users,
    Grassroots.Modules.IEnabledServices<ITaskQueueMembership> queueMemberships,
    WorkflowSensitiveData sensitive,
    IAuditTrail audit,
    IStringLocalizer<WorkflowTaskService> T)
{
    private DbContext Db => accessor.DbContext;

    /// <summary>The user's open tasks, oldest due first, optionally for one content item.</summary>
    public async Task<IReadOnlyList<WorkflowTaskView>> ListAsync(ClaimsPrincipal principal, string? contentItemId, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(principal);
        if (query is null)
        {
            return [];
        }

        if (!string.IsNullOrEmpty(contentItemId))
        {
            query = query.Where(b => b.ContentItemId == contentItemId);
        }

        var rows = await query.OrderBy(b => b.TaskDueUtc == null).ThenBy(b => b.TaskDueUtc).ThenBy(b => b.CreatedUtc).Take(500)
            .ToListAsync(cancellationToken);
        var itemIds = rows.Select(r => r.ContentItemId).OfType<string>().Distinct().ToList();
        var titles = await Db.Set<ContentItemRecord>().AsNoTracking()
            .Where(r => itemIds.Contains(r.ContentItemId) && r.Latest)
            .Select(r => new { r.ContentItemId, r.DisplayText }).ToListAsync(cancellationToken);
        var result = new List<WorkflowTaskView>(rows.Count);
        var maskers = new Dictionary<string, ISensitiveTextMasker>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var instance = await store.GetInstanceAsync(row.InstanceId, cancellationToken);
            var task = instance?.Blockings.Find(b => b.Id == row.Id)?.Task;
            if (task is null)
            {
                continue;
            }

            // Titles and descriptions are rendered from the item (often its name): masked as the item's own screens are.
            var key = row.ContentItemId ?? "";
            if (!maskers.TryGetValue(key, out var masker))
            {
                maskers[key] = masker = await sensitive.MaskerAsync(principal, row.ContentItemId, cancellationToken);
            }

            result.Add(new WorkflowTaskView(row.Id, row.InstanceId, row.WorkflowTypeId, masker.Mask(task.Title) ?? "", masker.Mask(task.Description),
                task.Outcomes, row.ContentItemId, masker.Mask(titles.FirstOrDefault(t => t.ContentItemId == row.ContentItemId)?.DisplayText),
                task.OrgUnitCode, task.Role, task.UserName, task.DueUtc, row.CreatedUtc, task.HandlerUrl));
        }

        return result;
    }

    /// <summary>Completes task <paramref name="taskId"/> with <paramref name="outcome"/>; NotFound when the user may not.</summary>
    public async Task<(TaskCompletionStatus Status, WorkflowInstance? Instance, string? Message)> CompleteAsync(ClaimsPrincipal principal,
        string taskId, string? outcome, string? comment, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(principal);
        var row = query is null ? null : await query.FirstOrDefaultAsync(b => b.Id == taskId, cancellationToken);
        if (row is null)
        {
            return (TaskCompletionStatus.NotFound, null, T["待办不存在或已办理"]);
        }

        var instance = await store.GetInstanceAsync(row.InstanceId, cancellationToken);
        var task = instance?.Blockings.Find(b => b.Id == taskId)?.Task;
        if (task is null)
        {
            return (TaskCompletionStatus.NotFound, null, T["待办不存在或已办理"]);
        }

        if (task.HandlerUrl is not null)
        {
            return (TaskCompletionStatus.InvalidOutcome, null, T["该待办需在业务办理页面处理：{0}", task.HandlerUrl]);
        }

        if (string.IsNullOrWhiteSpace(outcome) || !task.Outcomes.Exists(o => o.Name == outcome))
        {
            return (TaskCompletionStatus.InvalidOutcome, null,
                T["请选择办理结果：{0}", string.Join("、", task.Outcomes.Select(o => o.DisplayName))]);
        }

        comment = comment?.Trim();
        if (comment is { Length: > 2000 })
        {
            return (TaskCompletionStatus.InvalidOutcome, null, T["意见最多 2000 个字"]);
        }

        var userName = principal.Identity?.Name;
        var resumed = await manager.ResumeAsync(row.InstanceId, row.ActivityId,
            new JsonObject { ["outcome"] = outcome, ["comment"] = comment, ["taskId"] = taskId }, userName, cancellationToken);
        if (resumed is null)
        {
            return (TaskCompletionStatus.Busy, null, T["该事项正在办理中，请稍后再试"]);
        }

        var masker = await sensitive.PublicMaskerAsync(row.ContentItemId, cancellationToken);
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Workflow,
            Action = "workflow.task.completed",
            Summary = $"办理待办“{masker.Mask(task.Title)}”：{outcome}",
            ContentItemId = row.ContentItemId,
            OrgUnitCode = task.OrgUnitCode,
            Data = new JsonObject { ["taskId"] = taskId, ["instanceId"] = row.InstanceId, ["outcome"] = outcome },
        }, cancellationToken);
        return (TaskCompletionStatus.Completed, resumed, null);
    }

    /// <summary>Task rows the user may complete (null: none).</summary>
    private async Task<IQueryable<WorkflowBlockingRecord>?> VisibleAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user?.UserName is not { } name || user.IsDisabled)
        {
            return null;
        }

        var roles = (await users.GetRolesAsync(user)).ToList();
        var unit = user.OrgUnitCode;
        var queues = new List<string>();
        foreach (var membership in queueMemberships.All)
        {
            queues.AddRange(await membership.GetQueuesAsync(name, CancellationToken.None));
        }

        return Db.Set<WorkflowBlockingRecord>().AsNoTracking()
            .Where(b => b.IsTask && (b.TaskUserName == name
                || (b.TaskQueue != null && queues.Contains(b.TaskQueue))
                || (b.TaskUserName == null && b.TaskQueue == null && unit != null && b.TaskOrgUnitCode == unit && b.TaskRole != null && roles.Contains(b.TaskRole))));
    }
}
