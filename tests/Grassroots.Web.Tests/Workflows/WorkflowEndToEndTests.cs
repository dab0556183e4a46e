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

namespace Grassroots.Tests.Workflows;

public sealed class WorkflowEndToEndTests
{
    /// <summary>ContentCreated(OpinionReport) → UserTask 村审核 (通过 / 退回) → 通过 → Notify the town staff.</summary>
    internal static JsonObject ReviewType() => new()
    {
        ["id"] = "opinion-review",
        ["name"] = "民情信息村审核",
        ["activities"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "created", ["type"] = "ContentCreated", ["isStart"] = true, ["x"] = 40, ["y"] = 40,
                ["properties"] = new JsonObject { ["ContentTypes"] = "OpinionReport" },
            },
            new JsonObject
            {
                ["id"] = "review", ["type"] = "UserTask", ["x"] = 240, ["y"] = 40,
                ["properties"] = new JsonObject
                {
                    ["Title"] = "村审核：{{ contentItem.displayText }}",
                    ["Outcomes"] = "通过,退回",
                    ["AssigneeKind"] = "role",
                    ["Role"] = "VillageStaff",
                    ["OrgLevel"] = "same",
                    ["endedOutcomes"] = "退回",
                },
            },
            new JsonObject
            {
                ["id"] = "notify", ["type"] = "Notify", ["x"] = 440, ["y"] = 40,
                ["properties"] = new JsonObject
                {
                    ["Title"] = "村审核通过：{{ contentItem.displayText }}",
                    ["Body"] = "{{ properties.lastComment }}",
                    ["Role"] = "TownStaff",
                    ["OrgLevel"] = "parent",
                    ["endedOutcomes"] = "Done",
                },
            }),
        ["transitions"] = new JsonArray(
            new JsonObject { ["sourceId"] = "created", ["outcome"] = "Done", ["destinationId"] = "review" },
            new JsonObject { ["sourceId"] = "review", ["outcome"] = "通过", ["destinationId"] = "notify" }),
    };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Content_created_starts_a_review_task_whose_completion_notifies_the_town(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "e2e-village", "370725107277", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "e2e-town", "370725107", "TownStaff");
        using var admin = await factory.CreateApiClientAsync();
        var saved = await admin.PutAsJsonAsync("/api/workflow-types/opinion-review", ReviewType());
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());

        // Creating an OpinionReport (content event handler → IWorkflowManager) starts an instance waiting on the task.
        string itemId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
            var source = (await contents.GetAsync("demo-opinion-tbp-0001", VersionOptions.Latest))!;
            var item = await contents.NewAsync("OpinionReport");
            item.Content = (JsonObject)source.Content.DeepClone();
            item.SetFieldValue("OpinionReport", "Summary", JsonValue.Create("工作流端到端：村口路灯不亮"));
            item.OrgUnitCode = "370725107277";
            var created = await contents.CreateAsync(item, VersionOptions.Published);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
            itemId = created.Value!.ContentItemId;

            var store = scope.ServiceProvider.GetRequiredService<IWorkflowStore>();
            Assert.Single(await store.FindWaitingInstanceIdsAsync("UserTask", itemId));

            // A Notice does not match the type filter: no instance for it.
            var noticeSource = (await contents.GetAsync("demo-notice-county-0001", VersionOptions.Latest))!;
            var notice = await contents.NewAsync("Notice");
            notice.Content = (JsonObject)noticeSource.Content.DeepClone();
            var noticeSaved = await contents.CreateAsync(notice, VersionOptions.Published);
            Assert.True(noticeSaved.Succeeded);
            Assert.Empty(await store.FindWaitingInstanceIdsAsync("UserTask", noticeSaved.Value!.ContentItemId));
        }

        // The village user sees the task in 我的待办 and got a "新待办" notification; the town user has no task.
        var village = await factory.CreateApiClientAsync("e2e-village", JurisdictionTestUsers.Password);
        var tasks = await village.GetFromJsonAsync<JsonArray>($"/api/tasks?contentItemId={itemId}");
        var task = Assert.Single(tasks!)!;
        Assert.Equal("村审核：工作流端到端：村口路灯不亮", task["title"]!.GetValue<string>());
        Assert.Equal("370725107277", task["orgUnitCode"]!.GetValue<string>());
        var instanceId = task["instanceId"]!.GetValue<string>();
        var inbox = await village.GetFromJsonAsync<JsonObject>("/api/notifications?unread=true");
        Assert.Contains(inbox!["items"]!.AsArray(), n => n!["title"]!.GetValue<string>() == "新待办：村审核：工作流端到端：村口路灯不亮");
        var town = await factory.CreateApiClientAsync("e2e-town", JurisdictionTestUsers.Password);
        Assert.Empty((await town.GetFromJsonAsync<JsonArray>($"/api/tasks?contentItemId={itemId}"))!);

        // Completing the task (通过) runs Notify and finishes the instance.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IWorkflowManager>();
            Assert.Null(await manager.ResumeAsync(instanceId, "notify", new JsonObject { ["outcome"] = "通过" }, "e2e-village"));
            var instance = await manager.ResumeAsync(instanceId, "review", new JsonObject { ["outcome"] = "通过", ["comment"] = "情况属实" }, "e2e-village");
            Assert.NotNull(instance);
            Assert.Equal(WorkflowStatus.Finished, instance.Status);
            Assert.Equal("通过", instance.Properties["lastOutcome"]!.GetValue<string>());
            Assert.Contains(instance.History, h => h.ActivityId == "notify" && h.Outcomes.SequenceEqual(["Done"]));

            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            var sent = await db.Set<NotificationRecord>().AsNoTracking().Where(n => n.WorkflowInstanceId == instanceId && n.UserName == "e2e-town").ToListAsync();
            var note = Assert.Single(sent);
            Assert.Equal("村审核通过：工作流端到端：村口路灯不亮", note.Title);
            Assert.Equal("情况属实", note.Body);
            Assert.Equal($"/admin/content/item/{itemId}", note.Url);
        }

        Assert.Empty((await village.GetFromJsonAsync<JsonArray>($"/api/tasks?contentItemId={itemId}"))!);
        var townInbox = await town.GetFromJsonAsync<JsonObject>("/api/notifications?unread=true");
        Assert.Equal(1, townInbox!["unreadCount"]!.GetValue<int>());

        // The notification link opens the item page and marks it read.
        var browser = await JurisdictionTestUsers.LoginAsync(factory, "e2e-town");
        var id = townInbox["items"]![0]!["id"]!.GetValue<long>();
        var open = await browser.GetAsync($"/admin/notifications/{id}/open");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/admin/content/item/{itemId}", open.Headers.Location!.OriginalString);
        Assert.Equal(0, (await town.GetFromJsonAsync<JsonObject>("/api/notifications?unread=true"))!["unreadCount"]!.GetValue<int>());
    }
}
