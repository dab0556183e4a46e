using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Workflows;

public sealed class WorkflowApiTests
{
    /// <summary>Start → Signal(go) → Script; the signal outcome is connected, the script's is deliberately ended.</summary>
    internal static JsonObject SignalType(string id, string name = "信号流程", string script = "setProperty('done', true);") => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["activities"] = new JsonArray(
            new JsonObject { ["id"] = "start", ["type"] = "Start", ["isStart"] = true, ["x"] = 40, ["y"] = 40 },
            new JsonObject { ["id"] = "wait", ["type"] = "Signal", ["properties"] = new JsonObject { ["SignalName"] = "go" }, ["x"] = 240, ["y"] = 40 },
            new JsonObject
            {
                ["id"] = "script", ["type"] = "Script", ["x"] = 440, ["y"] = 40,
                ["properties"] = new JsonObject { ["Script"] = script, ["endedOutcomes"] = "Done" },
            }),
        ["transitions"] = new JsonArray(
            new JsonObject { ["sourceId"] = "start", ["outcome"] = "Done", ["destinationId"] = "wait" },
            new JsonObject { ["sourceId"] = "wait", ["outcome"] = "Done", ["destinationId"] = "script" }),
    };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Saving_creates_versions_and_running_instances_keep_theirs(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var saved = await client.PutAsJsonAsync("/api/workflow-types/signal-flow", SignalType("signal-flow"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(1, (await saved.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>());

        // An instance starts on version 1 and waits for the signal, correlated with an item.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>();
            var first = await executor.StartAsync("signal-flow", correlationId: "demo-opinion-tbp-0001");
            var other = await executor.StartAsync("signal-flow", correlationId: "demo-opinion-tbp-0002");
            Assert.Equal(WorkflowStatus.Waiting, first.Status);
            Assert.Equal(WorkflowStatus.Waiting, other.Status);
        }

        // Version 2 changes the script; the waiting instance finishes on version 1's script.
        var v2 = await client.PutAsJsonAsync("/api/workflow-types/signal-flow", SignalType("signal-flow", script: "setProperty('done', 2);"));
        Assert.Equal(2, (await v2.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IWorkflowManager>();
            // Correlation: only the instance about tbp-0001 resumes.
            var touched = await manager.TriggerEventAsync("Signal", new JsonObject { ["signal"] = "go" }, "demo-opinion-tbp-0001");
            var resumed = Assert.Single(touched);
            Assert.Equal(WorkflowStatus.Finished, resumed.Status);
            Assert.Equal(1, resumed.WorkflowTypeVersion);
            Assert.True(resumed.Properties["done"]!.GetValue<bool>());
        }

        var list = await client.GetFromJsonAsync<JsonObject>("/api/workflows?type=signal-flow&status=waiting");
        var waiting = Assert.Single(list!["items"]!.AsArray());
        Assert.Equal("demo-opinion-tbp-0002", waiting!["correlationId"]!.GetValue<string>());

        var finished = await client.GetFromJsonAsync<JsonObject>("/api/workflows?correlationId=demo-opinion-tbp-0001");
        var id = finished!["items"]![0]!["id"]!.GetValue<string>();
        var detail = await client.GetFromJsonAsync<JsonObject>($"/api/workflows/{id}");
        Assert.Equal("finished", detail!["instance"]!["status"]!.GetValue<string>());
        Assert.Equal(1, detail["definition"]!["version"]!.GetValue<int>());

        // Definition changes are audited.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<IAuditQuery>();
            var entries = await audit.QueryAsync(new AuditFilter { Category = AuditCategories.Workflow, Action = "workflow.type.saved" });
            Assert.Equal(2, entries.Total);
        }
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Invalid_definitions_are_refused_with_messages_per_activity(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();
        var definition = SignalType("bad-flow");
        definition["activities"]![0]!["isStart"] = false;            // no start event
        definition["activities"]![1]!["properties"] = new JsonObject(); // required SignalName missing
        definition["activities"]![2]!["properties"]!["endedOutcomes"] = ""; // script outcome dangling

        var response = await client.PutAsJsonAsync("/api/workflow-types/bad-flow", definition);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var errors = problem!["errors"]!.AsObject();
        Assert.Contains("开始事件", errors["$"]![0]!.GetValue<string>());
        Assert.Contains("信号名称", errors["wait"]![0]!.GetValue<string>());
        Assert.Contains("没有连线", errors["script"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/workflow-types/bad-flow")).StatusCode);
    }
}

public sealed class WorkflowRecipeTests
{
    [Fact]
    public async Task Setup_seeds_the_sample_review_workflow_disabled()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();
        var types = await client.GetFromJsonAsync<JsonArray>("/api/workflow-types");
        var sample = Assert.Single(types!, t => t!["id"]!.GetValue<string>() == "opinion-village-review")!;
        Assert.False(sample["isEnabled"]!.GetValue<bool>());
        Assert.Equal(1, sample["latestVersion"]!.GetValue<int>());
        var definition = await client.GetFromJsonAsync<JsonObject>("/api/workflow-types/opinion-village-review");
        Assert.Equal(4, definition!["activities"]!.AsArray().Count);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task WorkflowType_step_imports_once_and_reports_an_invalid_definition(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();
        // The export of a saved type is the recipe's input.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/workflow-types/exported", WorkflowApiTests.SignalType("exported", "导出的流程"))).StatusCode);
        var exported = JsonNode.Parse(await client.GetStringAsync("/api/workflow-types/exported/export"))!.AsObject();
        exported["id"] = "from-recipe";
        var recipe = new JsonObject
        {
            ["name"] = "workflows",
            ["steps"] = new JsonArray(new JsonObject { ["name"] = "WorkflowType", ["data"] = new JsonArray(exported.DeepClone()) }),
        };

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var recipes = scope.ServiceProvider.GetRequiredService<Grassroots.Recipes.IRecipeExecutor>();
            var bytes = System.Text.Encoding.UTF8.GetBytes(recipe.ToJsonString());
            await recipes.ExecuteAsync("workflows.recipe.json", bytes, null, "admin");
            await recipes.ExecuteAsync("workflows.recipe.json", bytes, null, "admin");

            var bad = exported.DeepClone().AsObject();
            bad["id"] = "broken";
            bad["activities"]!.AsArray().RemoveAt(0);
            recipe["steps"]![0]!["data"] = new JsonArray(bad);
            var error = await Assert.ThrowsAsync<Grassroots.Recipes.RecipeException>(() =>
                recipes.ExecuteAsync("bad.recipe.json", System.Text.Encoding.UTF8.GetBytes(recipe.ToJsonString()), null, "admin"));
            Assert.Contains("$.steps[0].data[0]", error.Message);
            Assert.Contains("开始事件", error.Message);
        }

        var imported = await client.GetFromJsonAsync<JsonObject>("/api/workflow-types/from-recipe");
        Assert.Equal(1, imported!["version"]!.GetValue<int>());   // the second run created no new version
        Assert.Equal("导出的流程", imported["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/workflow-types/broken")).StatusCode);
    }
}

public sealed class WorkflowSignalTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Signed_url_resumes_its_instance_once_and_the_api_signal_resumes_by_correlation(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/workflow-types/signal-flow", WorkflowApiTests.SignalType("signal-flow"))).StatusCode);
        string linkInstance, apiInstance, url;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>();
            var first = await executor.StartAsync("signal-flow", correlationId: "demo-opinion-tbp-0001");
            var second = await executor.StartAsync("signal-flow", correlationId: "demo-opinion-hs-0001");
            (linkInstance, apiInstance) = (first.Id, second.Id);
            url = first.Properties["signalUrls"]!["go"]!.GetValue<string>();
        }

        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/workflows/signal/forged-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync(url, null)).StatusCode);   // used: no longer waiting

        var byApi = await admin.PostAsJsonAsync("/api/workflows/signal", new { signal = "go", correlationId = "demo-opinion-hs-0001" });
        Assert.Equal(HttpStatusCode.OK, byApi.StatusCode);
        Assert.Equal(apiInstance, (await byApi.Content.ReadFromJsonAsync<JsonObject>())!["resumed"]![0]!["id"]!.GetValue<string>());

        foreach (var id in new[] { linkInstance, apiInstance })
        {
            var detail = await admin.GetFromJsonAsync<JsonObject>($"/api/workflows/{id}");
            Assert.Equal("finished", detail!["instance"]!["status"]!.GetValue<string>());
        }
    }
}
