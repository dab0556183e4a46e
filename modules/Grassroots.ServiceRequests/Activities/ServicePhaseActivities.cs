using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Workflows;

namespace Grassroots.ServiceRequests.Activities;

/// <summary>
/// One of the five steps of the default workflow as the designer shows it (受理登记 → 分流交办 → 限时办结 → 回访反馈 →
/// 跟踪问效; decision 0017). A step reads the request's stage from the record whenever it runs, so the graph need not
/// have the steps adjacent: an administrator may put a notification or a review between two of them. While the request
/// is in the step, it waits with the task of the current part (分流交办: 分流, 签收, 上级裁定; 限时办结: 办理, 补件, 延期审批)
/// and follows the pipeline's "ServiceStep" events inside the step; once the request has left it, it ends with the
/// outcome that says where: forward to the next step, back (上报 to 分流交办, 重办 to 限时办结), or a reminder on the side
/// (签收超时, 逾期) after which the workflow comes back to the step.
/// </summary>
internal abstract class ServicePhaseActivity : ServiceActivity
{
    /// <summary>The step after this one is reached (the stage is past this step).</summary>
    protected abstract ActivityOutcome Forward { get; }

    /// <summary>The request went back to an earlier step, or null when it cannot.</summary>
    protected virtual ActivityOutcome? Back => null;

    /// <summary>The reminder on the side (its deadline passed), or null.</summary>
    protected virtual ActivityOutcome? Reminder => null;

    /// <summary>The step's place in the five (1 受理登记 … 5 跟踪问效).</summary>
    protected abstract int Phase { get; }

    /// <summary>The pipeline steps (<see cref="ServiceStepActivity.Steps"/>) that make up this step.</summary>
    private IEnumerable<ServiceStepInfo> Parts => ServiceStepActivity.Steps.Where(s => PhaseOf(s.Stage) == Phase);

    /// <summary>A step that waits (every one but 跟踪问效) is resumed by the pipeline's events.</summary>
    public sealed override bool IsEvent => Parts.Any();

    public sealed override bool CanStartWorkflow => false;

    public sealed override string WaitsFor => ServiceRequestPipeline.StepEvent;

    public override IReadOnlyList<ActivityOutcome> Outcomes => [Forward, .. new[] { Back, Reminder }.OfType<ActivityOutcome>()];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("TaskTitle", "待办标题", "liquid") { Hint = "可选，默认为“环节：事项名称（回执码）”" }];

    /// <summary>The step of the five a stage belongs to.</summary>
    public static int PhaseOf(ServiceStage stage) => stage switch
    {
        ServiceStage.AwaitingDispatch or ServiceStage.AwaitingAcceptance or ServiceStage.AwaitingArbitration => 2,
        ServiceStage.InProgress or ServiceStage.AwaitingMaterials or ServiceStage.AwaitingExtension => 3,
        ServiceStage.Completed => 4,
        _ => 5,
    };

    public override bool CanHandleEvent(JsonObject properties, JsonNode? input) =>
        Text(input?["step"]) is { } step && Parts.Any(p => p.Step == step);

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var pipeline = Pipeline(context);
        if (await RecordAsync(context).ConfigureAwait(false) is not { } record)
        {
            return NoRecord(context);
        }

        var phase = PhaseOf(record.Stage);
        if (phase != Phase)
        {
            return Leave(phase, record.Stage);
        }

        var part = Parts.FirstOrDefault(p => p.Stage == record.Stage);
        if (part is null)
        {
            // A step without a waiting part (跟踪问效) is done once the request is in it.
            return ActivityResult.Outcomes(Forward.Name);
        }

        var outcomes = part.Outcomes.Select(o => new ActivityOutcome(o, o)).ToList();
        if (context.IsResuming && context.Input?["due"] is JsonValue due && due.GetValueKind() == JsonValueKind.True)
        {
            // The sweep: the part's deadline passed while the request is still in it.
            return await ServiceStepTask.DueAsync(context, pipeline, record, part, outcomes, Fault).ConfigureAwait(false);
        }

        // Entered, or a pipeline event moved the request to another part of this step: the task of the part it is in now.
        return await ServiceStepTask.BlockAsync(context, pipeline, record, part, outcomes, Fault, notify: true).ConfigureAwait(false);
    }

    /// <summary>The request is in step <paramref name="phase"/>, not in this one: forward or back.</summary>
    private ActivityResult Leave(int phase, ServiceStage stage) => phase > Phase
        ? ActivityResult.Outcomes(Forward.Name)
        : Back is { } back
            ? ActivityResult.Outcomes(back.Name)
            : Fault($"诉求当前为“{ServiceRequestPipeline.StageText(stage)}”，还没有到这一步，请检查流程连线");
}

/// <summary>分流交办: dispatch to a window, its acceptance (签收 or 退单) and the arbitration after a second 退单.</summary>
internal sealed class ServiceDispatchStep : ServicePhaseActivity
{
    public override string Name => "ServiceDispatchStep";

    public override string DisplayName => "分流交办";

    protected override int Phase => 2;

    protected override ActivityOutcome Forward { get; } = new("已交办", "已交办");

    protected override ActivityOutcome? Reminder { get; } = new(ServiceStepActivity.AcceptTimedOut, ServiceStepActivity.AcceptTimedOut);

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("AcceptDays", "签收时限（工作日）", "number") { Default = "1", Hint = "交办后窗口签收的时限" },
        new("TaskTitle", "待办标题", "liquid") { Hint = "可选，默认为“环节：事项名称（回执码）”" },
    ];
}

/// <summary>限时办结: handling with its deadline, 补办 (the clock stops) and 延期审批; 上报 goes back to 分流交办 above.</summary>
internal sealed class ServiceHandleStep : ServicePhaseActivity
{
    public override string Name => "ServiceHandleStep";

    public override string DisplayName => "限时办结";

    protected override int Phase => 3;

    protected override ActivityOutcome Forward { get; } = new("已办结", "已办结");

    protected override ActivityOutcome? Back { get; } = new("已上报", "已上报");

    protected override ActivityOutcome? Reminder { get; } = new(ServiceStepActivity.Overdue, ServiceStepActivity.Overdue);
}

/// <summary>回访反馈: the follow-up; a dissatisfied answer sends the request back to 限时办结 once (重办).</summary>
internal sealed class ServiceFollowUpStep : ServicePhaseActivity
{
    public override string Name => "ServiceFollowUpStep";

    public override string DisplayName => "回访反馈";

    protected override int Phase => 4;

    protected override ActivityOutcome Forward { get; } = new("已回访", "已回访");

    protected override ActivityOutcome? Back { get; } = new("重办", "重办");
}

/// <summary>
/// 跟踪问效: the closed request is archived into the public disclosure, the KPIs and the inspections ("已归档"); it does
/// not wait, and the workflow usually ends here.
/// </summary>
internal sealed class ServiceTrackStep : ServicePhaseActivity
{
    public override string Name => "ServiceTrackStep";

    public override string DisplayName => "跟踪问效";

    protected override int Phase => 5;

    protected override ActivityOutcome Forward { get; } = new("已归档", "已归档");

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } = [];
}
