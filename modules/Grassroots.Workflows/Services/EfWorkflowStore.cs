using System.Text.Json;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Workflows.Services;

/// <summary>
/// <see cref="IWorkflowStore"/> on the platform database: type versions and instances as JSON documents with query
/// columns, and the blocking index rewritten with the instance in one transaction.
/// </summary>
internal sealed class EfWorkflowStore(IDbContextAccessor accessor, TimeProvider clock) : IWorkflowStore
{
    private DbContext Db => accessor.DbContext;

    public async Task<WorkflowTypeDefinition?> GetTypeAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        var header = await Db.Set<WorkflowTypeRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (header is null)
        {
            return null;
        }

        var row = await Db.Set<WorkflowTypeVersionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.WorkflowTypeId == id && v.Version == version, cancellationToken);
        return row is null ? null : ToDefinition(row, header);
    }

    public async Task<WorkflowTypeDefinition?> GetLatestTypeAsync(string id, CancellationToken cancellationToken = default)
    {
        var header = await Db.Set<WorkflowTypeRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return header is null ? null : await GetTypeAsync(id, header.LatestVersion, cancellationToken);
    }

    public async Task SaveTypeAsync(WorkflowTypeDefinition type, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var now = clock.GetUtcNow().UtcDateTime;
        var header = await Db.Set<WorkflowTypeRecord>().FirstOrDefaultAsync(t => t.Id == type.Id, cancellationToken);
        if (header is null)
        {
            header = new WorkflowTypeRecord { Id = type.Id, CreatedUtc = now, IsEnabled = type.IsEnabled };
            Db.Add(header);
        }

        var row = await Db.Set<WorkflowTypeVersionRecord>()
            .FirstOrDefaultAsync(v => v.WorkflowTypeId == type.Id && v.Version == type.Version, cancellationToken);
        if (row is null)
        {
            row = new WorkflowTypeVersionRecord { WorkflowTypeId = type.Id, Version = type.Version, CreatedUtc = now, CreatedBy = user };
            Db.Add(row);
        }

        row.Name = type.Name;
        row.Json = JsonSerializer.Serialize(type, GrassrootsJson.Options);
        row.StartActivityTypes = "|" + string.Concat(type.Activities.Where(a => a.IsStart).Select(a => a.Type + "|").Distinct());
        if (type.Version >= header.LatestVersion)
        {
            header.LatestVersion = type.Version;
            header.Name = type.Name;
        }

        header.ModifiedUtc = now;
        header.ModifiedBy = user;
        await Db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowTypeDefinition>> ListStartableTypesAsync(string activityType, CancellationToken cancellationToken = default)
    {
        var marker = "|" + activityType + "|";
        var rows = await (
            from t in Db.Set<WorkflowTypeRecord>().AsNoTracking()
            join v in Db.Set<WorkflowTypeVersionRecord>().AsNoTracking() on new { t.Id, Version = t.LatestVersion } equals new { Id = v.WorkflowTypeId, v.Version }
            where t.IsEnabled && v.StartActivityTypes.Contains(marker)
            select new { Header = t, Version = v }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => ToDefinition(r.Version, r.Header)).OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    public async Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
    {
        var json = await Db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.Id == id).Select(i => i.Json)
            .FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<WorkflowInstance>(json, GrassrootsJson.Options);
    }

    public async Task SaveInstanceAsync(WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var record = await Db.Set<WorkflowInstanceRecord>().FirstOrDefaultAsync(i => i.Id == instance.Id, cancellationToken);
        if (record is null)
        {
            record = new WorkflowInstanceRecord { Id = instance.Id, CreatedUtc = instance.CreatedUtc };
            Db.Add(record);
        }

        if (string.IsNullOrEmpty(record.OrgPath) && instance.CorrelationId is { } correlationId)
        {
            record.OrgPath = await Db.Set<ContentItemRecord>().AsNoTracking()
                .Where(r => r.ContentItemId == correlationId && r.Latest)
                .Select(r => r.OrgPath).FirstOrDefaultAsync(cancellationToken) ?? "";
        }

        record.WorkflowTypeId = instance.WorkflowTypeId;
        record.WorkflowTypeVersion = instance.WorkflowTypeVersion;
        record.CorrelationId = instance.CorrelationId;
        record.Status = instance.Status;
        record.FaultMessage = instance.FaultMessage is { Length: > 2000 } m ? m[..2000] : instance.FaultMessage;
        record.ModifiedUtc = instance.ModifiedUtc;
        record.Json = JsonSerializer.Serialize(instance, GrassrootsJson.Options);

        var existing = await Db.Set<WorkflowBlockingRecord>().Where(b => b.InstanceId == instance.Id).ToListAsync(cancellationToken);
        var current = instance.Status == WorkflowStatus.Waiting ? instance.Blockings : [];
        Db.RemoveRange(existing.Where(e => !current.Exists(b => b.Id == e.Id)));
        foreach (var blocking in current)
        {
            var row = existing.Find(e => e.Id == blocking.Id);
            if (row is null)
            {
                row = new WorkflowBlockingRecord { Id = blocking.Id };
                Db.Add(row);
            }

            row.InstanceId = instance.Id;
            row.WorkflowTypeId = instance.WorkflowTypeId;
            row.ActivityId = blocking.ActivityId;
            row.ActivityType = blocking.ActivityType;
            row.CorrelationId = instance.CorrelationId;
            row.DueUtc = blocking.DueUtc;
            row.CreatedUtc = blocking.CreatedUtc;
            row.IsTask = blocking.Task is not null;
            row.TaskTitle = blocking.Task?.Title is { Length: > 300 } t ? t[..300] : blocking.Task?.Title;
            row.TaskRole = blocking.Task?.Role;
            row.TaskOrgUnitCode = blocking.Task?.OrgUnitCode;
            row.TaskUserName = blocking.Task?.UserName;
            row.TaskQueue = blocking.Task?.Queue;
            row.TaskDueUtc = blocking.Task?.DueUtc;
            row.ContentItemId = blocking.Task?.ContentItemId ?? instance.CorrelationId;
        }

        await Db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindWaitingInstanceIdsAsync(string activityType, string? correlationId, CancellationToken cancellationToken = default)
    {
        var query = Db.Set<WorkflowBlockingRecord>().AsNoTracking().Where(b => b.ActivityType == activityType);
        if (correlationId is not null)
        {
            query = query.Where(b => b.CorrelationId == correlationId);
        }

        return await query.Select(b => b.InstanceId).Distinct().ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string InstanceId, string BlockingId)>> ListDueAsync(DateTime nowUtc, int max, CancellationToken cancellationToken = default)
    {
        var rows = await Db.Set<WorkflowBlockingRecord>().AsNoTracking()
            .Where(b => b.DueUtc != null && b.DueUtc <= nowUtc)
            .OrderBy(b => b.DueUtc).ThenBy(b => b.Id)
            .Select(b => new { b.InstanceId, b.Id })
            .Take(max).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.InstanceId, r.Id))];
    }

    public async Task<bool> TryLeaseAsync(string instanceId, string owner, DateTime untilUtc, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await Db.Set<WorkflowInstanceRecord>()
            .Where(i => i.Id == instanceId && (i.LeaseOwner == null || i.LeaseOwner == owner || i.LeaseUntilUtc == null || i.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, owner).SetProperty(i => i.LeaseUntilUtc, untilUtc), cancellationToken);
        return updated == 1;
    }

    public Task ReleaseLeaseAsync(string instanceId, string owner, CancellationToken cancellationToken = default) =>
        Db.Set<WorkflowInstanceRecord>()
            .Where(i => i.Id == instanceId && i.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseUntilUtc, (DateTime?)null), cancellationToken);

    private static WorkflowTypeDefinition ToDefinition(WorkflowTypeVersionRecord row, WorkflowTypeRecord header)
    {
        var definition = JsonSerializer.Deserialize<WorkflowTypeDefinition>(row.Json, GrassrootsJson.Options) ?? new WorkflowTypeDefinition();
        definition.Id = row.WorkflowTypeId;
        definition.Version = row.Version;
        definition.IsEnabled = header.IsEnabled;
        return definition;
    }
}
