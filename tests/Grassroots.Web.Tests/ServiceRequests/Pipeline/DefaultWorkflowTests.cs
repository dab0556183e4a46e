using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.ServiceRequests.Pipeline.PipelineHarness;

namespace Grassroots.Tests.ServiceRequests.Pipeline;

/// <summary>
/// The default workflow 服务事项五步流程 drawn as its five steps (issue 12, point 8; decision 0017): five labelled
/// activities left to right with only their own outcomes; an administrator inserts a notification between two steps
/// through the API and requests still run through; an existing database gets the drawing as a new version.
/// </summary>
public sealed class DefaultWorkflowTests
{
    private const string TypeId = "service-request-pipeline";

    private static readonly string[] StepTypes = ["ServiceRequestRegistered", "ServiceDispatchStep", "ServiceHandleStep", "ServiceFollowUpStep", "ServiceTrackStep"];

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Five_labelled_steps_left_to_right_and_a_notification_inserted_between_two_of_them(DatabaseKind kind)
    {
        // The real time, so that the API token is valid.
        await using var h = await CreateAsync(kind, DateTimeOffset.UtcNow);
        using var client = await h.Factory.CreateApiClientAsync();

        var definition = (await client.GetFromJsonAsync<JsonObject>($"/api/workflow-types/{TypeId}"))!;
        var palette = (await client.GetFromJsonAsync<JsonArray>("/api/workflow-activities"))!.Select(a => a!.AsObject())
            .ToDictionary(a => (string)a["name"]!);
        var steps = definition["activities"]!.AsArray().Select(a => a!.AsObject())
            .Where(a => StepTypes.Contains((string)a["type"]!)).OrderBy(a => (double)a["x"]!).ToList();
        Assert.Equal(StepTypes, steps.Select(a => (string)a["type"]!));
        Assert.Equal(["受理登记", "分流交办", "限时办结", "回访反馈", "跟踪问效"], steps.Select(a => (string)palette[(string)a["type"]!]["displayName"]!));
        Assert.Single(steps.Select(a => (double)a["y"]!).Distinct());
        Assert.All(steps, a => Assert.InRange(palette[(string)a["type"]!]["outcomes"]!.AsArray().Count, 1, 3));
        Assert.Equal(["已交办", "签收超时"], palette["ServiceDispatchStep"]["outcomes"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.Equal(["已办结", "已上报", "逾期"], palette["ServiceHandleStep"]["outcomes"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.Equal(["已回访", "重办"], palette["ServiceFollowUpStep"]["outcomes"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.True(steps.Skip(1).All(a => !(bool)palette[(string)a["type"]!]["canStart"]!));

        // An administrator puts a notification between 限时办结 and 回访反馈, without code.
        definition["activities"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "notify-completed", ["type"] = "Notify", ["x"] = 660, ["y"] = 300,
            ["properties"] = new JsonObject
            {
                ["Title"] = "已办结：{{ contentItem.displayText }}",
                ["Body"] = "请安排回访。",
                ["AssigneeKind"] = "role",
                ["Role"] = "TownStaff",
                ["OrgLevel"] = "parent",
            },
        });
        var transitions = definition["transitions"]!.AsArray();
        var completed = transitions.Single(t => (string)t!["sourceId"]! == "step-handle" && (string)t["outcome"]! == "已办结")!;
        completed["destinationId"] = "notify-completed";
        transitions.Add(new JsonObject { ["sourceId"] = "notify-completed", ["outcome"] = "Done", ["destinationId"] = "step-followup" });
        var saved = await client.PutAsJsonAsync($"/api/workflow-types/{TypeId}", definition);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await saved.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>());

        // A request goes through every step; the notification comes between handling and the follow-up.
        var id = (await h.OkAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default))).ContentItemId;
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
        Assert.Equal(2, (await h.InstanceAsync(id)).WorkflowTypeVersion);
        await h.OkAsync("bd-disp", (p, u) => p.DispatchAsync(u!, id, MzWindow, null, default));
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(id));
        Assert.Single(await h.TasksAsync("mz-clerk"), t => t.Title.StartsWith("签收：", StringComparison.Ordinal));
        await h.OkAsync("mz-clerk", (p, u) => p.AcceptAsync(u!, id, default));
        Assert.Equal(["step-handle"], await h.WaitingAtAsync(id));
        Assert.DoesNotContain(await h.NotificationTitlesAsync("bd-staff"), t => t.StartsWith("已办结：", StringComparison.Ordinal));
        await h.OkAsync("mz-clerk", (p, u) => p.CompleteAsync(u!, id, "已发放", default));
        Assert.Equal(["step-followup"], await h.WaitingAtAsync(id));
        Assert.Contains("已办结：临时救助申请", await h.NotificationTitlesAsync("bd-staff"));
        Assert.Single(await h.TasksAsync("bd-staff"), t => t.Title.StartsWith("回访反馈：", StringComparison.Ordinal));
        await h.OkAsync("bd-staff", (p, u) => p.FollowUpAsync(u, id, Grassroots.ServiceRequests.Models.FollowUpMethod.Phone,
            Grassroots.ServiceRequests.Models.Satisfaction.Satisfied, "满意", null, default));
        var instance = await h.InstanceAsync(id);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["registered", "step-dispatch", "step-handle", "notify-completed", "step-followup", "step-track"],
            instance.History.Where(e => e.Kind is "Executed" or "Resumed").Select(e => e.ActivityId).Distinct());
        Assert.Equal(["已归档"], instance.History.Last().Outcomes);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task An_existing_database_gets_the_five_steps_as_a_new_version_and_running_instances_keep_theirs(DatabaseKind kind)
    {
        await using var h = await CreateAsync(kind, Cst(2026, 11, 2, 9));

        // The database as the first setup recipe left it: version 1 routes by stage to generic step nodes.
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<IDbContextAccessor>().DbContext;
            await db.Set<WorkflowTypeVersionRecord>().Where(v => v.WorkflowTypeId == TypeId).ExecuteDeleteAsync();
            await db.Set<WorkflowTypeRecord>().Where(t => t.Id == TypeId).ExecuteDeleteAsync();
            await sp.GetRequiredService<IWorkflowStore>().SaveTypeAsync(FirstVersion());
            return 0;
        });
        var old = (await h.OkAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default))).ContentItemId;
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(old));
        Assert.Equal("ServiceStep", (await h.InstanceAsync(old)).Blockings.Single().ActivityType);

        // The module's migration imports the drawing as version 2; again, it changes nothing.
        await MigrateAsync(h);
        await MigrateAsync(h);
        var latest = await h.WithAsync(sp => sp.GetRequiredService<IWorkflowStore>().GetLatestTypeAsync(TypeId));
        Assert.Equal(2, latest!.Version);
        Assert.Equal(StepTypes, latest.Activities.Where(a => StepTypes.Contains(a.Type)).OrderBy(a => a.X).Select(a => a.Type));
        Assert.True(latest.IsEnabled);

        // The running instance stays on version 1 and still moves; a new request starts on version 2.
        await h.OkAsync("bd-disp", (p, u) => p.DispatchAsync(u!, old, MzWindow, null, default));
        var running = await h.InstanceAsync(old);
        Assert.Equal(1, running.WorkflowTypeVersion);
        Assert.Contains(running.History, e => e.ActivityId == "step-dispatch" && e.Outcomes.Contains("已交办"));
        var fresh = (await h.OkAsync("bd-disp", (p, u) => p.RegisterAsync(u, Register(AidItem, Room), default))).ContentItemId;
        Assert.Equal(2, (await h.InstanceAsync(fresh)).WorkflowTypeVersion);
        Assert.Equal(["step-dispatch"], await h.WaitingAtAsync(fresh));
    }

    [Fact]
    public void The_setup_recipe_and_the_module_ship_the_same_drawing()
    {
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", "recipes", "changle-county.recipe.json")))!;
        var shipped = seed["steps"]!.AsArray().Where(s => (string)s!["name"]! == "WorkflowType")
            .SelectMany(s => s!["data"]!.AsArray()).Single(d => (string)d!["id"]! == TypeId)!;
        using var stream = typeof(Grassroots.ServiceRequests.Services.IServiceRequestPipeline).Assembly
            .GetManifestResourceStream("Grassroots.ServiceRequests.default-workflow.recipe.json")!;
        var module = JsonNode.Parse(stream)!["steps"]![0]!["data"]![0]!;
        Assert.True(JsonNode.DeepEquals(shipped, module), "seeds/recipes and modules/Grassroots.ServiceRequests/Recipes differ.");
    }

    private static Task<int> MigrateAsync(PipelineHarness h) => h.WithAsync(async sp =>
        await sp.GetServices<DataMigration>().Single(m => m.GetType().Name == "DefaultWorkflowMigrations").CreateAsync());

    /// <summary>The first version's shape: the route by stage and a generic step node (enough of it for the upgrade).</summary>
    private static WorkflowTypeDefinition FirstVersion() => JsonSerializer.Deserialize<WorkflowTypeDefinition>("""
        {
          "id": "service-request-pipeline", "name": "服务事项五步流程", "version": 1, "isEnabled": true,
          "activities": [
            { "id": "registered", "type": "ServiceRequestRegistered", "isStart": true, "properties": {} },
            { "id": "route", "type": "ServiceRoute", "properties": { "endedOutcomes": "待签收,办理中,待补件,延期审批中,待裁定,已办结,已归档" } },
            { "id": "step-dispatch", "type": "ServiceStep", "properties": { "Step": "dispatch", "endedOutcomes": "已交办" } }
          ],
          "transitions": [
            { "sourceId": "registered", "outcome": "Done", "destinationId": "route" },
            { "sourceId": "route", "outcome": "待分流", "destinationId": "step-dispatch" },
            { "sourceId": "step-dispatch", "outcome": "状态已变", "destinationId": "route" }
          ]
        }
        """, GrassrootsJson.Options)!;
}
