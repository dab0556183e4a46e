using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ServiceRequests.Activities;

/// <summary>Shared metadata of the pipeline's activities (category 流水线服务).</summary>
internal abstract class ServiceActivity : WorkflowActivity
{
    public const string CategoryName = "流水线服务";

    public sealed override string Category => CategoryName;

    protected static ServiceRequestPipeline Pipeline(ActivityContext context) => context.Services.GetRequiredService<ServiceRequestPipeline>();

    /// <summary>The request the workflow is about (its correlation id), or null.</summary>
    protected static async Task<ServiceRequestRecord?> RecordAsync(ActivityContext context) =>
        string.IsNullOrEmpty(context.Instance.CorrelationId)
            ? null
            : await Pipeline(context).FindAsync(context.Instance.CorrelationId, context.CancellationToken).ConfigureAwait(false);

    /// <summary>The fault when the correlated request does not exist.</summary>
    protected ActivityResult NoRecord(ActivityContext context) => Fault($"工作流关联的诉求 {context.Instance.CorrelationId} 不存在");

    protected static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;
}

/// <summary>Start event, 受理登记: a service request was registered (the correlation id is the request).</summary>
internal sealed class ServiceRequestRegisteredEvent : ServiceActivity
{
    public override string Name => ServiceRequestPipeline.RegisteredEvent;

    public override string DisplayName => "受理登记";

    public override bool IsEvent => true;

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Done", "已登记")];

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context) =>
        Task.FromResult(context.IsResuming ? ActivityResult.Outcomes("Done") : ActivityResult.Blocked());
}

/// <summary>按办理状态分流: ends with the request's current stage (待分流 … 已归档), read from the record.</summary>
internal sealed class ServiceRouteActivity : ServiceActivity
{
    /// <summary>Route runs of one instance without any blocking in between before it faults (a loop in the graph).</summary>
    public const int MaxRunsWithoutBlocking = 20;

    public override string Name => "ServiceRoute";

    public override string DisplayName => "按办理状态分流";

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } =
        [.. Enum.GetValues<ServiceStage>().Select(s => new ActivityOutcome(ServiceRequestPipeline.StageText(s), ServiceRequestPipeline.StageText(s)))];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var runs = 0;
        for (var i = context.Instance.History.Count - 1; i >= 0; i--)
        {
            var entry = context.Instance.History[i];
            if (entry.Kind == "Blocked")
            {
                break;
            }

            if (entry.ActivityId == context.Activity.Id && entry.Kind == "Executed")
            {
                runs++;
            }
        }

        if (runs >= MaxRunsWithoutBlocking)
        {
            return Fault($"连续分流 {runs} 次仍未进入任何办理环节，请检查流程连线");
        }

        if (await RecordAsync(context).ConfigureAwait(false) is not { } record)
        {
            return NoRecord(context);
        }

        context.Instance.Properties["stage"] = record.Stage.ToString();
        context.Instance.Properties["receiptCode"] = record.ReceiptCode;
        return ActivityResult.Outcomes(ServiceRequestPipeline.StageText(record.Stage));
    }
}

/// <summary>
/// One step of the five-step pipeline (blocking): creates the task for the point's work queue and waits for the pipeline's
/// "ServiceStep" event of the same step; the sweep resumes it at its deadline (签收超时, 逾期 → 督办).
/// </summary>
internal sealed class ServiceStepActivity : ServiceActivity
{
    public const string StageChanged = "状态已变";

    public const string AcceptTimedOut = "签收超时";

    public const string Overdue = "逾期";

    /// <summary>The steps: name, label, the stage it waits in, and its outcomes.</summary>
    public static IReadOnlyList<ServiceStepInfo> Steps { get; } =
    [
        new("dispatch", "分流交办", ServiceStage.AwaitingDispatch, ["已交办"]),
        new("accept", "签收", ServiceStage.AwaitingAcceptance, ["已签收", "已退单", AcceptTimedOut]),
        new("handle", "限时办结", ServiceStage.InProgress, ["已办结", "已补办", "已上报", "已申请延期", Overdue]),
        new("materials", "等待补件", ServiceStage.AwaitingMaterials, ["已补齐"]),
        new("extension", "延期审批", ServiceStage.AwaitingExtension, ["已批准", "不批准"]),
        new("arbitration", "上级裁定", ServiceStage.AwaitingArbitration, ["已裁定"]),
        new("followup", "回访反馈", ServiceStage.Completed, ["已回访", "重办"]),
    ];

    public override string Name => ServiceRequestPipeline.StepEvent;

    public override string DisplayName => "流水线办理环节";

    public override bool IsEvent => true;

    public override bool CanStartWorkflow => false;

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } =
        [.. Steps.SelectMany(s => s.Outcomes).Append(StageChanged).Distinct().Select(o => new ActivityOutcome(o, o))];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Step", "环节", "select", true) { Default = "dispatch", Options = [.. Steps.Select(s => new ActivityOutcome(s.Step, s.Label))] },
        new("AcceptDays", "签收时限（工作日）", "number") { Default = "1", Hint = "仅“签收”环节使用" },
        new("TaskTitle", "待办标题", "liquid") { Hint = "可选，默认为“环节：事项名称（回执码）”" },
    ];

    public override IReadOnlyList<ActivityOutcome> GetOutcomes(JsonObject properties)
    {
        var step = Steps.FirstOrDefault(s => s.Step == Text(properties["Step"]));
        return step is null ? Outcomes : [.. step.Outcomes.Append(StageChanged).Select(o => new ActivityOutcome(o, o))];
    }

    public override bool CanHandleEvent(JsonObject properties, JsonNode? input) =>
        Text(input?["step"]) is { } step && step == Text(properties["Step"]);

    /// <summary>The step that waits in <paramref name="stage"/> (null for 已归档).</summary>
    public static string? StepOf(ServiceStage stage) => Steps.FirstOrDefault(s => s.Stage == stage)?.Step;

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = Steps.FirstOrDefault(s => s.Step == Text(context.Properties["Step"]));
        if (step is null)
        {
            return Fault($"“环节”{Text(context.Properties["Step"])} 无效");
        }

        var pipeline = Pipeline(context);
        if (await RecordAsync(context).ConfigureAwait(false) is not { } record)
        {
            return NoRecord(context);
        }

        if (!context.IsResuming)
        {
            return StepOf(record.Stage) != step.Step
                ? ActivityResult.Outcomes(StageChanged)
                : await ServiceStepTask.BlockAsync(context, pipeline, record, step, GetOutcomes(context.Properties), Fault, notify: true).ConfigureAwait(false);
        }

        if (Text(context.Input?["outcome"]) is { } outcome)
        {
            // The pipeline committed the step: follow it (an unknown outcome keeps the task waiting as it was).
            return step.Outcomes.Contains(outcome) || outcome == StageChanged ? ActivityResult.Outcomes(outcome) : ActivityResult.Blocked();
        }

        if (context.Input?["due"] is not JsonValue due || due.GetValueKind() != JsonValueKind.True)
        {
            return ActivityResult.Blocked();
        }

        // The sweep: the step's deadline passed.
        return StepOf(record.Stage) != step.Step
            ? ActivityResult.Outcomes(StageChanged)
            : await ServiceStepTask.DueAsync(context, pipeline, record, step, GetOutcomes(context.Properties), Fault).ConfigureAwait(false);
    }
}
