using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Workflows.Services;

/// <summary>Settings of the workflow engine (<c>Workflows:*</c>).</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>How often the sweep fires due timers and deadlines (default one minute).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a node may hold an instance while running it before another node may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Due blockings handled per sweep round (rounds repeat until nothing is due).</summary>
    public int SweepBatchSize { get; set; } = 200;

    /// <summary>This node's name in leases (default machine name and process id).</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}

/// <summary>
/// <see cref="IWorkflowManager"/>: events start and resume instances, each advanced under its lease so two nodes never
/// run one instance at once; the sweep fires due timers and deadlines under the distributed lock "workflows-sweep".
/// </summary>
public sealed class WorkflowManager(
    IWorkflowStore store,
    IWorkflowExecutor executor,
    IEnumerable<IActivity> activities,
    IDistributedLock locks,
    IDbContextAccessor db,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowManager> logger) : IWorkflowManager
{
    /// <summary>Activity type of the cron timer event; a type starting with it keeps one instance waiting.</summary>
    public const string TimerActivity = "Timer";

    /// <summary>Event ids an instance remembers (<see cref="WorkflowInstance.HandledEventIds"/>): far more than are ever redelivered.</summary>
    internal const int RememberedEvents = 50;

    private readonly Dictionary<string, IActivity> byName = activities.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public Task<IReadOnlyList<WorkflowInstance>> TriggerEventAsync(string activityType, JsonNode? input, string? correlationId,
        string? user = null, CancellationToken cancellationToken = default) =>
        TriggerAsync(null, activityType, input, correlationId, user, cancellationToken);

    /// <summary>
    /// The idempotency key is kept with the effect it guards, in the instance's own row and written by the same save: an
    /// instance the event starts carries <c>eventId</c> in its input (found again by correlation id and type); an instance
    /// it resumes records the id in <see cref="WorkflowInstance.HandledEventIds"/> (checked under the run lease).
    /// </summary>
    public Task<IReadOnlyList<WorkflowInstance>> TriggerEventOnceAsync(string eventId, string activityType, JsonObject input, string? correlationId,
        string? user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var keyed = (JsonObject)input.DeepClone();
        keyed["eventId"] = eventId;
        return TriggerAsync(eventId, activityType, keyed, correlationId, user, cancellationToken);
    }

    private async Task<IReadOnlyList<WorkflowInstance>> TriggerAsync(string? eventId, string activityType, JsonNode? input, string? correlationId,
        string? user, CancellationToken cancellationToken)
    {
        var touched = new List<WorkflowInstance>();
        if (!byName.TryGetValue(activityType, out var activity))
        {
            return touched;
        }

        foreach (var type in await store.ListStartableTypesAsync(activityType, cancellationToken))
        {
            if (eventId is not null && await StartedByAsync(type.Id, correlationId, eventId, cancellationToken))
            {
                continue;
            }

            foreach (var start in type.Activities.Where(a => a.IsStart && a.Type == activityType && activity.CanHandleEvent(a.Properties, input)))
            {
                try
                {
                    touched.Add(await executor.StartAsync(type.Id, input, correlationId, user, type.Version, start.Id, triggeredByEvent: true,
                        cancellationToken: cancellationToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Workflow type {Type} could not start on {Event}", type.Id, activityType);
                }
            }
        }

        foreach (var instanceId in await store.FindWaitingInstanceIdsAsync(activityType, correlationId, cancellationToken))
        {
            var instance = await RunLeasedAsync(instanceId, async current =>
            {
                if (current.Status != WorkflowStatus.Waiting)
                {
                    return false;
                }

                var type = await store.GetTypeAsync(current.WorkflowTypeId, current.WorkflowTypeVersion, cancellationToken);
                var blocking = current.Blockings.Find(b => b.ActivityType == activityType
                    && type?.FindActivity(b.ActivityId) is { } definition
                    && byName.GetValueOrDefault(definition.Type, activity).CanHandleEvent(definition.Properties, input));
                if (blocking is null || (eventId is not null && current.HandledEventIds.Contains(eventId)))
                {
                    return false;
                }

                if (eventId is not null)
                {
                    current.HandledEventIds.Add(eventId);
                    current.HandledEventIds.RemoveRange(0, Math.Max(0, current.HandledEventIds.Count - RememberedEvents));
                }

                await executor.ResumeAsync(current, blocking.ActivityId, input, user, cancellationToken);
                return true;
            }, cancellationToken);
            if (instance is not null)
            {
                touched.Add(instance);
            }
        }

        return touched;
    }

    public Task<WorkflowInstance?> ResumeAsync(string instanceId, string activityId, JsonNode? input, string? user = null,
        CancellationToken cancellationToken = default) =>
        RunLeasedAsync(instanceId, async current =>
        {
            if (current.Status != WorkflowStatus.Waiting || !current.Blockings.Exists(b => b.ActivityId == activityId))
            {
                return false;
            }

            await executor.ResumeAsync(current, activityId, input, user, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await using var sweepLock = await locks.TryAcquireAsync("workflows-sweep", cancellationToken);
        if (sweepLock is null)
        {
            return 0;
        }

        var fired = 0;
        var settings = options.Value;
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = (await store.ListDueAsync(clock.GetUtcNow().UtcDateTime, settings.SweepBatchSize + skipped.Count, cancellationToken))
                .Where(d => !skipped.Contains(d.BlockingId)).Take(settings.SweepBatchSize).ToList();
            if (due.Count == 0)
            {
                break;
            }

            foreach (var (instanceId, blockingId) in due)
            {
                // A scope per instance keeps the change tracker small over long sweeps.
                await using var scope = scopes.CreateAsyncScope();
                var manager = scope.ServiceProvider.GetRequiredService<WorkflowManager>();
                if (await manager.FireDueAsync(instanceId, blockingId, cancellationToken))
                {
                    fired++;
                }
                else
                {
                    skipped.Add(blockingId);
                }
            }
        }

        await EnsureTimerInstancesAsync(cancellationToken);
        return fired;
    }

    /// <summary>Resumes one due blocking; false when it is no longer due or the instance is held by another node.</summary>
    internal async Task<bool> FireDueAsync(string instanceId, string blockingId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var instance = await RunLeasedAsync(instanceId, async current =>
            {
                var blocking = current.Blockings.Find(b => b.Id == blockingId);
                if (current.Status != WorkflowStatus.Waiting || blocking?.DueUtc is not { } dueUtc || dueUtc > now)
                {
                    return false;
                }

                await executor.ResumeAsync(current, blocking.ActivityId, new JsonObject { ["due"] = true, ["dueUtc"] = dueUtc }, null, cancellationToken);
                return true;
            }, cancellationToken);
            return instance is not null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Due blocking {Blocking} of workflow instance {Instance} failed", blockingId, instanceId);
            return false;
        }
    }

    /// <summary>
    /// Every enabled type that starts with a timer has exactly one instance waiting at that timer, on its latest version:
    /// a waiting timer of a disabled type or of an older version is cancelled (a new schedule takes effect at once).
    /// </summary>
    private async Task EnsureTimerInstancesAsync(CancellationToken cancellationToken)
    {
        var types = (await store.ListStartableTypesAsync(TimerActivity, cancellationToken)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in await store.FindWaitingInstanceIdsAsync(TimerActivity, null, cancellationToken))
        {
            var instance = await store.GetInstanceAsync(id, cancellationToken);
            var waitingAtStart = instance?.Blockings.Find(b => b.ActivityType == TimerActivity) is { } blocking
                && instance.History.TrueForAll(h => h.ActivityId == blocking.ActivityId);
            if (instance is null || !waitingAtStart)
            {
                continue;   // a timer inside a running flow, not a schedule
            }

            if (types.TryGetValue(instance.WorkflowTypeId, out var type) && type.Version == instance.WorkflowTypeVersion
                && current.Add(type.Id))
            {
                continue;
            }

            await RunLeasedAsync(id, async leased =>
            {
                await executor.CancelAsync(leased, null, cancellationToken);
                return true;
            }, cancellationToken);
        }

        foreach (var type in types.Values.Where(t => !current.Contains(t.Id)))
        {
            foreach (var start in type.Activities.Where(a => a.IsStart && a.Type == TimerActivity))
            {
                await executor.StartAsync(type.Id, null, null, null, type.Version, start.Id, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>Whether event <paramref name="eventId"/> already started an instance of the type (its id is in the stored input).</summary>
    private Task<bool> StartedByAsync(string typeId, string? correlationId, string eventId, CancellationToken cancellationToken) =>
        db.DbContext.Set<WorkflowInstanceRecord>().AsNoTracking()
            .AnyAsync(i => i.WorkflowTypeId == typeId && i.CorrelationId == correlationId && i.Json.Contains(eventId), cancellationToken);

    /// <summary>Loads the instance under its lease, runs <paramref name="action"/>, releases; null when not taken or not run.</summary>
    internal async Task<WorkflowInstance?> RunLeasedAsync(string instanceId, Func<WorkflowInstance, Task<bool>> action, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var owner = $"{settings.NodeName}:{Guid.NewGuid():n}";
        if (!await store.TryLeaseAsync(instanceId, owner, clock.GetUtcNow().UtcDateTime + settings.LeaseDuration, cancellationToken))
        {
            logger.LogInformation("Workflow instance {Instance} is being run elsewhere; skipped", instanceId);
            return null;
        }

        try
        {
            var instance = await store.GetInstanceAsync(instanceId, cancellationToken);
            return instance is not null && await action(instance) ? instance : null;
        }
        finally
        {
            await store.ReleaseLeaseAsync(instanceId, owner, CancellationToken.None);
        }
    }
}
