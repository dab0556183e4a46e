using System.Text.RegularExpressions;
using Grassroots.Calendar;
using Grassroots.ContentManagement;
using Grassroots.ServiceRequests.Models;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Grassroots.Workflows.Services;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.ServiceRequests.Pipeline.PipelineHarness;

namespace Grassroots.Tests.ServiceRequests.Pipeline;

/// <summary>
/// The five-step pipeline end to end with a fake clock: every command through <c>IServiceRequestPipeline</c>, the
/// default workflow "服务事项五步流程" from the recipe moving its tasks through the work queues, and the sweep.
/// </summary>
public sealed class PipelineTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Promised_request_over_national_day_goes_through_the_five_steps(DatabaseKind kind)
    {
        await using var h = await CreateAsync(kind, Cst(2026, 9, 29, 10));

        // The default workflow from the recipe is enabled and valid.
        var definition = await h.WithAsync(async sp =>
        {
            var types = sp.GetRequiredService<WorkflowTypeService>();
            var type = (await types.GetAsync("service-request-pipeline", null, default))!;
            Assert.Empty(types.Validate(type));
            return type;
        });
        Assert.True(definition.IsEnabled);
        Assert.Equal("服务事项五步流程", definition.Name);

        // 5 working days from Tuesday 2026-09-29: 09-30, (10-01..07 国庆), 10-08, 10-09, Saturday 10-10 (调休上班), Monday 10-12.
        Assert.Equal(new DateOnly(2026, 10, 12), await h.WithAsync(sp => sp.GetRequiredService<IBusinessCalendar>().AddWorkingDaysAsync(new DateOnly(2026, 9, 29), 5)));

        var registered = await h.OkAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default));
        var id = registered.ContentItemId;
        Assert.Matches(new Regex("^20260929-[0-9A-HJKMNP-TV-Z]{6}$"), registered.ReceiptCode);
        Assert.Equal(ServiceStage.AwaitingDispatch, registered.Stage);
        Assert.Equal(Room, registered.CurrentPointCode);
        Assert.Equal(ServiceClass.Promised, registered.InitialClass);
        Assert.Equal(new DateOnly(2026, 10, 12), registered.DueDate);
        Assert.Equal(EndOf(2026, 10, 12), registered.DueUtc);
        Assert.Equal("370725001", registered.TownCode);
        Assert.Equal("2026-09", registered.Month);
        Assert.Equal(new DateOnly(2026, 9, 29), registered.RegisteredDate);

        // The request's document is a published ServiceRequest item of the requester's village.
        var item = await h.WithAsync(sp => sp.GetRequiredService<IContentManager>().GetAsync(id, VersionOptions.Published));
        Assert.NotNull(item);
        Assert.Equal("ServiceRequest", item.ContentType);
        Assert.Equal("临时救助申请", item.DisplayText);
        Assert.Equal("370725001036", item.OrgUnitCode);
        Assert.Equal(registered.ReceiptCode, item.GetFieldValue("ServiceRequest", "ReceiptCode")!.GetValue<string>());
        Assert.Equal(registered.ContentItemId, (await h.WithAsync(sp => sp.GetRequiredService<Grassroots.ServiceRequests.Services.IServiceRequestPipeline>()
            .FindByReceiptAsync(registered.ReceiptCode.ToLowerInvariant(), default)))!.ContentItemId);

        // The workflow waits at 分流交办 with a task for the room's queue.
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
        var dispatchTask = Assert.Single(await h.TasksAsync("bd-disp"));
        Assert.Equal($"分流交办：临时救助申请（{registered.ReceiptCode}）", dispatchTask.Title);
        Assert.Equal($"/admin/service/requests/{id}", dispatchTask.HandlerUrl);
        Assert.Empty(await h.TasksAsync("mz-clerk"));

        // Only a dispatcher of the room dispatches.
        var refused = await h.ActAsync("bd-staff", (p, u) => p.DispatchAsync(u!, id, MzWindow, null, default));
        Assert.False(refused.Succeeded);
        Assert.Contains("分流人员", refused.Error);
        Assert.Contains("窗口", (await h.ActAsync("bd-disp", (p, u) => p.DispatchAsync(u!, id, Station, null, default))).FieldErrors!["windowCode"]);

        var dispatched = await h.OkAsync("bd-disp", (p, u) => p.DispatchAsync(u!, id, MzWindow, "请按时办理", default));
        Assert.Equal(ServiceStage.AwaitingAcceptance, dispatched.Stage);
        Assert.Equal(MzWindow, dispatched.CurrentPointCode);
        Assert.Equal(Room, dispatched.DispatchPointCode);
        Assert.Equal(EndOf(2026, 9, 30), dispatched.AcceptDueUtc);
        Assert.Equal(["step-accept"], await h.WaitingAtAsync(id));
        Assert.Empty(await h.TasksAsync("bd-disp"));
        var acceptTask = Assert.Single(await h.TasksAsync("mz-clerk"));
        Assert.Equal($"签收：临时救助申请（{registered.ReceiptCode}）", acceptTask.Title);
        Assert.Equal(EndOf(2026, 9, 30), acceptTask.DueUtc);

        // Another window cannot accept it.
        var other = await h.ActAsync("sb-clerk", (p, u) => p.AcceptAsync(u!, id, default));
        Assert.False(other.Succeeded);
        Assert.Contains("民政窗口", other.Error);

        // Nobody accepted it before the holiday: the sweep times the acceptance out and reminds the window.
        h.Clock.SetUtcNow(Cst(2026, 10, 8, 9));
        Assert.Equal(1, await h.SweepAsync());
        Assert.Contains($"签收超时：临时救助申请（{registered.ReceiptCode}）", await h.NotificationTitlesAsync("mz-clerk"));
        Assert.Contains(await h.NotificationTitlesAsync("bd-staff"), t => t.StartsWith("签收超时", StringComparison.Ordinal));
        Assert.Equal(["step-accept"], await h.WaitingAtAsync(id));
        Assert.Equal(EndOf(2026, 10, 9), Assert.Single(await h.TasksAsync("mz-clerk")).DueUtc);
        Assert.Equal(0, await h.SweepAsync());

        var accepted = await h.OkAsync("mz-clerk", (p, u) => p.AcceptAsync(u!, id, default));
        Assert.Equal(ServiceStage.InProgress, accepted.Stage);
        Assert.Null(accepted.AcceptDueUtc);
        var handleTask = Assert.Single(await h.TasksAsync("mz-clerk"));
        Assert.Equal($"限时办结：临时救助申请（{registered.ReceiptCode}）", handleTask.Title);
        Assert.Equal(EndOf(2026, 10, 12), handleTask.DueUtc);
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));

        h.Clock.SetUtcNow(Cst(2026, 10, 9, 15));
        Assert.Contains("办理结果", (await h.ActAsync("mz-clerk", (p, u) => p.CompleteAsync(u!, id, " ", default))).FieldErrors!["result"]);
        var completed = await h.OkAsync("mz-clerk", (p, u) => p.CompleteAsync(u!, id, "已发放临时救助金", default));
        Assert.Equal(ServiceStage.Completed, completed.Stage);
        Assert.True(completed.CompletedOnTime);
        Assert.Equal(3, completed.HandlingWorkingDays);   // 09-30, 10-08, 10-09
        Assert.True(completed.OneVisit);
        Assert.Equal(MzWindow, completed.OfficeCode);
        Assert.Equal(["step-followup"], await h.WaitingAtAsync(id));
        var followTask = Assert.Single(await h.TasksAsync("bd-staff"));
        Assert.Equal($"回访反馈：临时救助申请（{registered.ReceiptCode}）", followTask.Title);
        Assert.Equal(EndOf(2026, 10, 13), followTask.DueUtc);   // 3 working days after 10-09: 10-10 (调休上班), 10-12, 10-13
        Assert.Empty(await h.TasksAsync("mz-clerk"));

        // A stale second completion is refused by stage.
        Assert.Contains("已办结", (await h.ActAsync("mz-clerk", (p, u) => p.CompleteAsync(u!, id, "again", default))).Error);

        var closed = await h.OkAsync("bd-staff", (p, u) => p.FollowUpAsync(u, id, FollowUpMethod.Phone, Satisfaction.Satisfied, "满意", null, default));
        Assert.Equal(ServiceStage.Closed, closed.Stage);
        Assert.Equal(Satisfaction.Satisfied, closed.Satisfaction);
        Assert.Equal(FollowUpMethod.Phone, closed.FollowUpMethod);
        Assert.Equal(["registered", "dispatched", "accepted", "completed", "followed-up", "closed"], await h.EventKindsAsync(id));
        Assert.Equal(WorkflowStatus.Finished, (await h.InstanceAsync(id)).Status);
        Assert.Empty(await h.TasksAsync("bd-staff"));
    }
}
