using System.Text.Json.Nodes;
using Grassroots.Workflows.Expressions;

namespace Grassroots.Workflows.Execution;

/// <summary>
/// Runs instances: executes activities from the start (or resumed / retried) activity, follows transitions by outcome,
/// records history, stops on blocking activities (Waiting), when nothing is scheduled (Finished) or on a fault.
/// </summary>
internal sealed class WorkflowExecutor(
    IEnumerable<IActivity> activities,
    IWorkflowStore store,
    IExpressionEvaluator evaluator,
    TimeProvider clock,
    IServiceProvider services,
    IEnumerable<IWorkflowContextProvider> contextProviders) : IWorkflowExecutor
{
    /// <summary>Guards against graphs that loop forever.</summary>
    internal const int MaxSteps = 1000;

    private readonly Dictionary<string, IActivity> byName = activities.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public async Task<WorkflowInstance> StartAsync(string workflowTypeId, JsonNode? input = null, string? correlationId = null,
        string? user = null, int? version = null, string? startActivityId = null, bool triggeredByEvent = false,
        CancellationToken cancellationToken = default)
    {
        var type = (version is { } v
            ? await store.GetTypeAsync(workflowTypeId, v, cancellationToken).ConfigureAwait(false)
            : await store.GetLatestTypeAsync(workflowTypeId, cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidOperationException($"工作流类型 {workflowTypeId} 不存在。");
        if (!type.IsEnabled)
        {
            throw new InvalidOperationException($"工作流类型 {type.Name} 已停用。");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var instance = new WorkflowInstance
        {
            Id = Guid.NewGuid().ToString("n"),
            WorkflowTypeId = type.Id,
            WorkflowTypeVersion = type.Version,
            CorrelationId = correlationId,
            Input = input?.DeepClone(),
            CreatedUtc = now,
            ModifiedUtc = now,
        };
        var starts = type.Activities.Where(a => a.IsStart && (startActivityId is null || a.Id == startActivityId)).Select(a => a.Id).ToList();
        if (starts.Count == 0)
        {
            Fault(instance, null, "工作流没有开始活动。", user);
        }
        else
        {
            await RunAsync(type, instance, starts, resumingId: triggeredByEvent ? starts[0] : null, input, user, cancellationToken).ConfigureAwait(false);
        }

        await store.SaveInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    public async Task<WorkflowInstance> ResumeAsync(WorkflowInstance instance, string activityId, JsonNode? input = null,
        string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Status != WorkflowStatus.Waiting || !instance.BlockingActivityIds.Contains(activityId))
        {
            throw new InvalidOperationException($"工作流实例 {instance.Id} 没有在活动 {activityId} 等待。");
        }

        var type = await LoadTypeAsync(instance, cancellationToken).ConfigureAwait(false);
        await RunAsync(type, instance, [activityId], resumingId: activityId, input, user, cancellationToken).ConfigureAwait(false);
        await store.SaveInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    public async Task<WorkflowInstance> RetryAsync(WorkflowInstance instance, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Status != WorkflowStatus.Faulted || instance.FaultedActivityId is not { } activityId)
        {
            throw new InvalidOperationException($"工作流实例 {instance.Id} 没有出错的活动可重试。");
        }

        var type = await LoadTypeAsync(instance, cancellationToken).ConfigureAwait(false);
        instance.FaultMessage = null;
        instance.FaultedActivityId = null;
        await RunAsync(type, instance, [activityId], resumingId: null, instance.Input, user, cancellationToken).ConfigureAwait(false);
        await store.SaveInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    public async Task<WorkflowInstance> CancelAsync(WorkflowInstance instance, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
        {
            throw new InvalidOperationException($"工作流实例 {instance.Id} 已结束，不能取消。");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        instance.Blockings.Clear();
        instance.Status = WorkflowStatus.Cancelled;
        instance.ModifiedUtc = now;
        instance.History.Add(new WorkflowHistoryEntry { Kind = "Cancelled", ExecutedUtc = now, User = user, Message = "实例已取消" });
        await store.SaveInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    private async Task<WorkflowTypeDefinition> LoadTypeAsync(WorkflowInstance instance, CancellationToken cancellationToken) =>
        await store.GetTypeAsync(instance.WorkflowTypeId, instance.WorkflowTypeVersion, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"工作流类型 {instance.WorkflowTypeId} 第 {instance.WorkflowTypeVersion} 版不存在。");

    private async Task RunAsync(WorkflowTypeDefinition type, WorkflowInstance instance, IEnumerable<string> scheduled,
        string? resumingId, JsonNode? input, string? user, CancellationToken cancellationToken)
    {
        instance.Status = WorkflowStatus.Running;
        JsonObject? contentItem = null;
        JsonObject? userInfo = null;
        foreach (var provider in contextProviders)
        {
            contentItem ??= await provider.GetContentItemAsync(instance.CorrelationId, cancellationToken).ConfigureAwait(false);
            userInfo ??= await provider.GetUserAsync(user, cancellationToken).ConfigureAwait(false);
        }

        // Each scheduled activity with the transition it arrived by (null for a start, a resumed or a retried one).
        var queue = new Queue<(string ActivityId, TransitionDefinition? Via)>(scheduled.Select(id => (id, (TransitionDefinition?)null)));
        var steps = 0;
        while (queue.TryDequeue(out var next))
        {
            var activityId = next.ActivityId;
            cancellationToken.ThrowIfCancellationRequested();
            if (++steps > MaxSteps)
            {
                Fault(instance, activityId, $"工作流执行超过 {MaxSteps} 步，可能存在死循环。", user);
                return;
            }

            var definition = type.FindActivity(activityId);
            if (definition is null || !byName.TryGetValue(definition.Type, out var activity))
            {
                Fault(instance, activityId, $"活动 {activityId}（{definition?.Type}）不存在或未注册。", user);
                return;
            }

            var resuming = activityId == resumingId;
            resumingId = null;
            var previousBlocking = resuming ? instance.Blockings.Find(b => b.ActivityId == activityId) : null;
            instance.Blockings.RemoveAll(b => b.ActivityId == activityId);
            var context = new ActivityContext(instance, definition, resuming ? input : input ?? instance.Input,
                resuming, evaluator, services, user, cancellationToken)
            {
                ContentItem = contentItem,
                UserInfo = userInfo,
                IncomingCount = type.Transitions.Count(t => t.DestinationId == activityId),
                Incoming = type.Transitions.FindAll(t => t.DestinationId == activityId),
                ArrivedBy = next.Via,
                UtcNow = clock.GetUtcNow().UtcDateTime,
            };
            ActivityResult result;
            try
            {
                result = await activity.ExecuteAsync(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                result = ActivityResult.Fault($"活动“{activity.DisplayName}”执行出错：{ex.Message}");
            }

            if (result.IsFaulted)
            {
                Fault(instance, activityId, result.FaultMessage!, user, definition.Type);
                return;
            }

            if (result.IsBlocked)
            {
                if (previousBlocking is not null && result.DueUtc is null && result.Task is null)
                {
                    // An event that did not match this activity: it keeps waiting as it was, nothing to record.
                    instance.Blockings.Add(previousBlocking);
                    continue;
                }

                instance.Blockings.Add(new WorkflowBlocking
                {
                    ActivityId = activityId,
                    ActivityType = activity.WaitsFor,
                    DueUtc = result.DueUtc,
                    Task = result.Task,
                    CreatedUtc = context.UtcNow,
                });
                AddHistory(instance, definition, "Blocked", [], null, user);
                continue;
            }

            var comment = resuming && input?["comment"] is JsonValue c && c.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
            AddHistory(instance, definition, resuming ? "Resumed" : "Executed", [.. result.OutcomeNames], null, user, comment);
            foreach (var outcome in result.OutcomeNames)
            {
                foreach (var transition in type.Transitions.Where(t => t.SourceId == activityId && t.Outcome == outcome))
                {
                    queue.Enqueue((transition.DestinationId, transition));
                }
            }
        }

        instance.Status = instance.Blockings.Count > 0 ? WorkflowStatus.Waiting : WorkflowStatus.Finished;
        instance.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
    }

    private void Fault(WorkflowInstance instance, string? activityId, string message, string? user, string? activityType = null)
    {
        instance.Status = WorkflowStatus.Faulted;
        instance.FaultMessage = message;
        instance.FaultedActivityId = activityId;
        var now = clock.GetUtcNow().UtcDateTime;
        instance.ModifiedUtc = now;
        if (activityId is not null)
        {
            instance.History.Add(new WorkflowHistoryEntry
            {
                ActivityId = activityId,
                ActivityType = activityType ?? "",
                Kind = "Faulted",
                Message = message,
                ExecutedUtc = now,
                User = user,
            });
        }
    }

    private void AddHistory(WorkflowInstance instance, ActivityDefinition definition, string kind, List<string> outcomes, string? message,
        string? user, string? comment = null) =>
        instance.History.Add(new WorkflowHistoryEntry
        {
            ActivityId = definition.Id,
            ActivityType = definition.Type,
            Kind = kind,
            Outcomes = outcomes,
            Message = message,
            ExecutedUtc = clock.GetUtcNow().UtcDateTime,
            User = user,
            Comment = comment,
        });
}
