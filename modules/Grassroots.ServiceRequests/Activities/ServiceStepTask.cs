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

/// <summary>One pipeline step a request waits in: name, label, the stage it waits in, and its outcomes.</summary>
internal sealed record ServiceStepInfo(string Step, string Label, ServiceStage Stage, string[] Outcomes);

/// <summary>
/// The task of one pipeline step (for the point's work queue, with the handling page as link and the step's deadline)
/// and what happens when that deadline passes: 签收超时, 逾期 → 督办, or the task simply stays. Used by the step
/// activities of every version of the default workflow.
/// </summary>
internal static class ServiceStepTask
{
    /// <summary>The sweep resumed the step at its deadline (the request is still in <paramref name="step"/>).</summary>
    public static async Task<ActivityResult> DueAsync(ActivityContext context, ServiceRequestPipeline pipeline, ServiceRequestRecord record,
        ServiceStepInfo step, IReadOnlyList<ActivityOutcome> outcomes, Func<string, ActivityResult> fault)
    {
        switch (step.Step)
        {
            case "accept":
                var staff = await pipeline.GetStaffAsync(record.CurrentPointCode, false, context.CancellationToken).ConfigureAwait(false);
                await pipeline.NotifyAsync(staff, $"签收超时：{record.ItemName}（{record.ReceiptCode}）", "交办的事项已超过签收时限，请尽快签收或退单。",
                    record.ContentItemId, context.Instance.Id, context.CancellationToken).ConfigureAwait(false);
                return ActivityResult.Outcomes(ServiceStepActivity.AcceptTimedOut);
            case "handle":
                if (record.DueUtc is { } dueUtc && dueUtc > context.UtcNow)
                {
                    return await BlockAsync(context, pipeline, record, step, outcomes, fault, notify: false).ConfigureAwait(false);
                }

                await pipeline.SuperviseAsync(record.ContentItemId, context.CancellationToken).ConfigureAwait(false);
                return ActivityResult.Outcomes(ServiceStepActivity.Overdue);
            default:
                // Follow-up and the other steps keep their task after their reminder date, without a timer.
                return await BlockAsync(context, pipeline, record, step, outcomes, fault, notify: false, timer: false).ConfigureAwait(false);
        }
    }

    /// <summary>Blocks with the step's task; <paramref name="notify"/>: tell the queue's staff "新待办".</summary>
    public static async Task<ActivityResult> BlockAsync(ActivityContext context, ServiceRequestPipeline pipeline, ServiceRequestRecord record,
        ServiceStepInfo info, IReadOnlyList<ActivityOutcome> outcomes, Func<string, ActivityResult> fault, bool notify, bool timer = true)
    {
        var step = info.Step;
        var label = info.Label;
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
                    return fault("“签收时限（工作日）”必须是 0 到 30 之间的整数");
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
                return fault($"“待办标题”：{rendered.Error}");
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
            Outcomes = [.. outcomes],
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
