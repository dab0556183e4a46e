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

        // The workflow waits at 分流交办 with a task for the room's queue (签收 and 上级裁定 are part of that step too,
        // 补件 and 延期审批 part of 限时办结: the five steps of the drawing, decision 0017).
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
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
        Assert.Empty(await h.TasksAsync("bd-disp"));
        var acceptTask = Assert.Single(await h.TasksAsync("mz-clerk"));
        Assert.Equal($"签收：临时救助申请（{registered.ReceiptCode}）", acceptTask.Title);
        Assert.Equal(EndOf(2026, 9, 30), acceptTask.DueUtc);

        // The window has the item in its catalogue: it cannot send it back.
        Assert.Contains("权责清单", (await h.ActAsync("mz-clerk", (p, u) => p.SendBackAsync(u!, id, "不归我们管", default))).Error);

        // Another window cannot accept it.
        var other = await h.ActAsync("sb-clerk", (p, u) => p.AcceptAsync(u!, id, default));
        Assert.False(other.Succeeded);
        Assert.Contains("民政窗口", other.Error);

        // Nobody accepted it before the holiday: the sweep times the acceptance out and reminds the window.
        h.Clock.SetUtcNow(Cst(2026, 10, 8, 9));
        Assert.Equal(1, await h.SweepAsync());
        Assert.Contains($"签收超时：临时救助申请（{registered.ReceiptCode}）", await h.NotificationTitlesAsync("mz-clerk"));
        Assert.Contains(await h.NotificationTitlesAsync("bd-staff"), t => t.StartsWith("签收超时", StringComparison.Ordinal));
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
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

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Station_completes_on_the_spot_forwards_stops_the_clock_and_escalates(DatabaseKind kind)
    {
        await using var h = await CreateAsync(kind, Cst(2026, 11, 2, 9));

        // 即办 on the spot at the village station.
        var spot = await h.OkAsync("hs-clerk", (p, u) => p.RegisterAsync(u, Register(ImmediateItem, Station, "当场补办社保卡"), default));
        Assert.Equal(ServiceStage.Completed, spot.Stage);
        Assert.Equal(ServiceClass.Immediate, spot.InitialClass);
        Assert.Equal(Station, spot.OfficeCode);
        Assert.True(spot.OneVisit);
        Assert.True(spot.CompletedOnTime);
        Assert.Equal(0, spot.HandlingWorkingDays);
        Assert.Equal(new DateOnly(2026, 11, 2), spot.DueDate);
        Assert.Equal(["registered", "completed"], await h.EventKindsAsync(spot.ContentItemId));
        Assert.Equal(["step-followup"], await h.WaitingAtAsync(spot.ContentItemId));
        Assert.Contains(await h.TasksAsync("hs-clerk"), t => t.Title == $"回访反馈：社会保障卡补办（{spot.ReceiptCode}）");

        // A promised item cannot be completed on the spot; an item outside the station's catalogue goes to the room.
        var notImmediate = await h.ActAsync("hs-clerk", (p, u) => p.RegisterAsync(u, Register(AidItem, Station, "办完了"), default));
        Assert.Contains("承诺件", notImmediate.FieldErrors!["CompleteOnSpotResult"]);
        var forwarded = await h.OkAsync("hs-clerk", (p, u) => p.RegisterAsync(u, Register(AidItem, Station), default));
        Assert.Equal(ServiceStage.AwaitingDispatch, forwarded.Stage);
        Assert.Equal(Room, forwarded.CurrentPointCode);
        Assert.Equal(Station, forwarded.RegisteredPointCode);
        Assert.Equal(["registered", "forwarded"], await h.EventKindsAsync(forwarded.ContentItemId));
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(forwarded.ContentItemId));

        // 承诺 at the station: 10 working days from Monday 11-02 → 11-16.
        var request = await h.OkAsync("hs-clerk", (p, u) => p.RegisterAsync(u, Register(LowIncomeItem, Station), default));
        var id = request.ContentItemId;
        Assert.Equal(ServiceStage.InProgress, request.Stage);
        Assert.Equal(Station, request.CurrentPointCode);
        Assert.Equal(new DateOnly(2026, 11, 16), request.DueDate);
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));

        // 补办 on Wednesday 11-04: 8 working days are left (11-05 … 11-16); the clock stops.
        h.Clock.SetUtcNow(Cst(2026, 11, 4, 10));
        Assert.True((await h.ActAsync("hs-clerk", (p, u) => p.RequestMaterialsAsync(u!, id, [" "], null, default))).FieldErrors!.ContainsKey("missingMaterials"));
        var paused = await h.OkAsync("hs-clerk", (p, u) => p.RequestMaterialsAsync(u!, id, ["户口簿复印件", "银行卡"], "请一次带齐", default));
        Assert.Equal(ServiceStage.AwaitingMaterials, paused.Stage);
        Assert.Equal(ServiceClass.Supplement, paused.Class);
        Assert.Equal(8, paused.RemainingWorkingDays);
        Assert.Null(paused.DueDate);
        Assert.Null(paused.DueUtc);
        Assert.Equal(1, paused.MaterialsRounds);
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));
        Assert.Contains(await h.TasksAsync("hs-clerk"), t => t.Title.StartsWith("等待补件：", StringComparison.Ordinal) && t.ContentItemId == id);
        Assert.Contains("待补件", (await h.ActAsync("hs-clerk", (p, u) => p.CompleteAsync(u!, id, "办完", default))).Error);

        // Materials arrive on Monday 11-09: stopped for 3 working days (11-05, 11-06, 11-09), so the deadline moves from 11-16 to 11-19.
        h.Clock.SetUtcNow(Cst(2026, 11, 9, 10));
        var resumed = await h.OkAsync("hs-clerk", (p, u) => p.ReceiveMaterialsAsync(u!, id, default));
        Assert.Equal(ServiceStage.InProgress, resumed.Stage);
        Assert.Equal(ServiceClass.Promised, resumed.Class);
        Assert.Equal(new DateOnly(2026, 11, 19), resumed.DueDate);
        Assert.Equal(EndOf(2026, 11, 19), resumed.DueUtc);
        Assert.Null(resumed.RemainingWorkingDays);
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));
        Assert.Equal(EndOf(2026, 11, 19), (await h.TasksAsync("hs-clerk")).Single(t => t.ContentItemId == id).DueUtc);

        // 上报 to the room with its own deadline (10 working days from 11-09 → 11-23).
        Assert.True((await h.ActAsync("hs-clerk", (p, u) => p.EscalateAsync(u!, id, "", default))).FieldErrors!.ContainsKey("reason"));
        var escalated = await h.OkAsync("hs-clerk", (p, u) => p.EscalateAsync(u!, id, "需街道审核", default));
        Assert.Equal(ServiceStage.AwaitingDispatch, escalated.Stage);
        Assert.Equal(Room, escalated.CurrentPointCode);
        Assert.Equal(ServiceClass.Escalated, escalated.Class);
        Assert.True(escalated.WasEscalated);
        Assert.Equal(new DateOnly(2026, 11, 23), escalated.DueDate);
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
        Assert.Contains(await h.TasksAsync("bd-disp"), t => t.ContentItemId == id);

        await h.OkAsync("bd-disp", (p, u) => p.DispatchAsync(u!, id, MzWindow, null, default));
        await h.OkAsync("mz-clerk", (p, u) => p.AcceptAsync(u!, id, default));
        h.Clock.SetUtcNow(Cst(2026, 11, 10, 16));
        var done = await h.OkAsync("mz-clerk", (p, u) => p.CompleteAsync(u!, id, "已批准低保", default));
        Assert.Equal(3, done.HandlingWorkingDays);   // 6 working days 11-03 … 11-10 minus 3 stopped
        Assert.False(done.OneVisit);
        Assert.True(done.CompletedOnTime);
        Assert.Equal(MzWindow, done.OfficeCode);

        // The registering station follows up; not reached still closes it.
        Assert.Contains(await h.TasksAsync("hs-clerk"), t => t.ContentItemId == id && t.Title.StartsWith("回访反馈", StringComparison.Ordinal));
        var closed = await h.OkAsync("hs-clerk", (p, u) => p.FollowUpAsync(u, id, FollowUpMethod.InPerson, null, "未联系上", null, default));
        Assert.Equal(ServiceStage.Closed, closed.Stage);
        Assert.Null(closed.Satisfaction);
        Assert.Equal(["registered", "materials-requested", "materials-received", "escalated", "dispatched", "accepted", "completed", "followed-up", "closed"],
            await h.EventKindsAsync(id));
        Assert.Equal(WorkflowStatus.Finished, (await h.InstanceAsync(id)).Status);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Send_backs_arbitration_extension_supervision_and_redo(DatabaseKind kind)
    {
        await using var h = await CreateAsync(kind, Cst(2026, 11, 2, 9));
        var request = await h.OkAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default));
        var id = request.ContentItemId;
        Assert.Equal(new DateOnly(2026, 11, 9), request.DueDate);

        // Dispatched to the SB window, which does not have the item: it sends it back (a reason is required).
        await h.OkAsync("bd-disp", (p, u) => p.DispatchAsync(u!, id, SbWindow, null, default));
        Assert.Contains("退单理由", (await h.ActAsync("sb-clerk", (p, u) => p.SendBackAsync(u!, id, " ", default))).FieldErrors!["reason"]);
        var back = await h.OkAsync("sb-clerk", (p, u) => p.SendBackAsync(u!, id, "不属于社保业务", default));
        Assert.Equal(ServiceStage.AwaitingDispatch, back.Stage);
        Assert.Equal(Room, back.CurrentPointCode);
        Assert.Equal(1, back.SendBackCount);
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));

        // The second send-back goes to the centre for arbitration.
        await h.OkAsync("bd-disp", (p, u) => p.DispatchAsync(u!, id, SbWindow, "请再核实", default));
        var arbitration = await h.OkAsync("sb-clerk", (p, u) => p.SendBackAsync(u!, id, "仍不属于社保业务", default));
        Assert.Equal(ServiceStage.AwaitingArbitration, arbitration.Stage);
        Assert.Equal(Centre, arbitration.CurrentPointCode);
        Assert.Equal(2, arbitration.SendBackCount);
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
        Assert.Contains(await h.TasksAsync("c-disp"), t => t.Title == $"上级裁定：临时救助申请（{request.ReceiptCode}）");
        Assert.False((await h.ActAsync("bd-disp", (p, u) => p.ArbitrateAsync(u!, id, MzWindow, null, default))).Succeeded);

        // The centre names the SB window; it must accept and can no longer send it back.
        var arbitrated = await h.OkAsync("c-disp", (p, u) => p.ArbitrateAsync(u!, id, SbWindow, "由社保窗口牵头办理", default));
        Assert.Equal(ServiceStage.AwaitingAcceptance, arbitrated.Stage);
        Assert.Equal(SbWindow, arbitrated.CurrentPointCode);
        Assert.Contains("裁定", (await h.ActAsync("sb-clerk", (p, u) => p.SendBackAsync(u!, id, "还是不归我们", default))).Error);
        await h.OkAsync("sb-clerk", (p, u) => p.AcceptAsync(u!, id, default));
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));

        // A clerk of another window cannot act on it.
        var foreign = await h.ActAsync("mz-clerk", (p, u) => p.CompleteAsync(u!, id, "办好了", default));
        Assert.False(foreign.Succeeded);
        Assert.Contains("社保窗口", foreign.Error);

        // 延期 before the deadline, decided by a dispatcher of the room above the window.
        h.Clock.SetUtcNow(Cst(2026, 11, 4, 10));
        Assert.True((await h.ActAsync("sb-clerk", (p, u) => p.RequestExtensionAsync(u!, id, 0, "需核查", default))).FieldErrors!.ContainsKey("workingDays"));
        var asked = await h.OkAsync("sb-clerk", (p, u) => p.RequestExtensionAsync(u!, id, 3, "需实地核查", default));
        Assert.Equal(ServiceStage.AwaitingExtension, asked.Stage);
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));
        Assert.Contains(await h.TasksAsync("bd-disp"), t => t.Title == $"延期审批：临时救助申请（{request.ReceiptCode}）");
        Assert.False((await h.ActAsync("sb-clerk", (p, u) => p.DecideExtensionAsync(u!, id, true, null, default))).Succeeded);
        Assert.True((await h.ActAsync("bd-disp", (p, u) => p.DecideExtensionAsync(u!, id, false, null, default))).FieldErrors!.ContainsKey("comment"));
        var approved = await h.OkAsync("bd-disp", (p, u) => p.DecideExtensionAsync(u!, id, true, "同意", default));
        Assert.Equal(ServiceStage.InProgress, approved.Stage);
        Assert.Equal(new DateOnly(2026, 11, 12), approved.DueDate);   // 11-09 + 3 working days
        Assert.Equal(1, approved.ExtensionCount);
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));
        Assert.Equal(EndOf(2026, 11, 12), (await h.TasksAsync("sb-clerk")).Single().DueUtc);

        // After the deadline: no more extension; the sweep supervises it (督办) and notifies the window and the room's dispatchers.
        h.Clock.SetUtcNow(Cst(2026, 11, 13, 10));
        Assert.Contains("已超过办理时限", (await h.ActAsync("sb-clerk", (p, u) => p.RequestExtensionAsync(u!, id, 2, "再延", default))).Error);
        Assert.Equal(1, await h.SweepAsync());
        var supervised = await h.RecordAsync(id);
        Assert.True(supervised.IsOverdue);
        Assert.NotNull(supervised.SupervisedUtc);
        Assert.Contains("supervised", await h.EventKindsAsync(id));
        var title = $"督办：临时救助申请（{request.ReceiptCode}）已逾期";
        Assert.Contains(title, await h.NotificationTitlesAsync("sb-clerk"));
        Assert.Contains(title, await h.NotificationTitlesAsync("bd-disp"));
        Assert.DoesNotContain(title, await h.NotificationTitlesAsync("bd-staff"));
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));
        Assert.Equal(0, await h.SweepAsync());
        Assert.Equal(0, await h.WithAsync(sp => sp.GetRequiredService<Grassroots.ServiceRequests.Services.IServiceRequestPipeline>().SuperviseOverdueAsync(default)));

        var late = await h.OkAsync("sb-clerk", (p, u) => p.CompleteAsync(u!, id, "已发放", default));
        Assert.False(late.CompletedOnTime);
        Assert.False(late.OneVisit);

        // 回访 dissatisfied: 重办 (cause required) at the window that completed it.
        Assert.True((await h.ActAsync("bd-disp", (p, u) => p.FollowUpAsync(u, id, FollowUpMethod.Phone, Satisfaction.Dissatisfied, "不满意", null, default))).FieldErrors!.ContainsKey("redoCause"));
        var redo = await h.OkAsync("bd-disp", (p, u) => p.FollowUpAsync(u, id, FollowUpMethod.Phone, Satisfaction.Dissatisfied, "不满意", "救助金额有误", default));
        Assert.Equal(ServiceStage.InProgress, redo.Stage);
        Assert.Equal(SbWindow, redo.CurrentPointCode);
        Assert.Equal(1, redo.RedoCount);
        Assert.False(redo.OneVisit);
        Assert.Equal(new DateOnly(2026, 11, 20), redo.DueDate);   // 5 working days from 11-13
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));

        await h.OkAsync("sb-clerk", (p, u) => p.CompleteAsync(u!, id, "已补发差额", default));
        var final = await h.OkAsync("bd-disp", (p, u) => p.FollowUpAsync(u, id, FollowUpMethod.Phone, Satisfaction.VeryDissatisfied, "仍不满意", null, default));
        Assert.Equal(ServiceStage.Closed, final.Stage);
        Assert.Equal(Satisfaction.VeryDissatisfied, final.Satisfaction);
        Assert.Equal(1, final.RedoCount);
        Assert.Equal(["registered", "dispatched", "sent-back", "dispatched", "sent-back", "arbitrated", "accepted", "extension-requested",
            "extension-approved", "supervised", "completed", "followed-up", "reopened", "completed", "followed-up", "closed"], await h.EventKindsAsync(id));
        Assert.Equal(WorkflowStatus.Finished, (await h.InstanceAsync(id)).Status);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Online_requests_validation_supervision_list_and_county_override(DatabaseKind kind)
    {
        await using var h = await CreateAsync(kind, Cst(2026, 11, 2, 9));

        // Input errors name the field.
        var invalid = await h.ActAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room) with { Description = " ", RequesterPhone = null }, default));
        Assert.Contains("诉求内容", invalid.FieldErrors!["Description"]);
        Assert.Contains("联系电话", invalid.FieldErrors["RequesterPhone"]);
        Assert.Contains("不存在", (await h.ActAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register("NO-SUCH", Room), default))).FieldErrors!["ItemCode"]);
        var badPhone = await h.ActAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room) with { RequesterPhone = "12" }, default));
        Assert.True(badPhone.FieldErrors!.ContainsKey("RequesterPhone"), string.Join(";", badPhone.FieldErrors.Keys));
        Assert.False((await h.ActAsync("mz-clerk", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default))).Succeeded);

        // Online: registered at the guide's office (宝都街道 room), channel 网上.
        var online = await h.OkAsync(null, (p, u) => p.RegisterAsync(u, Register(LowIncomeItem, null) with { Channel = ServiceChannel.Window }, default));
        Assert.Equal(ServiceChannel.Online, online.Channel);
        Assert.Equal(Room, online.RegisteredPointCode);
        Assert.Equal(ServiceStage.AwaitingDispatch, online.Stage);
        Assert.Equal(new DateOnly(2026, 11, 16), online.DueDate);
        Assert.Equal("online", (await h.WithAsync(sp => sp.GetRequiredService<IContentManager>().GetAsync(online.ContentItemId)))!
            .GetFieldValue("ServiceRequest", "Channel")!.GetValue<string>());

        // Nobody dispatched it: past the deadline it goes on the supervision list; the room's staff and the centre's dispatchers hear of it.
        h.Clock.SetUtcNow(Cst(2026, 11, 17, 10));
        var pipeline = (Func<IServiceProvider, Task<int>>)(sp => sp.GetRequiredService<Grassroots.ServiceRequests.Services.IServiceRequestPipeline>().SuperviseOverdueAsync(default));
        Assert.Equal(1, await h.WithAsync(pipeline));
        Assert.Equal(0, await h.WithAsync(pipeline));
        var record = await h.RecordAsync(online.ContentItemId);
        Assert.True(record.IsOverdue);
        var title = $"督办：城乡居民最低生活保障申请（{online.ReceiptCode}）已逾期";
        Assert.Contains(title, await h.NotificationTitlesAsync("bd-disp"));
        Assert.Contains(title, await h.NotificationTitlesAsync("bd-staff"));
        Assert.Contains(title, await h.NotificationTitlesAsync("c-disp"));
        Assert.DoesNotContain(title, await h.NotificationTitlesAsync("c-sb"));

        // The county administrator may act at any point of the jurisdiction.
        var byAdmin = await h.OkAsync(GrassrootsFactory.AdminUserName, (p, u) => p.DispatchAsync(u!, online.ContentItemId, MzWindow, "督办后交办", default));
        Assert.Equal(ServiceStage.AwaitingAcceptance, byAdmin.Stage);
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(online.ContentItemId));
        Assert.Equal("admin", (await h.EventsAsync(online.ContentItemId))[^1].UserName);

        // A designer mistake (the route's 待分流 wired to the 签收 step) cannot loop forever: the route faults.
        var loop = new WorkflowTypeDefinition
        {
            Id = "service-loop",
            Name = "错误连线示例",
            Activities =
            [
                new() { Id = "start", Type = "ServiceRequestRegistered", IsStart = true },
                new() { Id = "route", Type = "ServiceRoute", Properties = new() { ["endedOutcomes"] = "待签收,办理中,待补件,延期审批中,待裁定,已办结,已归档" } },
                new() { Id = "wrong", Type = "ServiceStep", Properties = new() { ["Step"] = "accept", ["endedOutcomes"] = "已签收,已退单,签收超时" } },
            ],
            Transitions =
            [
                new() { SourceId = "start", Outcome = "Done", DestinationId = "route" },
                new() { SourceId = "route", Outcome = "待分流", DestinationId = "wrong" },
                new() { SourceId = "wrong", Outcome = "状态已变", DestinationId = "route" },
            ],
        };
        var saved = await h.WithAsync(sp => sp.GetRequiredService<WorkflowTypeService>().SaveAsync("service-loop", loop, "admin", "created", default));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.SelectMany(e => e.Value)));
        var looping = await h.OkAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default));
        var instances = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<Grassroots.Data.IDbContextAccessor>().DbContext;
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Set<Grassroots.Workflows.Models.WorkflowInstanceRecord>().Where(i => i.CorrelationId == looping.ContentItemId));
        });
        var faulted = Assert.Single(instances, i => i.WorkflowTypeId == "service-loop");
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Contains("连续分流", faulted.FaultMessage);
        Assert.Equal(WorkflowStatus.Waiting, Assert.Single(instances, i => i.WorkflowTypeId == "service-request-pipeline").Status);

        // Two clerks accept at the same moment: exactly one wins, the other is told someone else acted (or the stage moved on).
        var racing = await Task.WhenAll(
            h.ActAsync("mz-clerk", (p, u) => p.AcceptAsync(u!, online.ContentItemId, default)),
            h.ActAsync("mz-clerk", (p, u) => p.AcceptAsync(u!, online.ContentItemId, default)));
        Assert.Single(racing, r => r.Succeeded);
        var loser = Assert.Single(racing, r => !r.Succeeded);
        Assert.True(loser.Error == "该事项已被他人办理，请刷新" || loser.Error!.Contains("不能进行此操作", StringComparison.Ordinal), loser.Error);
        Assert.Equal(1, (await h.EventKindsAsync(online.ContentItemId)).Count(k => k == "accepted"));
        Assert.Equal(ServiceStage.InProgress, (await h.RecordAsync(online.ContentItemId)).Stage);
    }
}
