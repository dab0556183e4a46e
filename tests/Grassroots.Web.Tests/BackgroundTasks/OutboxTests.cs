using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Outbox;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Workflows;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.BackgroundTasks;

/// <summary>
/// Domain events survive a crash: a service request is registered while dispatch after commit is off (the process "dies"
/// between the commit and the workflow event); the request is committed with its outbox message and has no inbox task. A
/// restarted host on the same database dispatches the message at start-up and the task appears, exactly once; the same
/// message dispatched again changes nothing.
/// </summary>
public sealed class OutboxTests
{
    private static readonly Dictionary<string, string?> Crashing = new()
    {
        ["Outbox:ImmediateDispatch"] = "false",
        ["Outbox:DispatchInterval"] = "30.00:00:00",
    };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_request_registered_before_a_crash_gets_its_inbox_task_exactly_once_after_restart(DatabaseKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        try
        {
            string requestId;
            await using (var crashed = new GrassrootsFactory(database, settings: Crashing, ownsDatabase: false))
            {
                requestId = await RegisterOnlineAsync(crashed);

                // Committed: the request and its pending event; not dispatched: no workflow, no task.
                Assert.Equal(0, await TasksAsync(crashed, requestId));
                Assert.Equal(0, await InstancesAsync(crashed, requestId));
                var pending = await MessagesAsync(crashed, WorkflowEventMessage.Type);
                Assert.Single(pending, m => m.HandledUtc == null && m.Payload.Contains(requestId, StringComparison.Ordinal));
            }

            await using var restarted = new GrassrootsFactory(database, ownsDatabase: false);
            var until = DateTime.UtcNow.AddSeconds(60);
            while (await TasksAsync(restarted, requestId) == 0)
            {
                Assert.True(DateTime.UtcNow < until, "The restarted host did not dispatch the pending event.");
                await Task.Delay(100);
            }

            Assert.Equal(1, await TasksAsync(restarted, requestId));
            Assert.Equal(1, await InstancesAsync(restarted, requestId));
            var message = Assert.Single(await MessagesAsync(restarted, WorkflowEventMessage.Type), m => m.Payload.Contains(requestId, StringComparison.Ordinal));
            Assert.NotNull(message.HandledUtc);

            // Delivered again (a node died after handling, before marking it handled): still one instance, one task.
            await using (var scope = restarted.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
                Assert.Equal(1, await db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.HandledUtc, (DateTime?)null).SetProperty(m => m.NextAttemptUtc, DateTime.UtcNow.AddMinutes(-1))));
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync([message.Id], default));
            }

            Assert.Equal(1, await TasksAsync(restarted, requestId));
            Assert.Equal(1, await InstancesAsync(restarted, requestId));
            Assert.Equal(2, Assert.Single(await MessagesAsync(restarted, WorkflowEventMessage.Type), m => m.Id == message.Id).Attempts);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task With_dispatch_after_commit_the_task_is_there_when_the_request_returns(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var requestId = await RegisterOnlineAsync(factory);
        Assert.Equal(1, await TasksAsync(factory, requestId));
        Assert.All(await MessagesAsync(factory, null), m => Assert.NotNull(m.HandledUtc));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task An_event_delivered_twice_resumes_a_waiting_instance_once(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await EngineTests.SaveTypeAsync(factory.Services, new JsonObject
        {
            ["id"] = "count-signals",
            ["name"] = "计数信号",
            ["activities"] = new JsonArray(
                EngineTests.Activity("start", "Start", isStart: true),
                EngineTests.Activity("wait", "Signal", new JsonObject { ["SignalName"] = "go" }),
                EngineTests.Activity("count", "Script", new JsonObject
                {
                    ["Script"] = "setProperty('n', (properties.n || 0) + 1);",
                    ["endedOutcomes"] = "Done",
                })),
            ["transitions"] = new JsonArray(
                EngineTests.Transition("start", "Done", "wait"),
                EngineTests.Transition("wait", "Done", "count"),
                EngineTests.Transition("count", "Done", "wait")),
        });
        string instanceId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            instanceId = (await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>().StartAsync("count-signals", correlationId: "case-once")).Id;
        }

        foreach (var eventId in new[] { "event-1", "event-1", "event-2", "event-1" })
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IWorkflowManager>()
                .TriggerEventOnceAsync(eventId, "Signal", new JsonObject { ["signal"] = "go" }, "case-once", null);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var instance = (await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().GetInstanceAsync(instanceId))!;
            Assert.Equal(WorkflowStatus.Waiting, instance.Status);
            Assert.Equal(2, instance.Properties["n"]!.GetValue<int>());
            Assert.Equal(["event-1", "event-2"], instance.HandledEventIds);
        }
    }

    /// <summary>An online request (the resident, no user) for 城乡居民最低生活保障申请, which the default workflow gives to the town's dispatchers.</summary>
    private static async Task<string> RegisterOnlineAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().RegisterAsync(null, new RegisterServiceRequest
        {
            ItemCode = "CL-MZ-001",
            Channel = ServiceChannel.Online,
            RequesterName = "王秀英",
            RequesterPhone = "13953612345",
            Description = "申请低保，材料已带齐。",
            OrgUnitCode = "370725001036",
        }, default);
        Assert.True(result.Succeeded, result.Error);
        return result.Request!.ContentItemId;
    }

    private static async Task<int> TasksAsync(GrassrootsFactory factory, string requestId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<WorkflowBlockingRecord>()
            .CountAsync(b => b.CorrelationId == requestId && b.IsTask);
    }

    private static async Task<int> InstancesAsync(GrassrootsFactory factory, string requestId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<WorkflowInstanceRecord>()
            .CountAsync(i => i.CorrelationId == requestId);
    }

    private static async Task<List<OutboxMessage>> MessagesAsync(GrassrootsFactory factory, string? type)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => type == null || m.Type == type).ToListAsync();
    }
}
