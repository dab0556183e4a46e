using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Workflows.Services;

/// <summary>An instance in lists.</summary>
public sealed record WorkflowInstanceSummary(string Id, string WorkflowTypeId, int WorkflowTypeVersion, string WorkflowTypeName,
    string? CorrelationId, WorkflowStatus Status, string? FaultMessage, DateTime CreatedUtc, DateTime ModifiedUtc);

/// <summary>
/// Workflow instances inside the user's jurisdiction (the correlated item's org path; instances about no item are
/// county-wide and visible to county-level users only), and the cancel and retry operations, audited.
/// </summary>
public sealed class WorkflowInstanceService(
    IDbContextAccessor accessor,
    IWorkflowStore store,
    IWorkflowExecutor executor,
    WorkflowManager manager,
    IJurisdictionService jurisdictions,
    IAuditTrail audit,
    Microsoft.Extensions.Localization.IStringLocalizer<WorkflowInstanceService> T)
{
    private DbContext Db => accessor.DbContext;

    public async Task<(int Total, IReadOnlyList<WorkflowInstanceSummary> Items)> ListAsync(ClaimsPrincipal user, string? type, WorkflowStatus? status,
        string? correlationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(user, cancellationToken);
        if (!string.IsNullOrWhiteSpace(type))
        {
            query = query.Where(i => i.WorkflowTypeId == type);
        }

        if (status is { } s)
        {
            query = query.Where(i => i.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(correlationId))
        {
            query = query.Where(i => i.CorrelationId == correlationId);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(i => i.ModifiedUtc).ThenBy(i => i.Id)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(i => new { i.Id, i.WorkflowTypeId, i.WorkflowTypeVersion, i.CorrelationId, i.Status, i.FaultMessage, i.CreatedUtc, i.ModifiedUtc })
            .ToListAsync(cancellationToken);
        var typeIds = rows.Select(r => r.WorkflowTypeId).Distinct().ToList();
        var names = await Db.Set<WorkflowTypeRecord>().AsNoTracking().Where(t => typeIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        return (total, [.. rows.Select(r => new WorkflowInstanceSummary(r.Id, r.WorkflowTypeId, r.WorkflowTypeVersion,
            names.GetValueOrDefault(r.WorkflowTypeId, r.WorkflowTypeId), r.CorrelationId, r.Status, r.FaultMessage, r.CreatedUtc, r.ModifiedUtc))]);
    }

    /// <summary>The instance and the definition of its version, or null outside the jurisdiction.</summary>
    public async Task<(WorkflowInstance Instance, WorkflowTypeDefinition? Definition)?> GetAsync(ClaimsPrincipal user, string id, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(user, cancellationToken);
        if (!await query.AnyAsync(i => i.Id == id, cancellationToken))
        {
            return null;
        }

        var instance = await store.GetInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        return (instance, await store.GetTypeAsync(instance.WorkflowTypeId, instance.WorkflowTypeVersion, cancellationToken));
    }

    /// <summary>Cancels (or retries) the instance; null when not visible; the message when not allowed in its state.</summary>
    public async Task<(WorkflowInstance? Instance, string? Error)?> ChangeAsync(ClaimsPrincipal user, string id, bool retry, CancellationToken cancellationToken)
    {
        var found = await GetAsync(user, id, cancellationToken);
        if (found is null)
        {
            return null;
        }

        string? error = null;
        var name = user.Identity?.Name;
        var changed = await manager.RunLeasedAsync(id, async instance =>
        {
            if (retry && instance.Status != WorkflowStatus.Faulted)
            {
                error = T["只有出错的实例可以重试"];
                return false;
            }

            if (!retry && instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            {
                error = T["实例已结束，不能取消"];
                return false;
            }

            _ = retry ? await executor.RetryAsync(instance, name, cancellationToken) : await executor.CancelAsync(instance, name, cancellationToken);
            return true;
        }, cancellationToken);
        if (changed is null)
        {
            return (null, error ?? T["该实例正在运行，请稍后再试"]);
        }

        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Workflow,
            Action = retry ? "workflow.instance.retried" : "workflow.instance.cancelled",
            Summary = retry ? $"重试工作流实例 {id}" : $"取消工作流实例 {id}",
            ContentItemId = changed.CorrelationId,
            Data = new JsonObject { ["instanceId"] = id, ["workflowTypeId"] = changed.WorkflowTypeId, ["status"] = changed.Status.ToString() },
        }, cancellationToken);
        return (changed, null);
    }

    private async Task<IQueryable<WorkflowInstanceRecord>> VisibleAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        // The county level also sees instances about no content item (empty path); the prefix never matches "".
        return Db.Set<WorkflowInstanceRecord>().AsNoTracking().WithinJurisdiction(jurisdiction);
    }
}
