using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Workflows.ActivityTestContext;

namespace Grassroots.Tests.Workflows;

public sealed class WorkflowActivityTests
{
    private static DateTime Utc(string text) => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Deadline_counts_working_days_in_the_business_calendar_and_ends_at_midnight_cst(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;

        // From Tue 2025-09-30, 5 working days (10-01..08 off, Sat 10-11 调休) → 2025-10-14, due at 2025-10-15 00:00 CST.
        var context = Create(sp, "Deadline", new JsonObject { ["BaseDate"] = "'2025-09-30'", ["Amount"] = 5, ["Unit"] = "workingDays" });
        var result = await Activity(sp, "Deadline").ExecuteAsync(context);
        Assert.True(result.IsBlocked);
        Assert.Equal(Utc("2025-10-14T16:00:00Z"), result.DueUtc);
        Assert.Equal("2025-10-14", context.Instance.Properties["deadline"]!.GetValue<string>());

        // Calendar days ignore holidays: 2025-09-30 + 3 → end of 2025-10-03.
        result = await RunAsync(sp, "Deadline", new JsonObject { ["BaseDate"] = "'2025-09-30'", ["Amount"] = "3", ["Unit"] = "calendarDays" });
        Assert.Equal(Utc("2025-10-03T16:00:00Z"), result.DueUtc);

        // Hours from a CST date-time; an empty base date means now.
        result = await RunAsync(sp, "Deadline", new JsonObject { ["BaseDate"] = "'2025-09-30T10:00:00+08:00'", ["Amount"] = 5, ["Unit"] = "hours" });
        Assert.Equal(Utc("2025-09-30T07:00:00Z"), result.DueUtc);
        var now = Utc("2026-03-02T01:00:00Z");
        result = await RunAsync(sp, "Deadline", new JsonObject { ["Amount"] = 2, ["Unit"] = "hours" }, utcNow: now);
        Assert.Equal(now.AddHours(2), result.DueUtc);

        // The sweep resumes it: 已到期.
        result = await RunAsync(sp, "Deadline", new JsonObject { ["Amount"] = 5 }, resuming: true, input: new JsonObject { ["due"] = true });
        Assert.Equal(["Elapsed"], result.OutcomeNames);

        // Bad input faults with a message naming the activity and the property.
        result = await RunAsync(sp, "Deadline", new JsonObject { ["BaseDate"] = "'明天'", ["Amount"] = 5 });
        Assert.True(result.IsFaulted);
        Assert.StartsWith("期限：", result.FaultMessage);
        Assert.Contains("起始日期", result.FaultMessage);
        result = await RunAsync(sp, "Deadline", new JsonObject { ["Amount"] = "x" });
        Assert.Contains("数量", result.FaultMessage);

        // SetDeadline stores the date in the named property.
        context = Create(sp, "SetDeadline", new JsonObject { ["BaseDate"] = "'2025-09-30'", ["Amount"] = 5, ["PropertyName"] = "replyBy" });
        result = await Activity(sp, "SetDeadline").ExecuteAsync(context);
        Assert.Equal(["Done"], result.OutcomeNames);
        Assert.Equal("2025-10-14", context.Instance.Properties["replyBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timer_switch_fork_join_and_content_events_behave()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;

        // Timer: weekdays 08:00 CST; from Fri 2025-10-10 09:00 CST the next is Mon 2025-10-13 08:00 CST.
        var result = await RunAsync(sp, "Timer", new JsonObject { ["Cron"] = "0 8 * * 1-5" }, utcNow: Utc("2025-10-10T01:00:00Z"));
        Assert.True(result.IsBlocked);
        Assert.Equal(Utc("2025-10-13T00:00:00Z"), result.DueUtc);
        result = await RunAsync(sp, "Timer", new JsonObject { ["Cron"] = "0 8 * * 1-5" }, resuming: true, input: new JsonObject { ["due"] = true });
        Assert.Equal(["Done"], result.OutcomeNames);
        result = await RunAsync(sp, "Timer", new JsonObject { ["Cron"] = "every day" });
        Assert.True(result.IsFaulted);
        Assert.StartsWith("定时器：", result.FaultMessage);

        // Switch: the case equal to the value, else Default.
        var cases = new JsonObject { ["Expression"] = "input.level", ["Cases"] = "high,low" };
        Assert.Equal(["high"], (await RunAsync(sp, "Switch", cases, input: new JsonObject { ["level"] = "high" })).OutcomeNames);
        Assert.Equal(["Default"], (await RunAsync(sp, "Switch", (JsonObject)cases.DeepClone(), input: new JsonObject { ["level"] = "mid" })).OutcomeNames);
        var numeric = new JsonObject { ["Expression"] = "1 + 2", ["Cases"] = "3，4" };
        Assert.Equal(["3"], (await RunAsync(sp, "Switch", numeric)).OutcomeNames);
        Assert.Equal(["Default", "high", "low"], Activity(sp, "Switch").GetOutcomes(cases).Select(o => o.Name));

        // Fork: every branch.
        Assert.Equal(["村", "镇"], (await RunAsync(sp, "Fork", new JsonObject { ["Branches"] = "村,镇" })).OutcomeNames);

        // Join (all) with 3 incoming transitions: Done on the third arrival only, then counts anew.
        var instance = new WorkflowInstance { Id = "join" };
        var join = new JsonObject { ["Mode"] = "all" };
        var outcomes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await RunAsync(sp, "Join", join, incoming: 3, instance: instance)).OutcomeNames.Count);
        }

