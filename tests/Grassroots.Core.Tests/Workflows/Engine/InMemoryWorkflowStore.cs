using System.Collections.Concurrent;
using System.Text.Json;
using Grassroots.Workflows;

namespace Grassroots.Core.Tests.Workflows.Engine;

/// <summary>Test-only store; round-trips through JSON so tests prove the model is serializable.</summary>
internal sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly ConcurrentDictionary<(string, int), string> types = new();
    private readonly ConcurrentDictionary<string, string> instances = new();

    public Task<WorkflowTypeDefinition?> GetTypeAsync(string id, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(types.TryGetValue((id, version), out var json) ? Deserialize<WorkflowTypeDefinition>(json) : null);

    public Task<WorkflowTypeDefinition?> GetLatestTypeAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(types.Where(p => p.Key.Item1 == id).OrderByDescending(p => p.Key.Item2)
            .Select(p => Deserialize<WorkflowTypeDefinition>(p.Value)).FirstOrDefault());

    public Task SaveTypeAsync(WorkflowTypeDefinition type, string? user = null, CancellationToken cancellationToken = default)
    {
        types[(type.Id, type.Version)] = JsonSerializer.Serialize(type, GrassrootsJson.Options);
        return Task.CompletedTask;
    }

    public Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(instances.TryGetValue(id, out var json) ? Deserialize<WorkflowInstance>(json) : null);

    public Task SaveInstanceAsync(WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        instances[instance.Id] = JsonSerializer.Serialize(instance, GrassrootsJson.Options);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkflowTypeDefinition>> ListStartableTypesAsync(string activityType, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowTypeDefinition>>(types.Keys.Select(k => k.Item1).Distinct()
            .Select(id => GetLatestTypeAsync(id, cancellationToken).Result!)
            .Where(t => t.IsEnabled && t.Activities.Exists(a => a.IsStart && a.Type == activityType)).ToList());

    public Task<IReadOnlyList<string>> FindWaitingInstanceIdsAsync(string activityType, string? correlationId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(instances.Values.Select(Deserialize<WorkflowInstance>).OfType<WorkflowInstance>()
            .Where(i => i.Status == WorkflowStatus.Waiting && (correlationId is null || i.CorrelationId == correlationId)
                && i.Blockings.Exists(b => b.ActivityType == activityType))
            .Select(i => i.Id).ToList());

    public Task<IReadOnlyList<(string InstanceId, string BlockingId)>> ListDueAsync(DateTime nowUtc, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<(string, string)>>(instances.Values.Select(Deserialize<WorkflowInstance>).OfType<WorkflowInstance>()
            .SelectMany(i => i.Blockings.Where(b => b.DueUtc <= nowUtc).Select(b => (i.Id, b.Id, b.DueUtc)))
            .OrderBy(x => x.DueUtc).Take(max).Select(x => (x.Item1, x.Item2)).ToList());

    public Task<bool> TryLeaseAsync(string instanceId, string owner, DateTime untilUtc, CancellationToken cancellationToken = default) =>
        Task.FromResult(true);

    public Task ReleaseLeaseAsync(string instanceId, string owner, CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, GrassrootsJson.Options);
}
