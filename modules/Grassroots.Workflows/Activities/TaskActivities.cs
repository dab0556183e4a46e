using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.Calendar;
using Grassroots.Localization;
using Grassroots.OrgUnits;
using Grassroots.Workflows.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Workflows.Activities;

/// <summary>
/// A user task (待办): waits until a user of <c>Role</c> in the org unit at <c>OrgLevel</c> (or the named user)
/// chooses one of the <c>Outcomes</c> buttons; notifies them "新待办：…". The chosen outcome and comment are stored in
/// <c>lastOutcome</c> / <c>lastComment</c>.
/// </summary>
internal sealed class UserTaskActivity : WorkflowActivity
{
    public const string DefaultOutcomes = "通过,退回";

    public override string Name => "UserTask";

    public override string Category => "任务";

    public override string DisplayName => "用户任务";

    public override bool IsEvent => true;

    /// <summary>It waits inside a running instance: nothing would ever start a workflow here.</summary>
    public override bool CanStartWorkflow => false;

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Title", "标题", "liquid", true) { Hint = "待办标题，可用 Liquid，如 村审核：{{ contentItem.displayText }}" },
        new("Description", "说明", "multiline"),
        new("Outcomes", "处理结果", "outcomes", true) { Default = DefaultOutcomes, Hint = "逗号分隔，每个结果是一个按钮" },
        .. AssigneeDescriptors("VillageStaff"),
        new("DueDays", "办理时限（工作日）", "number") { Hint = "可选：从今天起的工作日数" },
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var outcomes = ((IActivity)this).GetOutcomes(context.Properties);
        if (context.IsResuming)
        {
            var outcome = context.Input?["outcome"] is JsonValue o && o.TryGetValue<string>(out var s) ? s.Trim() : null;
            if (outcome is null || !outcomes.Any(x => x.Name == outcome))
            {
                return ActivityResult.Blocked();
            }

            var comment = context.Input?["comment"] is JsonValue c && c.TryGetValue<string>(out var text) ? text : null;
            context.Instance.Properties["lastOutcome"] = outcome;
            context.Instance.Properties["lastComment"] = comment;
            context.Instance.Properties["lastActor"] = context.User;
            return ActivityResult.Outcomes(outcome);
        }

        if (outcomes.Count == 0)
        {
            return Fault("“处理结果”不能为空");
        }

        var (title, titleError) = await RenderAsync(context, "Title").ConfigureAwait(false);
        if (titleError is not null)
        {
            return Fault($"“标题”：{titleError}");
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            return Fault("“标题”不能为空");
        }

        var (role, orgUnitCode, userName, error) = await ResolveAssigneeAsync(context, "VillageStaff").ConfigureAwait(false);
        if (error is not null)
        {
            return Fault(error);
        }

        DateTime? due = null;
        DateOnly? lastDay = null;
        if (Number(context, "DueDays") is { } days)
        {
            if (days != Math.Floor(days) || days is < 0 or > 3650)
            {
                return Fault("“办理时限（工作日）”必须是 0 到 3650 之间的整数");
            }

            DateOnly date;
            (due, date) = await DeadlineCalculator.EndOfDayAsync(context.Services.GetService<IBusinessCalendar>(),
                BusinessTime.ToBusinessDate(context.UtcNow), (int)days, working: true, context.CancellationToken).ConfigureAwait(false);
            lastDay = date;
        }
        else if (context.Properties["DueDays"] is JsonValue raw && raw.TryGetValue<string>(out var rawText) && rawText.Trim().Length > 0)
        {
            return Fault($"“办理时限（工作日）”的值“{rawText}”不是数字");
        }

        var description = context.GetString("Description");
        var task = new WorkflowTaskInfo
        {
            Title = title.Trim(),
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            Outcomes = [.. outcomes],
            Role = role,
            OrgUnitCode = orgUnitCode,
            UserName = userName,
            ContentItemId = context.Instance.CorrelationId,
            DueUtc = due,
        };

        var notifications = context.Services.GetRequiredService<NotificationService>();
        var recipients = await notifications.ResolveRecipientsAsync(role, orgUnitCode, userName, context.CancellationToken).ConfigureAwait(false);
        var body = due is null ? task.Description : $"{task.Description}\n办理时限：{lastDay:yyyy-MM-dd}".Trim();
        var masker = await context.Services.GetRequiredService<WorkflowSensitiveData>()
            .PublicMaskerAsync(context.Instance.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        await notifications.NotifyUsersAsync(recipients, $"新待办：{masker.Mask(task.Title)}", masker.Mask(body), "/admin/tasks", context.Instance.Id,
            cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return ActivityResult.Blocked(task: task);
    }
}

/// <summary>Sets the instance's assignee <c>{orgUnitCode, role, userName}</c> for later tasks at level "assigned".</summary>
internal sealed class AssignActivity : WorkflowActivity
{
    public override string Name => "Assign";