        Assert.Equal([0, 0, 1, 0], outcomes);

        // Join (any): Done on the first arrival, the others of the round end quietly.
        instance = new WorkflowInstance { Id = "join-any" };
        var any = new JsonObject { ["Mode"] = "any" };
        outcomes.Clear();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await RunAsync(sp, "Join", any, incoming: 2, instance: instance)).OutcomeNames.Count);
        }

        Assert.Equal([1, 0, 1], outcomes);

        // Content events filter by type and block until the event arrives.
        var created = Activity(sp, "ContentCreated");
        var opinion = new JsonObject { ["contentItem"] = new JsonObject { ["contentType"] = "OpinionReport" } };
        var notice = new JsonObject { ["contentItem"] = new JsonObject { ["contentType"] = "Notice" } };
        Assert.True(created.CanHandleEvent(new JsonObject { ["ContentTypes"] = "OpinionReport, Other" }, opinion));
        Assert.False(created.CanHandleEvent(new JsonObject { ["ContentTypes"] = "OpinionReport" }, notice));
        Assert.True(created.CanHandleEvent([], notice));
        Assert.True((await RunAsync(sp, "ContentCreated", new JsonObject { ["ContentTypes"] = "OpinionReport" })).IsBlocked);
        Assert.Equal(["Done"], (await RunAsync(sp, "ContentPublished", new JsonObject { ["ContentTypes"] = "OpinionReport" }, resuming: true, input: opinion)).OutcomeNames);
        Assert.True((await RunAsync(sp, "ContentUpdated", new JsonObject { ["ContentTypes"] = "OpinionReport" }, resuming: true, input: notice)).IsBlocked);
        Assert.Contains(sp.GetServices<IActivity>(), a => a.Name == "ContentDeleted" && a.IsEvent && a.Category == "事件");
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task User_task_targets_the_unit_relative_to_the_item_and_takes_only_its_outcomes(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-staff", "370725107277", "VillageStaff");
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var item = await ItemAsync(sp, "demo-opinion-tbp-0001");
        Assert.Equal("370725107277", item["orgUnitCode"]!.GetValue<string>());

        var expected = new Dictionary<string, string> { ["same"] = "370725107277", ["parent"] = "370725107", ["county"] = "370725" };
        foreach (var (level, code) in expected)
        {
            var properties = new JsonObject
            {
                ["Title"] = "村审核：{{ contentItem.displayText }}",
                ["Outcomes"] = "通过,退回",
                ["AssigneeKind"] = "role",
                ["Role"] = "VillageStaff",
                ["OrgLevel"] = level,
                ["DueDays"] = 5,
            };
            var result = await RunAsync(sp, "UserTask", properties, item, utcNow: Utc("2025-09-30T02:00:00Z"));
            Assert.True(result.IsBlocked, result.FaultMessage);
            var task = Assert.IsType<WorkflowTaskInfo>(result.Task);
            Assert.Equal(code, task.OrgUnitCode);
            Assert.Equal("VillageStaff", task.Role);
            Assert.Equal("demo-opinion-tbp-0001", task.ContentItemId);
            Assert.Equal($"村审核：{item["displayText"]!.GetValue<string>()}", task.Title);
            Assert.Equal(["通过", "退回"], task.Outcomes.Select(o => o.Name));
            Assert.Equal(Utc("2025-10-14T16:00:00Z"), task.DueUtc);
        }

        // Assigned level follows Assign; a named user.
        var instance = new WorkflowInstance { Id = "assigned", CorrelationId = "demo-opinion-tbp-0001" };
        Assert.Equal(["Done"], (await RunAsync(sp, "Assign", new JsonObject { ["OrgUnitCode"] = "370725107278", ["Role"] = "VillageStaff" }, item, instance: instance)).OutcomeNames);
        var assigned = await RunAsync(sp, "UserTask", new JsonObject { ["Title"] = "x", ["OrgLevel"] = "assigned" }, item, instance: instance);
        Assert.Equal("370725107278", assigned.Task!.OrgUnitCode);
        var byUser = await RunAsync(sp, "UserTask", new JsonObject { ["Title"] = "x", ["AssigneeKind"] = "user", ["UserName"] = "tbp-staff" }, item);
        Assert.Equal("tbp-staff", byUser.Task!.UserName);
        Assert.Null(byUser.Task.Role);

        // The assignees got "新待办".
        var db = sp.GetRequiredService<IDbContextAccessor>().DbContext;
        Assert.True(await db.Set<NotificationRecord>().AnyAsync(n => n.UserName == "tbp-staff" && n.Title.StartsWith("新待办：村审核")));
        // The notice names the last working day (10-14), not the instant the deadline passes (10-15 00:00 CST).
        Assert.True(await db.Set<NotificationRecord>().AnyAsync(n => n.UserName == "tbp-staff" && n.Body.Contains("办理时限：2025-10-14")));

        // Resuming: an unknown outcome keeps waiting; a listed one ends with it and is stored with the comment.
        var props = new JsonObject { ["Title"] = "x", ["Outcomes"] = "通过,退回" };
        Assert.True((await RunAsync(sp, "UserTask", props, item, resuming: true, input: new JsonObject { ["outcome"] = "忽略" })).IsBlocked);
        instance = new WorkflowInstance { Id = "resume" };
        var done = await RunAsync(sp, "UserTask", props, item, resuming: true, input: new JsonObject { ["outcome"] = "退回", ["comment"] = "材料不全" }, instance: instance);
        Assert.Equal(["退回"], done.OutcomeNames);
        Assert.Equal("退回", instance.Properties["lastOutcome"]!.GetValue<string>());
        Assert.Equal("材料不全", instance.Properties["lastComment"]!.GetValue<string>());

        // Without a role the task faults naming the activity and the property.
        var fault = await RunAsync(sp, "UserTask", new JsonObject { ["Title"] = "x", ["AssigneeKind"] = "user" }, item);
        Assert.Equal("用户任务：指定用户时必须填写“用户”", fault.FaultMessage);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Notify_writes_to_the_right_users_only_and_the_inbox_shows_each_their_own(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "v-tbp", "370725107277", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "v-sgj", "370725107278", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "t-qg", "370725107", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "g-tbp", "370725107277", "GridMember");
        string instanceId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var item = await ItemAsync(sp, "demo-opinion-tbp-0001");
            var context = Create(sp, "Notify", new JsonObject
            {
                ["Title"] = "请核实：{{ contentItem.displayText }}",
                ["Body"] = "类别 {{ contentItem.content.OpinionReport.Category.value }}",
                ["Role"] = "VillageStaff",
                ["OrgLevel"] = "same",
            }, item);
            instanceId = context.Instance.Id;
            Assert.Equal(["Done"], (await Activity(sp, "Notify").ExecuteAsync(context)).OutcomeNames);

            // Escalate: village → town (notifies TownStaff there) → county → at the top.
            var instance = new WorkflowInstance { Id = "esc", CorrelationId = "demo-opinion-tbp-0001" };
            Assert.Equal(["Done"], (await RunAsync(sp, "Escalate", [], item, instance: instance)).OutcomeNames);
            Assert.Equal("370725107", instance.Properties["assignee"]!["orgUnitCode"]!.GetValue<string>());
            Assert.Equal(["Done"], (await RunAsync(sp, "Escalate", new JsonObject { ["Role"] = "CountyAdmin" }, item, instance: instance)).OutcomeNames);
            Assert.Equal("370725", instance.Properties["assignee"]!["orgUnitCode"]!.GetValue<string>());
            Assert.Equal(["AtTop"], (await RunAsync(sp, "Escalate", [], item, instance: instance)).OutcomeNames);
            Assert.Equal(2, instance.Properties["escalations"]!.GetValue<int>());

            var rows = await sp.GetRequiredService<IDbContextAccessor>().DbContext.Set<NotificationRecord>().AsNoTracking().ToListAsync();
            var notify = Assert.Single(rows, r => r.WorkflowInstanceId == instanceId);
            Assert.Equal("v-tbp", notify.UserName);
            Assert.Equal($"请核实：{item["displayText"]!.GetValue<string>()}", notify.Title);
            Assert.Equal("/admin/content/item/demo-opinion-tbp-0001", notify.Url);
            var escalated = Assert.Single(rows, r => r.Title == "事项已上报");
            Assert.Equal("t-qg", escalated.UserName);
        }

        var tbp = await factory.CreateApiClientAsync("v-tbp", JurisdictionTestUsers.Password);
        var sgj = await factory.CreateApiClientAsync("v-sgj", JurisdictionTestUsers.Password);
        var mine = await tbp.GetFromJsonAsync<JsonObject>("/api/notifications?unread=true");
        Assert.Equal(1, mine!["unreadCount"]!.GetValue<int>());
        var id = mine["items"]![0]!["id"]!.GetValue<long>();
        Assert.Empty((await sgj.GetFromJsonAsync<JsonObject>("/api/notifications"))!["items"]!.AsArray());

        // Nobody reads another user's notification.
        Assert.Equal(HttpStatusCode.NotFound, (await sgj.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tbp.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(0, (await tbp.GetFromJsonAsync<JsonObject>("/api/notifications?unread=true"))!["unreadCount"]!.GetValue<int>());
        Assert.Single((await tbp.GetFromJsonAsync<JsonObject>("/api/notifications"))!["items"]!.AsArray());

        // The inbox screen: the town user's notification is bold (unread), "全部标为已读" clears it.
        var browser = await JurisdictionTestUsers.LoginAsync(factory, "t-qg");
        var page = await JurisdictionTestUsers.PageAsync(browser, "/admin/notifications");
        Assert.Contains("事项已上报", page);
        Assert.Contains("fw-bold", page);
        Assert.DoesNotContain("请核实", page);
        var readAll = await browser.PostAsync("/admin/notifications/read-all", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = JurisdictionTestUsers.Token(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, readAll.StatusCode);
        page = await JurisdictionTestUsers.PageAsync(browser, "/admin/notifications");
        Assert.DoesNotContain("fw-bold", page);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Create_content_and_set_field_save_items_through_the_content_manager(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var item = await ItemAsync(sp, "demo-opinion-tbp-0001");
        var instance = new WorkflowInstance { Id = "create", CorrelationId = "demo-opinion-tbp-0001" };
        var result = await RunAsync(sp, "CreateContent", new JsonObject
        {
            ["ContentType"] = "Notice",
            ["Fields"] = "{\"Notice.Title\": \"关于{{ contentItem.displayText }}的回复\", \"Body\": \"<p>已办理</p>\"}",
            ["OrgUnit"] = "parent",
            ["Publish"] = true,
        }, item, instance: instance);
        Assert.Equal(["Done"], result.OutcomeNames);
        var createdId = instance.Properties["createdContentItemId"]!.GetValue<string>();
        var contents = sp.GetRequiredService<IContentManager>();
        var created = await contents.GetAsync(createdId, VersionOptions.Published);
        Assert.NotNull(created);
        Assert.Equal("370725107", created.OrgUnitCode);
        Assert.Equal($"关于{item["displayText"]!.GetValue<string>()}的回复", created.GetFieldValue("Notice", "Title")!.GetValue<string>());

        // Invalid content faults listing the errors (Body is required).
        result = await RunAsync(sp, "CreateContent", new JsonObject { ["ContentType"] = "Notice", ["Fields"] = "{\"Notice.Title\": \"t\"}" }, item);
        Assert.True(result.IsFaulted);
        Assert.StartsWith("创建内容：", result.FaultMessage);
        Assert.Contains("Notice.Body", result.FaultMessage);

        // SetField on the correlated item writes a new version.
        var before = (await contents.GetAsync("demo-opinion-tbp-0001", VersionOptions.Latest))!;
        result = await RunAsync(sp, "SetField", new JsonObject { ["Field"] = "OpinionReport.Summary", ["Value"] = "'已由工作流更新'" }, item);
        Assert.Equal(["Done"], result.OutcomeNames);
        var after = (await contents.GetAsync("demo-opinion-tbp-0001", VersionOptions.Latest))!;
        Assert.Equal("已由工作流更新", after.GetFieldValue("OpinionReport", "Summary")!.GetValue<string>());
        Assert.True(after.Number > before.Number);
        result = await RunAsync(sp, "SetField", new JsonObject { ["Field"] = "OpinionReport.Summary", ["Value"] = "''" }, item);
        Assert.True(result.IsFaulted);
        Assert.Contains("OpinionReport.Summary", result.FaultMessage);
    }

    [Fact]
    public async Task Http_request_is_refused_unless_the_host_is_allowed()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Workflows:Http:AllowedHosts:0"] = "127.0.0.1",
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var result = await RunAsync(sp, "HttpRequest", new JsonObject { ["Url"] = "https://example.com/hook?id={{ workflow.id }}" });
        Assert.Equal("HTTP 请求：“地址”的主机 example.com 不在允许列表（Workflows:Http:AllowedHosts）", result.FaultMessage);
        result = await RunAsync(sp, "HttpRequest", new JsonObject { ["Url"] = "file:///etc/passwd" });
        Assert.True(result.IsFaulted);

        // An allowed host that does not answer ends with Failure and the status 0.
        var instance = new WorkflowInstance { Id = "http" };
        result = await RunAsync(sp, "HttpRequest", new JsonObject { ["Url"] = "http://127.0.0.1:9/none", ["Method"] = "POST", ["Body"] = "{}" }, instance: instance);
        Assert.Equal(["Failure"], result.OutcomeNames);
        Assert.Equal(0, instance.Properties["httpStatus"]!.GetValue<int>());

        // Log writes and completes.
        Assert.Equal(["Done"], (await RunAsync(sp, "Log", new JsonObject { ["Message"] = "实例 {{ workflow.id }}", ["Level"] = "warning" })).OutcomeNames);
    }
}
