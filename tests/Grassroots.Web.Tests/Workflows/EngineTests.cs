using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Grassroots.Workflows.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Tests.Workflows;

/// <summary>
/// The engine in the real app with a fake clock: deadlines in the business calendar, cron timers across restarts,
/// versions, correlation, faults and retry, script limits, and run leases. The background sweep only runs at start-up
/// (its interval is far beyond any clock advance here); the tests sweep explicitly with <see cref="IWorkflowManager.RunDueAsync"/>.
/// </summary>
public sealed class EngineTests
{
    private static readonly TimeZoneInfo Cst = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>A CST wall-clock time as UTC.</summary>
    internal static DateTimeOffset CstTime(int year, int month, int day, int hour, int minute = 0) =>
        new(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), TimeSpan.FromHours(8));

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Far beyond every clock advance in these tests (and below Task.Delay's ~49-day limit).
        ["Workflows:SweepInterval"] = "30.00:00:00",
    };

    private static Task<GrassrootsFactory> CreateAsync(DatabaseKind kind, FakeTimeProvider clock) =>
        GrassrootsFactory.CreateAsync(kind, services => services.AddSingleton<TimeProvider>(clock), Settings);

    private static GrassrootsFactory Restart(TestDatabase database, FakeTimeProvider clock) =>
        new(database, services => services.AddSingleton<TimeProvider>(clock), Settings, ownsDatabase: false);

    /// <summary>Starts the host and waits until its start-up sweep has completed, so explicit sweeps never race it.</summary>
    internal static async Task StartedAsync(GrassrootsFactory factory)
    {
        var sweep = factory.Services.GetRequiredService<WorkflowSweepService>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (sweep.Sweeps < 1)
        {
            Assert.True(DateTime.UtcNow < until, "The start-up sweep did not complete.");
            await Task.Delay(20);
        }
    }

    internal static JsonObject Activity(string id, string type, JsonObject? properties = null, bool isStart = false) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["isStart"] = isStart,
        ["properties"] = properties ?? [],
    };

    internal static JsonObject Transition(string from, string outcome, string to) =>
        new() { ["sourceId"] = from, ["outcome"] = outcome, ["destinationId"] = to };

    /// <summary>Start → <paramref name="wait"/> → SetProperty <c>result</c> = <paramref name="result"/> (ended).</summary>
    internal static JsonObject WaitThenSet(string id, JsonObject wait, string waitOutcome, string result, bool startWithWait = false)
    {
        var activities = new JsonArray();
        var transitions = new JsonArray();
        if (!startWithWait)
        {
            activities.Add(Activity("start", "Start", isStart: true));
            transitions.Add(Transition("start", "Done", (string)wait["id"]!));
        }
        else
        {
            wait["isStart"] = true;
        }

        activities.Add(wait);
        activities.Add(Activity("set", "SetProperty", new JsonObject
        {
            ["PropertyName"] = "result",
            ["Expression"] = result,
            ["endedOutcomes"] = "Done",
        }));
        transitions.Add(Transition((string)wait["id"]!, waitOutcome, "set"));
        return new JsonObject { ["id"] = id, ["name"] = id, ["activities"] = activities, ["transitions"] = transitions };
    }

    internal static JsonObject Deadline(string id, int amount, string unit, string? baseDate = null) =>
        Activity(id, "Deadline", new JsonObject { ["Amount"] = amount, ["Unit"] = unit, ["BaseDate"] = baseDate });

    internal static async Task<WorkflowTypeDefinition> SaveTypeAsync(IServiceProvider services, JsonObject json)
    {
        await using var scope = services.CreateAsyncScope();
        var definition = json.Deserialize<WorkflowTypeDefinition>(GrassrootsJson.Options)!;
        var result = await scope.ServiceProvider.GetRequiredService<WorkflowTypeService>()
            .SaveAsync(definition.Id, definition, "admin", "saved", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
        return result.Value!;
    }

    internal static async Task<List<WorkflowInstance>> InstancesAsync(IServiceProvider services, string typeId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var rows = await db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.WorkflowTypeId == typeId).Select(i => i.Json).ToListAsync();
        return [.. rows.Select(j => JsonSerializer.Deserialize<WorkflowInstance>(j, GrassrootsJson.Options)!).OrderBy(i => i.CreatedUtc).ThenBy(i => i.Id)];
    }

    private static async Task<WorkflowInstance> StartAsync(IServiceProvider services, string typeId, string? correlationId = null)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>().StartAsync(typeId, correlationId: correlationId);
    }

    private static async Task<WorkflowInstance> GetAsync(IServiceProvider services, string id)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().GetInstanceAsync(id))!;
    }

    internal static async Task<int> SweepAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IWorkflowManager>().RunDueAsync();
    }

    private static int Resumed(WorkflowInstance instance, string activityId) =>
        instance.History.Count(h => h.ActivityId == activityId && h.Kind == "Resumed");

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Working_day_deadline_crosses_National_Day_and_the_adjusted_working_Saturday(DatabaseKind kind)
    {
        // Tue 2025-09-30 10:00 CST. 10-01..08 are holidays; Sat 10-11 is a working day (调休).
        // 5 working days: 10-09, 10-10, 10-11, 10-13, 10-14 → due at the end of 10-14 = 10-15 00:00 CST.
        var clock = new FakeTimeProvider(CstTime(2025, 9, 30, 10));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, WaitThenSet("deadline-5wd", Deadline("deadline", 5, "workingDays"), "Elapsed", "'elapsed'"));

        var instance = await StartAsync(factory.Services, "deadline-5wd");
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);
        var blocking = Assert.Single(instance.Blockings);
        Assert.Equal(CstTime(2025, 10, 15, 0).UtcDateTime, blocking.DueUtc);
        Assert.Equal("2025-10-14", instance.Properties["deadline"]!.GetValue<string>());

        // The day after the holiday, on the working Saturday and on the last working day itself: still waiting.
        foreach (var at in new[] { CstTime(2025, 10, 9, 9), CstTime(2025, 10, 11, 12), CstTime(2025, 10, 14, 23, 59) })
        {
            clock.SetUtcNow(at);
            Assert.Equal(0, await SweepAsync(factory.Services));
            Assert.Equal(WorkflowStatus.Waiting, (await GetAsync(factory.Services, instance.Id)).Status);
        }

        clock.SetUtcNow(CstTime(2025, 10, 15, 0));
        Assert.Equal(1, await SweepAsync(factory.Services));
        var fired = await GetAsync(factory.Services, instance.Id);
        Assert.Equal(WorkflowStatus.Finished, fired.Status);
        Assert.Equal("elapsed", fired.Properties["result"]!.GetValue<string>());
        var entry = Assert.Single(fired.History, h => h.ActivityId == "deadline" && h.Kind == "Resumed");
        Assert.Equal(["Elapsed"], entry.Outcomes);
        Assert.Equal(CstTime(2025, 10, 15, 0).UtcDateTime, entry.ExecutedUtc);
        Assert.Equal(0, await SweepAsync(factory.Services));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Working_day_deadline_counts_the_adjusted_working_Sunday(DatabaseKind kind)
    {
        // Fri 2025-09-26: Sun 09-28 is a working day (调休), so 2 working days end on Mon 09-29 (not Tue 09-30).
        var clock = new FakeTimeProvider(CstTime(2025, 9, 26, 15));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, WaitThenSet("deadline-2wd", Deadline("deadline", 2, "workingDays"), "Elapsed", "'elapsed'"));

        var instance = await StartAsync(factory.Services, "deadline-2wd");
        Assert.Equal("2025-09-29", instance.Properties["deadline"]!.GetValue<string>());
        Assert.Equal(CstTime(2025, 9, 30, 0).UtcDateTime, Assert.Single(instance.Blockings).DueUtc);

        clock.SetUtcNow(CstTime(2025, 9, 29, 23, 59));
        Assert.Equal(0, await SweepAsync(factory.Services));
        clock.SetUtcNow(CstTime(2025, 9, 30, 0));
        Assert.Equal(1, await SweepAsync(factory.Services));
        Assert.Equal(WorkflowStatus.Finished, (await GetAsync(factory.Services, instance.Id)).Status);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Timer_fires_once_across_restarts_and_a_missed_occurrence_fires_at_start_up(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 10, 20, 8));
        var database = await TestDatabase.CreateAsync(kind);
        try
        {
            var timer = Activity("timer", "Timer", new JsonObject { ["Cron"] = "0 9 * * *" });
            await using (var factory = Restart(database, clock))
            {
                await StartedAsync(factory);
                await SaveTypeAsync(factory.Services, WaitThenSet("daily-9", timer, "Done", "'ran'", startWithWait: true));

                // The sweep keeps one instance waiting for the next 09:00 CST.
                Assert.Equal(0, await SweepAsync(factory.Services));
                var waiting = Assert.Single(await InstancesAsync(factory.Services, "daily-9"));
                Assert.Equal(CstTime(2025, 10, 20, 9).UtcDateTime, Assert.Single(waiting.Blockings).DueUtc);

                clock.SetUtcNow(CstTime(2025, 10, 20, 9, 0).AddSeconds(30));
                Assert.Equal(1, await SweepAsync(factory.Services));
                Assert.Equal(0, await SweepAsync(factory.Services));
                var all = await InstancesAsync(factory.Services, "daily-9");
                Assert.Equal(1, all.Sum(i => Resumed(i, "timer")));
                Assert.Equal(WorkflowStatus.Finished, all[0].Status);
                Assert.Equal(CstTime(2025, 10, 21, 9).UtcDateTime, Assert.Single(all, i => i.Status == WorkflowStatus.Waiting).Blockings[0].DueUtc);
            }

            // Restart at the same time: the start-up sweep finds nothing due, the timer does not fire again.
            await using (var factory = Restart(database, clock))
            {
                await StartedAsync(factory);
                Assert.Equal(0, await SweepAsync(factory.Services));
                var all = await InstancesAsync(factory.Services, "daily-9");
                Assert.Equal(2, all.Count);
                Assert.Equal(1, all.Sum(i => Resumed(i, "timer")));
            }

            // Down over the next 09:00: the occurrence missed while down fires exactly once at start-up.
            clock.SetUtcNow(CstTime(2025, 10, 21, 12));
            await using (var factory = Restart(database, clock))
            {
                await StartedAsync(factory);
                var all = await InstancesAsync(factory.Services, "daily-9");
                Assert.Equal(2, all.Sum(i => Resumed(i, "timer")));
                Assert.Equal(2, all.Count(i => i.Status == WorkflowStatus.Finished));
                Assert.Equal(CstTime(2025, 10, 21, 12).UtcDateTime, all[1].History.Single(h => h.Kind == "Resumed" && h.ActivityId == "timer").ExecutedUtc);
                Assert.Equal(CstTime(2025, 10, 22, 9).UtcDateTime, Assert.Single(all, i => i.Status == WorkflowStatus.Waiting).Blockings[0].DueUtc);
                Assert.Equal(0, await SweepAsync(factory.Services));
                Assert.Equal(2, (await InstancesAsync(factory.Services, "daily-9")).Sum(i => Resumed(i, "timer")));
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_new_timer_schedule_replaces_the_waiting_one_and_disabling_stops_it(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 10, 20, 8));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, WaitThenSet("daily", Activity("timer", "Timer", new JsonObject { ["Cron"] = "0 9 * * *" }), "Done", "'ran'", startWithWait: true));
        await SweepAsync(factory.Services);
        Assert.Equal(CstTime(2025, 10, 20, 9).UtcDateTime, Assert.Single(await InstancesAsync(factory.Services, "daily")).Blockings[0].DueUtc);

        // Version 2 moves the schedule to 10:00: the 09:00 wait is cancelled, one instance waits for 10:00 on v2.
        await SaveTypeAsync(factory.Services, WaitThenSet("daily", Activity("timer", "Timer", new JsonObject { ["Cron"] = "0 10 * * *" }), "Done", "'ran'", startWithWait: true));
        await SweepAsync(factory.Services);
        var all = await InstancesAsync(factory.Services, "daily");
        Assert.Equal(WorkflowStatus.Cancelled, all.Single(i => i.WorkflowTypeVersion == 1).Status);
        var waiting = Assert.Single(all, i => i.Status == WorkflowStatus.Waiting);
        Assert.Equal(2, waiting.WorkflowTypeVersion);
        Assert.Equal(CstTime(2025, 10, 20, 10).UtcDateTime, waiting.Blockings[0].DueUtc);

        clock.SetUtcNow(CstTime(2025, 10, 20, 9, 30));
        Assert.Equal(0, await SweepAsync(factory.Services));   // nothing at the old time

        // Disabled: the waiting schedule is cancelled and 10:00 passes without a run.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<WorkflowTypeService>().SetEnabledAsync("daily", false, "admin", CancellationToken.None));
        }

        await SweepAsync(factory.Services);
        clock.SetUtcNow(CstTime(2025, 10, 20, 10, 30));
        Assert.Equal(0, await SweepAsync(factory.Services));
        all = await InstancesAsync(factory.Services, "daily");
        Assert.DoesNotContain(all, i => i.Status == WorkflowStatus.Waiting);
        Assert.Equal(0, all.Sum(i => Resumed(i, "timer")));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Waiting_instance_finishes_on_its_version_after_a_new_version_is_saved(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 11, 3, 9));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, WaitThenSet("versioned", Deadline("deadline", 2, "hours"), "Elapsed", "'v1'"));
        var first = await StartAsync(factory.Services, "versioned");
        Assert.Equal(1, first.WorkflowTypeVersion);

        // Version 2 changes what happens after the deadline and makes it longer.
        var v2 = await SaveTypeAsync(factory.Services, WaitThenSet("versioned", Deadline("deadline", 4, "hours"), "Elapsed", "'v2'"));
        Assert.Equal(2, v2.Version);
        var second = await StartAsync(factory.Services, "versioned");
        Assert.Equal(2, second.WorkflowTypeVersion);
        Assert.Equal(CstTime(2025, 11, 3, 13).UtcDateTime, second.Blockings[0].DueUtc);

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await SweepAsync(factory.Services));
        var done = await GetAsync(factory.Services, first.Id);
        Assert.Equal(WorkflowStatus.Finished, done.Status);
        Assert.Equal(1, done.WorkflowTypeVersion);
        Assert.Equal("v1", done.Properties["result"]!.GetValue<string>());
        Assert.Equal(WorkflowStatus.Waiting, (await GetAsync(factory.Services, second.Id)).Status);

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await SweepAsync(factory.Services));
        Assert.Equal("v2", (await GetAsync(factory.Services, second.Id)).Properties["result"]!.GetValue<string>());
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Event_with_a_correlation_id_resumes_only_that_instance(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 11, 3, 9));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, WaitThenSet("signalled",
            Activity("wait", "Signal", new JsonObject { ["SignalName"] = "approve" }), "Done", "workflow.correlationId"));
        var a = await StartAsync(factory.Services, "signalled", "demo-opinion-tbp-0001");
        var b = await StartAsync(factory.Services, "signalled", "demo-opinion-tbp-0002");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IWorkflowManager>();
            Assert.Empty(await manager.TriggerEventAsync("Signal", new JsonObject { ["signal"] = "approve" }, "demo-opinion-hs-0001"));
            var touched = Assert.Single(await manager.TriggerEventAsync("Signal", new JsonObject { ["signal"] = "approve" }, "demo-opinion-tbp-0002"));
            Assert.Equal(b.Id, touched.Id);
        }

        var resumed = await GetAsync(factory.Services, b.Id);
        Assert.Equal(WorkflowStatus.Finished, resumed.Status);
        Assert.Equal("demo-opinion-tbp-0002", resumed.Properties["result"]!.GetValue<string>());
        var untouched = await GetAsync(factory.Services, a.Id);
        Assert.Equal(WorkflowStatus.Waiting, untouched.Status);
        Assert.Equal(0, Resumed(untouched, "wait"));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Faulting_script_faults_the_instance_readably_and_retry_runs_it_again(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 11, 3, 9));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, new JsonObject
        {
            ["id"] = "archive",
            ["name"] = "归档",
            ["activities"] = new JsonArray(
                Activity("start", "Start", isStart: true),
                Activity("check", "Script", new JsonObject
                {
                    ["Script"] = "if (!contentItem.published) { throw new Error('内容项未发布，不能归档'); }\nsetProperty('archived', contentItem.displayText);",
                    ["endedOutcomes"] = "Done",
                })),
            ["transitions"] = new JsonArray(Transition("start", "Done", "check")),
        });

        const string itemId = "demo-opinion-tbp-0001";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(CommandStatus.Succeeded, (await scope.ServiceProvider.GetRequiredService<IContentManager>().UnpublishAsync(itemId)).Status);
        }

        var instance = await StartAsync(factory.Services, "archive", itemId);
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal("check", instance.FaultedActivityId);
        Assert.Contains("内容项未发布，不能归档", instance.FaultMessage);
        Assert.Contains("脚本", instance.FaultMessage);
        var fault = Assert.Single(instance.History, h => h.Kind == "Faulted");
        Assert.Equal("Script", fault.ActivityType);

        // Someone fixes the cause (publishes the item), then an administrator retries. (The API's POST …/retry calls
        // the same executor; a bearer token issued on the fake 2025 clock would be expired for the JWT handler.)
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(CommandStatus.Succeeded, (await scope.ServiceProvider.GetRequiredService<IContentManager>().PublishAsync(itemId)).Status);
            var executor = scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>();
            var again = await executor.RetryAsync((await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().GetInstanceAsync(instance.Id))!, "admin");
            Assert.Equal(WorkflowStatus.Finished, again.Status);
        }

        var retried = await GetAsync(factory.Services, instance.Id);
        Assert.Equal(WorkflowStatus.Finished, retried.Status);
        Assert.Null(retried.FaultMessage);
        Assert.Equal(1, retried.WorkflowTypeVersion);
        Assert.False(string.IsNullOrEmpty(retried.Properties["archived"]!.GetValue<string>()));
        Assert.Equal(["Faulted", "Executed"], retried.History.Where(h => h.ActivityId == "check").Select(h => h.Kind));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Script_that_loops_forever_is_stopped_and_faults_the_instance(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 11, 3, 9));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, new JsonObject
        {
            ["id"] = "looping",
            ["name"] = "死循环",
            ["activities"] = new JsonArray(
                Activity("start", "Start", isStart: true),
                Activity("loop", "Script", new JsonObject { ["Script"] = "let i = 0; while (true) { i++; }", ["endedOutcomes"] = "Done" })),
            ["transitions"] = new JsonArray(Transition("start", "Done", "loop")),
        });

        var started = DateTime.UtcNow;
        var instance = await StartAsync(factory.Services, "looping");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "The loop was not stopped.");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal("loop", instance.FaultedActivityId);
        Assert.Contains("脚本执行超时或超出语句上限", instance.FaultMessage);
        Assert.Equal(WorkflowStatus.Faulted, (await GetAsync(factory.Services, instance.Id)).Status);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Instance_leased_by_another_node_is_not_advanced_until_the_lease_expires(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(CstTime(2025, 11, 3, 9));
        await using var factory = await CreateAsync(kind, clock);
        await StartedAsync(factory);
        await SaveTypeAsync(factory.Services, WaitThenSet("leased-signal",
            Activity("wait", "Signal", new JsonObject { ["SignalName"] = "go" }), "Done", "'signalled'"));
        await SaveTypeAsync(factory.Services, WaitThenSet("leased-deadline", Deadline("deadline", 1, "hours"), "Elapsed", "'elapsed'"));
        var signalled = await StartAsync(factory.Services, "leased-signal", "case-1");
        var timed = await StartAsync(factory.Services, "leased-deadline", "case-2");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IWorkflowStore>();
            var until = clock.GetUtcNow().UtcDateTime.AddMinutes(90);
            Assert.True(await store.TryLeaseAsync(signalled.Id, "other-node", until));
            Assert.True(await store.TryLeaseAsync(timed.Id, "other-node", until));
            Assert.False(await store.TryLeaseAsync(timed.Id, "third-node", until));
        }

        // The deadline is due and the signal arrives, but the other node holds both instances.
        clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IWorkflowManager>();
            Assert.Empty(await manager.TriggerEventAsync("Signal", new JsonObject { ["signal"] = "go" }, "case-1"));
            Assert.Null(await manager.ResumeAsync(signalled.Id, "wait", new JsonObject { ["signal"] = "go" }));
            Assert.Equal(0, await manager.RunDueAsync());
        }

        Assert.Equal(WorkflowStatus.Waiting, (await GetAsync(factory.Services, signalled.Id)).Status);
        Assert.Equal(WorkflowStatus.Waiting, (await GetAsync(factory.Services, timed.Id)).Status);

        // The other node died: once its lease has expired, this node takes over.
        clock.Advance(TimeSpan.FromMinutes(31));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IWorkflowManager>();
            Assert.Equal(signalled.Id, Assert.Single(await manager.TriggerEventAsync("Signal", new JsonObject { ["signal"] = "go" }, "case-1")).Id);
            Assert.Equal(1, await manager.RunDueAsync());
        }

        Assert.Equal(WorkflowStatus.Finished, (await GetAsync(factory.Services, signalled.Id)).Status);
        var fired = await GetAsync(factory.Services, timed.Id);
        Assert.Equal(WorkflowStatus.Finished, fired.Status);
        Assert.Equal(1, Resumed(fired, "deadline"));
    }
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Sweep_interval_beyond_the_timer_limit_does_not_stop_the_background_sweep(DatabaseKind kind)
    {
        // Task.Delay throws beyond ~49.7 days; the sweep keeps the interval within bounds instead of dying (and stopping the host).
        var clock = new FakeTimeProvider(CstTime(2025, 11, 3, 9));
        await using var factory = await GrassrootsFactory.CreateAsync(kind, services => services.AddSingleton<TimeProvider>(clock),
            new Dictionary<string, string?> { ["Workflows:SweepInterval"] = "365.00:00:00" });
        await StartedAsync(factory);
        var sweep = factory.Services.GetRequiredService<WorkflowSweepService>();
        sweep.Wake();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (sweep.Sweeps < 2)
        {
            Assert.True(DateTime.UtcNow < until, "The background sweep loop died after its first sweep.");
            await Task.Delay(20);
        }

        Assert.False(factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }
}
