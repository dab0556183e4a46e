using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Recipes;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Grassroots.Workflows.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Workflows.EngineTests;

namespace Grassroots.Tests.Workflows;

/// <summary>
/// Engine correctness (issue 12, point 5): a wait-all join counts each incoming branch once, a waiting activity cannot
/// start a workflow, and saving a type writes it once.
/// </summary>
public sealed class EngineCorrectnessTests
{
    /// <summary>
    /// Start → Fork(a, b). Branch a: count → Fork(toJoin, again); "again" loops back to count once, so the branch
    /// arrives at the join twice by the same transition. Branch b waits for the signal "go" before it arrives.
    /// </summary>
    private static JsonObject LoopingJoin() => new()
    {
        ["id"] = "looping-join",
        ["name"] = "循环汇合",
        ["activities"] = new JsonArray(
            Activity("start", "Start", isStart: true),
            Activity("fork", "Fork", new JsonObject { ["Branches"] = "a,b" }),
            Activity("count", "Script", new JsonObject { ["Script"] = "setProperty('n', (properties.n || 0) + 1);" }),
            Activity("split", "Fork", new JsonObject { ["Branches"] = "toJoin,again" }),
            Activity("again", "IfElse", new JsonObject { ["Condition"] = "properties.n < 2", ["endedOutcomes"] = "False" }),
            Activity("wait", "Signal", new JsonObject { ["SignalName"] = "go" }),
            Activity("join", "Join", new JsonObject { ["Mode"] = "all" }),
            Activity("joined", "Script", new JsonObject { ["Script"] = "setProperty('joined', (properties.joined || 0) + 1);", ["endedOutcomes"] = "Done" })),
        ["transitions"] = new JsonArray(
            Transition("start", "Done", "fork"),
            Transition("fork", "a", "count"),
            Transition("fork", "b", "wait"),
            Transition("count", "Done", "split"),
            Transition("split", "toJoin", "join"),
            Transition("split", "again", "again"),
            Transition("again", "True", "count"),
            Transition("wait", "Done", "join"),
            Transition("join", "Done", "joined")),
    };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Wait_all_join_fires_once_both_distinct_branches_arrived_not_on_a_loop_arriving_twice(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await SaveTypeAsync(factory.Services, LoopingJoin());

        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var started = await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>().StartAsync("looping-join");
            id = started.Id;

            // Branch a went round twice and reached the join twice; branch b has not arrived: the join waits.
            Assert.Equal(WorkflowStatus.Waiting, started.Status);
            Assert.Equal(2, started.Properties["n"]!.GetValue<int>());
            Assert.Equal(2, started.History.Count(h => h.ActivityId == "join"));
            Assert.DoesNotContain(started.History, h => h.ActivityId == "join" && h.Outcomes.Contains("Done"));
            Assert.Null(started.Properties["joined"]);
            Assert.Equal(["wait"], started.BlockingActivityIds);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var resumed = await scope.ServiceProvider.GetRequiredService<IWorkflowManager>()
                .ResumeAsync(id, "wait", new JsonObject { ["signal"] = "go" });
            Assert.NotNull(resumed);
            Assert.Equal(WorkflowStatus.Finished, resumed.Status);
            Assert.Equal(1, resumed.Properties["joined"]!.GetValue<int>());
            Assert.Single(resumed.History, h => h.ActivityId == "join" && h.Outcomes.Contains("Done"));
        }
    }

    /// <summary>用户任务 as the start activity: it would wait for a task that no event ever creates.</summary>
    private static JsonObject UserTaskStart(string id) => new()
    {
        ["id"] = id,
        ["name"] = "以用户任务开始",
        ["activities"] = new JsonArray(
            Activity("review", "UserTask", new JsonObject
            {
                ["Title"] = "审核",
                ["Outcomes"] = "通过,退回",
                ["endedOutcomes"] = "通过,退回",
            }, isStart: true)),
        ["transitions"] = new JsonArray(),
    };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_user_task_cannot_start_a_workflow_saved_imported_or_from_a_recipe(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        // Saved from the designer: 400 problem details naming the activity.
        var saved = await client.PutAsJsonAsync("/api/workflow-types/task-start", UserTaskStart("task-start"));
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        var problem = (await saved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("工作流有错误，未保存", problem["title"]!.GetValue<string>());
        var message = problem["errors"]!["review"]![0]!.GetValue<string>();
        Assert.Contains("“用户任务”要在流程中等待办理，不能作为开始活动", message);

        // Imported: refused the same way.
        var imported = await client.PostAsJsonAsync("/api/workflow-types/import", UserTaskStart("task-start-import"));
        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Contains("不能作为开始活动", (await imported.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["review"]![0]!.GetValue<string>());

        // A recipe step: the step fails with the same reason.
        var recipe = new JsonObject
        {
            ["name"] = "task-start",
            ["steps"] = new JsonArray(new JsonObject { ["name"] = "WorkflowType", ["data"] = new JsonArray(UserTaskStart("task-start-recipe")) }),
        };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var recipes = scope.ServiceProvider.GetRequiredService<IRecipeExecutor>();
            var failed = await Assert.ThrowsAsync<RecipeException>(() =>
                recipes.ExecuteAsync("task-start.recipe.json", Encoding.UTF8.GetBytes(recipe.ToJsonString()), null, "admin"));
            Assert.Contains("不能作为开始活动", failed.Message);
            var types = scope.ServiceProvider.GetRequiredService<IWorkflowStore>();
            Assert.Null(await types.GetLatestTypeAsync("task-start"));
            Assert.Null(await types.GetLatestTypeAsync("task-start-import"));
            Assert.Null(await types.GetLatestTypeAsync("task-start-recipe"));
        }

        // The palette tells the designer which activities may start a workflow.
        var palette = (await client.GetFromJsonAsync<JsonArray>("/api/workflow-activities"))!;
        bool CanStart(string name) => palette.Single(a => a!["name"]!.GetValue<string>() == name)!["canStart"]!.GetValue<bool>();
        Assert.False(CanStart("UserTask"));
        Assert.False(CanStart("Deadline"));
        Assert.True(CanStart("Start"));
        Assert.True(CanStart("ContentCreated"));
        Assert.True(CanStart("Timer"));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Saving_a_workflow_type_writes_it_once_with_its_author(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;

        // Every SaveChanges that writes a workflow type row (header or version).
        var typeWrites = 0;
        db.SavingChanges += (_, _) =>
        {
            if (db.ChangeTracker.Entries().Any(e => e.Entity is WorkflowTypeRecord or WorkflowTypeVersionRecord
                && e.State is EntityState.Added or EntityState.Modified))
            {
                typeWrites++;
            }
        };

        var types = scope.ServiceProvider.GetRequiredService<WorkflowTypeService>();
        var definition = System.Text.Json.JsonSerializer.Deserialize<WorkflowTypeDefinition>(WorkflowApiTests.SignalType("write-once").ToJsonString(), GrassrootsJson.Options)!;
        var first = await types.SaveAsync("write-once", definition, "admin", "saved", default);
        Assert.True(first.Succeeded);
        Assert.Equal(1, typeWrites);

        definition.Name = "信号流程（改）";
        var second = await types.SaveAsync("write-once", definition, "admin", "saved", default);
        Assert.Equal(2, second.Value!.Version);
        Assert.Equal(2, typeWrites);

        // The header and each version know who saved them; one audit entry per save.
        var header = await db.Set<WorkflowTypeRecord>().AsNoTracking().SingleAsync(t => t.Id == "write-once");
        Assert.Equal("admin", header.ModifiedBy);
        Assert.Equal(2, header.LatestVersion);
        Assert.Equal(["admin", "admin"], await db.Set<WorkflowTypeVersionRecord>().AsNoTracking()
            .Where(v => v.WorkflowTypeId == "write-once").OrderBy(v => v.Version).Select(v => v.CreatedBy).ToListAsync());
        var audit = await scope.ServiceProvider.GetRequiredService<IAuditQuery>()
            .QueryAsync(new AuditFilter { Category = AuditCategories.Workflow, Action = "workflow.type.saved" });
        Assert.Equal(2, audit.Total);
    }
}
