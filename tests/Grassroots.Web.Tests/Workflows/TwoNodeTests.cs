using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Grassroots.Tests.Workflows;

/// <summary>
/// Two real app processes (<c>dotnet Grassroots.Web.dll</c>) sweep one PostgreSQL database every second: every due
/// deadline fires exactly once (advisory lock on the sweep, run lease per instance).
/// </summary>
public sealed class TwoNodeTests(ITestOutputHelper output)
{
    private const int InstanceCount = 20;

    [PostgresFact]
    public async Task Due_deadlines_fire_exactly_once_with_two_app_processes_on_one_database()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var processes = new List<AppNode>();
        try
        {
            // Setup runs once, in this host, which then stays out of the way (its sweep only runs at start-up).
            await using var factory = new GrassrootsFactory(database, settings: new Dictionary<string, string?>
            {
                ["Workflows:SweepInterval"] = "30.00:00:00",
            }, ownsDatabase: false);
            await EngineTests.StartedAsync(factory);
            await EngineTests.SaveTypeAsync(factory.Services, new JsonObject
            {
                ["id"] = "two-node",
                ["name"] = "双节点期限",
                ["activities"] = new JsonArray(
                    EngineTests.Activity("start", "Start", isStart: true),
                    EngineTests.Deadline("deadline", 0, "hours", "input.due"),
                    EngineTests.Activity("record", "Script", new JsonObject
                    {
                        ["Script"] = "setProperty('fired', (properties.fired || 0) + 1);",
                        ["endedOutcomes"] = "Done",
                    })),
                ["transitions"] = new JsonArray(
                    EngineTests.Transition("start", "Done", "deadline"),
                    EngineTests.Transition("deadline", "Elapsed", "record")),
            });

            processes.Add(StartNode("node-a", database));
            processes.Add(StartNode("node-b", database));
            foreach (var node in processes)
            {
                await node.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            // Both nodes are up and sweeping every second; the deadlines fall due a moment later.
            var due = DateTime.UtcNow.AddSeconds(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var ids = new List<string>();
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var executor = scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>();
                for (var i = 0; i < InstanceCount; i++)
                {
                    var instance = await executor.StartAsync("two-node", new JsonObject { ["due"] = due }, correlationId: $"case-{i}");
                    Assert.Equal(WorkflowStatus.Waiting, instance.Status);
                    ids.Add(instance.Id);
                }
            }

            var until = DateTime.UtcNow.AddSeconds(90);
            List<WorkflowInstance> instances;
            while (true)
            {
                instances = await EngineTests.InstancesAsync(factory.Services, "two-node");
                if (instances.Count == InstanceCount && instances.All(i => i.Status is WorkflowStatus.Finished or WorkflowStatus.Faulted))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < until,
                    $"Not all deadlines fired in 90 s: {instances.Count(i => i.Status == WorkflowStatus.Finished)} finished.\n" + string.Join("\n", processes.Select(p => p.Output)));
                await Task.Delay(250);
            }

            // Both processes were alive the whole run.
            foreach (var node in processes)
            {
                Assert.False(node.Process.HasExited, $"{node.Name} exited early:\n{node.Output}");
                await node.WaitHealthyAsync(TimeSpan.FromSeconds(10));
            }

            foreach (var node in processes)
            {
                output.WriteLine(node.Output);
            }

            Assert.Equal(ids.Order(), instances.Select(i => i.Id).Order());
            foreach (var instance in instances)
            {
                Assert.Equal(WorkflowStatus.Finished, instance.Status);
                Assert.Single(instance.History, h => h.ActivityId == "deadline" && h.Kind == "Resumed");
                Assert.Single(instance.History, h => h.ActivityId == "record" && h.Kind == "Executed");
                Assert.Equal(1, instance.Properties["fired"]!.GetValue<int>());
            }
        }
        finally
        {
            foreach (var node in processes)
            {
                node.Dispose();
            }

            await database.DisposeAsync();
        }
    }

    private static AppNode StartNode(string name, TestDatabase database) => AppNode.Start(name, database, new Dictionary<string, string>
    {
        ["Workflows__SweepInterval"] = "00:00:01",
        ["Workflows__NodeName"] = name,
        ["Logging__LogLevel__Grassroots.Workflows"] = "Information",
    });
}
