using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Calendar;
using Grassroots.Localization;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Workflows;
using Grassroots.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ServiceRequests.Activities;

/// <summary>Shared metadata of the pipeline's activities (category 流水线服务).</summary>
internal abstract class ServiceActivity : WorkflowActivity
{
    public const string CategoryName = "流水线服务";

    public sealed override string Category => CategoryName;

    protected static ServiceRequestPipeline Pipeline(ActivityContext context) => context.Services.GetRequiredService<ServiceRequestPipeline>();

    protected static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;
}

/// <summary>Start event: a service request was registered (the correlation id is the request).</summary>
internal sealed class ServiceRequestRegisteredEvent : ServiceActivity
{
    public override string Name => ServiceRequestPipeline.RegisteredEvent;

    public override string DisplayName => "诉求已登记";

    public override bool IsEvent => true;

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Done", "完成")];

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

        var record = string.IsNullOrEmpty(context.Instance.CorrelationId)
            ? null
            : await Pipeline(context).FindAsync(context.Instance.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Fault($"工作流关联的诉求 {context.Instance.CorrelationId} 不存在");
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
    public static IReadOnlyList<(string Step, string Label, ServiceStage Stage, string[] Outcomes)> Steps { get; } =
    [
        ("dispatch", "分流交办", ServiceStage.AwaitingDispatch, ["已交办"]),
        ("accept", "签收", ServiceStage.AwaitingAcceptance, ["已签收", "已退单", AcceptTimedOut]),
        ("handle", "限时办结", ServiceStage.InProgress, ["已办结", "已补办", "已上报", "已申请延期", Overdue]),
        ("materials", "等待补件", ServiceStage.AwaitingMaterials, ["已补齐"]),
        ("extension", "延期审批", ServiceStage.AwaitingExtension, ["已批准", "不批准"]),
        ("arbitration", "上级裁定", ServiceStage.AwaitingArbitration, ["已裁定"]),
        ("followup", "回访反馈", ServiceStage.Completed, ["已回访", "重办"]),
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
        return step.Step is null ? Outcomes : [.. step.Outcomes.Append(StageChanged).Select(o => new ActivityOutcome(o, o))];
    }

    public override bool CanHandleEvent(JsonObject properties, JsonNode? input) =>
        Text(input?["step"]) is { } step && step == Text(properties["Step"]);

    /// <summary>The step that waits in <paramref name="stage"/> (null for 已归档).</summary>
    public static string? StepOf(ServiceStage stage) => Steps.FirstOrDefault(s => s.Stage == stage).Step;

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = Steps.FirstOrDefault(s => s.Step == Text(context.Properties["Step"]));
        if (step.Step is null)
        {
            return Fault($"“环节”{Text(context.Properties["Step"])} 无效");
        }

        var pipeline = Pipeline(context);
        var requestId = context.Instance.CorrelationId;
        var record = string.IsNullOrEmpty(requestId) ? null : await pipeline.FindAsync(requestId, context.CancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Fault($"工作流关联的诉求 {requestId} 不存在");
        }

        if (!context.IsResuming)
        {
            return StepOf(record.Stage) != step.Step
                ? ActivityResult.Outcomes(StageChanged)
                : await BlockAsync(context, pipeline, record, step.Step, step.Label, notify: true).ConfigureAwait(false);
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
        if (StepOf(record.Stage) != step.Step)
        {
            return ActivityResult.Outcomes(StageChanged);
        }

        switch (step.Step)
        {
            case "accept":
                var staff = await pipeline.GetStaffAsync(record.CurrentPointCode, false, context.CancellationToken).ConfigureAwait(false);
                await pipeline.NotifyAsync(staff, $"签收超时：{record.ItemName}（{record.ReceiptCode}）", "交办的事项已超过签收时限，请尽快签收或退单。",
                    record.ContentItemId, context.Instance.Id, context.CancellationToken).ConfigureAwait(false);
                return ActivityResult.Outcomes(AcceptTimedOut);
            case "handle":
                if (record.DueUtc is { } dueUtc && dueUtc > context.UtcNow)
                {
                    return await BlockAsync(context, pipeline, record, step.Step, step.Label, notify: false).ConfigureAwait(false);
                }

                await pipeline.SuperviseAsync(record.ContentItemId, context.CancellationToken).ConfigureAwait(false);
                return ActivityResult.Outcomes(Overdue);
            default:
                // Follow-up and the other steps keep their task after their reminder date, without a timer.
                return await BlockAsync(context, pipeline, record, step.Step, step.Label, notify: false, timer: false).ConfigureAwait(false);
        }
    }

    private async Task<ActivityResult> BlockAsync(ActivityContext context, ServiceRequestPipeline pipeline, ServiceRequestRecord record,
        string step, string label, bool notify, bool timer = true)
    {
        var today = BusinessTime.ToBusinessDate(context.UtcNow);
        var calendar = context.Services.GetRequiredService<IBusinessCalendar>();
        DateTime? dueUtc = null;
        switch (step)
        {
            case "accept":
                var days = context.Properties["AcceptDays"] switch
                {
                    JsonValue v when v.TryGetValue<int>(out var n) => n,
                    JsonValue v when v.TryGetValue<double>(out var d) => (int)d,
                    JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                    null => ServiceRequestPipeline.AcceptDays,
                    _ => -1,
                };
                if (days is < 0 or > 30)
                {
                    return Fault("“签收时限（工作日）”必须是 0 到 30 之间的整数");
                }

                dueUtc = ServiceRequestPipeline.EndOfDayUtc(await calendar.AddWorkingDaysAsync(today, days, context.CancellationToken).ConfigureAwait(false));
                break;
            case "handle":
                dueUtc = record.DueUtc;
                break;
            case "followup":
                var completed = record.CompletedUtc is { } c ? BusinessTime.ToBusinessDate(c) : today;
                dueUtc = ServiceRequestPipeline.EndOfDayUtc(await calendar.AddWorkingDaysAsync(completed, 3, context.CancellationToken).ConfigureAwait(false));
                break;
        }

        var queuePoint = step switch
        {
            "extension" => await pipeline.GetSupervisingPointAsync(record.CurrentPointCode, context.CancellationToken).ConfigureAwait(false),
            "followup" => record.RegisteredPointCode,
            _ => record.CurrentPointCode,
        };
        var title = $"{label}：{record.ItemName}（{record.ReceiptCode}）";
        if (context.GetString("TaskTitle") is { } template && !string.IsNullOrWhiteSpace(template))
        {
            var rendered = await context.EvaluateAsync(template, ExpressionSyntax.Liquid).ConfigureAwait(false);
            if (!rendered.Success)
            {
                return Fault($"“待办标题”：{rendered.Error}");
            }

            if (rendered.Value is JsonValue rv && rv.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            {
                title = text.Trim();
            }
        }

        var task = new WorkflowTaskInfo
        {
            Title = title,
            Description = record.DueDate is { } dueDate && step is "handle" ? $"办理时限：{dueDate:yyyy-MM-dd}" : null,
            Outcomes = [.. GetOutcomes(context.Properties)],
            Queue = "sp:" + queuePoint,
            ContentItemId = record.ContentItemId,
            DueUtc = dueUtc,
            HandlerUrl = ServiceRequestPipeline.HandlerUrl(record.ContentItemId),
        };
        if (notify)
        {
            var staff = await pipeline.GetStaffAsync(queuePoint, step is "dispatch" or "arbitration" or "extension", context.CancellationToken).ConfigureAwait(false);
            await pipeline.NotifyAsync(staff, $"新待办：{title}", task.Description, record.ContentItemId, context.Instance.Id, context.CancellationToken).ConfigureAwait(false);
        }

        // A supervised (overdue) request keeps its task without a timer: 督办 happens once per deadline.
        var timerDue = !timer || (step == "handle" && record.IsOverdue) ? null : dueUtc;
        return ActivityResult.Blocked(timerDue, task);
    }
}