    public override string Category => "任务";

    public override string DisplayName => "指派";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("OrgLevel", "单位", "orgLevel") { Default = "same" },
        new("OrgUnitCode", "单位代码", "text") { Hint = "可选：明确的组织单元代码，填写后忽略“单位”" },
        new("Role", "角色", "role"),
        new("UserName", "用户", "user"),
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        string code;
        if (Text(context, "OrgUnitCode") is { } explicitCode)
        {
            var unit = await context.Services.GetRequiredService<IOrgUnitService>().GetAsync(explicitCode, context.CancellationToken).ConfigureAwait(false);
            if (unit is null)
            {
                return Fault($"“单位代码”{explicitCode} 不存在");
            }

            code = unit.Code;
        }
        else
        {
            var (unit, error) = await ResolveOrgUnitAsync(context, Text(context, "OrgLevel", "same")).ConfigureAwait(false);
            if (unit is null)
            {
                return Fault($"“单位”：{error}");
            }

            code = unit.Code;
        }

        context.Instance.Properties["assignee"] = new JsonObject
        {
            ["orgUnitCode"] = code,
            ["role"] = Text(context, "Role"),
            ["userName"] = Text(context, "UserName"),
        };
        return ActivityResult.Outcomes("Done");
    }
}

/// <summary>
/// Moves the assignee to the parent org unit (上报上级), counts <c>escalations</c> and notifies the parent unit's users
/// of <c>Role</c>; "AtTop" (已到县级) when already at the county.
/// </summary>
internal sealed class EscalateActivity : WorkflowActivity
{
    public override string Name => "Escalate";

    public override string Category => "任务";

    public override string DisplayName => "上报上级";

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Done", "完成"), new("AtTop", "已到县级")];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("Role", "通知角色", "role") { Default = "TownStaff", Hint = "上级单位中接收通知的角色" }];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var assignee = Assignee(context);
        var code = assignee?["orgUnitCode"] is JsonValue a && a.TryGetValue<string>(out var s) && s.Length > 0 ? s : ItemOrgUnitCode(context);
        if (code is null)
        {
            return Fault("工作流没有指派单位，也没有关联带组织单元的内容项");
        }

        var orgUnits = context.Services.GetRequiredService<IOrgUnitService>();
        var unit = await orgUnits.GetAsync(code, context.CancellationToken).ConfigureAwait(false);
        if (unit is null)
        {
            return Fault($"组织单元 {code} 不存在");
        }

        if (unit.Level == OrgUnitLevel.County || unit.ParentCode is null)
        {
            return ActivityResult.Outcomes("AtTop");
        }

        var parent = await orgUnits.GetAsync(unit.ParentCode, context.CancellationToken).ConfigureAwait(false);
        if (parent is null)
        {
            return Fault($"组织单元 {unit.ParentCode} 不存在");
        }

        var role = Text(context, "Role", "TownStaff")!;
        context.Instance.Properties["assignee"] = new JsonObject
        {
            ["orgUnitCode"] = parent.Code,
            ["role"] = role,
            ["userName"] = null,
        };
        var count = (int)(AsNumber(context.Instance.Properties["escalations"]) ?? 0);
        context.Instance.Properties["escalations"] = count + 1;

        var notifications = context.Services.GetRequiredService<NotificationService>();
        var recipients = await notifications.ResolveRecipientsAsync(role, parent.Code, null, context.CancellationToken).ConfigureAwait(false);
        var what = context.ContentItem?["displayText"] is JsonValue d && d.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        var body = string.Create(CultureInfo.InvariantCulture, $"{unit.Name}上报{parent.Name}{(what is null ? "" : "：" + what)}");
        await notifications.NotifyUsersAsync(recipients, "事项已上报", body, ItemUrl(context), context.Instance.Id,
            cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return ActivityResult.Outcomes("Done");
    }

    internal static string? ItemUrl(ActivityContext context) =>
        string.IsNullOrEmpty(context.Instance.CorrelationId)
            ? null
            : $"/admin/content/item/{Uri.EscapeDataString(context.Instance.CorrelationId)}";
}
