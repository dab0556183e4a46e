using System.Text.Json.Nodes;
using Grassroots.Workflows;
using Grassroots.Workflows.Activities;
using Grassroots.Workflows.Execution;
using Grassroots.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Core.Tests.Workflows.Engine;

public sealed class WorkflowExecutorTests
{
    private readonly InMemoryWorkflowStore store = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    private WorkflowExecutor Executor(ScriptOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddActivity<StartActivity>();
        services.AddActivity<SetPropertyActivity>();
        services.AddActivity<IfElseActivity>();
        services.AddActivity<ScriptActivity>();
        services.AddActivity<SignalActivity>();
        var provider = services.BuildServiceProvider();
        var evaluator = new ExpressionEvaluator(new LiquidEvaluator(), new JavaScriptEvaluator(Options.Create(options ?? new ScriptOptions())));
        return new WorkflowExecutor(provider.GetServices<IActivity>(), store, evaluator, clock, provider, []);
    }

    private static ActivityDefinition Activity(string id, string type, JsonObject? properties = null, bool start = false) =>
        new() { Id = id, Type = type, Properties = properties ?? [], IsStart = start };

    private static TransitionDefinition T(string source, string outcome, string destination) =>
        new() { SourceId = source, Outcome = outcome, DestinationId = destination };

    private async Task<WorkflowTypeDefinition> BranchingTypeAsync()
    {
        var type = new WorkflowTypeDefinition
        {
            Id = "wt-review",
            Name = "民情审核",
            Activities =
            [
                Activity("start", "Start", start: true),
                Activity("if", "IfElse", new JsonObject { ["Condition"] = "input.households > 10" }),
                Activity("set", "SetProperty", new JsonObject { ["PropertyName"] = "level", ["Expression"] = "'重点'" }),
                Activity("script", "Script", new JsonObject { ["Script"] = "setProperty('level', '一般'); setOutcome('Normal');" }),
            ],
            Transitions = [T("start", "Done", "if"), T("if", "True", "set"), T("if", "False", "script")],
        };
        await store.SaveTypeAsync(type);
        return type;
    }

    [Fact]
    public async Task True_branch_runs_to_finished_with_history()
    {
        await BranchingTypeAsync();
        var instance = await Executor().StartAsync("wt-review", new JsonObject { ["households"] = 12 }, "demo-opinion-hs-0001", "张三");

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal("重点", instance.Properties["level"]!.GetValue<string>());
        Assert.Equal(["start", "if", "set"], instance.History.Select(h => h.ActivityId));
        Assert.Equal(["Done", "True", "Done"], instance.History.Select(h => string.Join(",", h.Outcomes)));
        Assert.All(instance.History, h => Assert.Equal("张三", h.User));
        Assert.All(instance.History, h => Assert.Equal(clock.GetUtcNow().UtcDateTime, h.ExecutedUtc));
        var saved = await store.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Finished, saved!.Status);
        Assert.Equal(3, saved.History.Count);
    }

    [Fact]
    public async Task False_branch_runs_script_with_its_outcome()
    {
        await BranchingTypeAsync();
        var instance = await Executor().StartAsync("wt-review", new JsonObject { ["households"] = 3 });

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["start", "if", "script"], instance.History.Select(h => h.ActivityId));
        Assert.Equal(["Normal"], instance.History[^1].Outcomes);
        Assert.Equal(["False"], instance.History[1].Outcomes);
        Assert.Equal("一般", instance.Properties["level"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signal_blocks_then_resume_finishes()
    {
        await store.SaveTypeAsync(new WorkflowTypeDefinition
        {
            Id = "wt-signal",
            Name = "等待确认",
            Activities =
            [
                Activity("start", "Start", start: true),
                Activity("wait", "Signal", new JsonObject { ["SignalName"] = "confirmed" }),
                Activity("set", "SetProperty", new JsonObject { ["PropertyName"] = "by", ["Expression"] = "input.by" }),
            ],
            Transitions = [T("start", "Done", "wait"), T("wait", "Done", "set")],
        });
        var executor = Executor();
        var instance = await executor.StartAsync("wt-signal");
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);
        Assert.Equal(["wait"], instance.BlockingActivityIds);
        Assert.Equal("Blocked", instance.History[^1].Kind);

        // A different signal keeps it waiting.
        instance = await executor.ResumeAsync(instance, "wait", new JsonObject { ["signal"] = "other" });
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);

        clock.Advance(TimeSpan.FromHours(2));
        var loaded = await store.GetInstanceAsync(instance.Id);
        instance = await executor.ResumeAsync(loaded!, "wait", new JsonObject { ["signal"] = "confirmed", ["by"] = "李四" }, "李四");
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Empty(instance.BlockingActivityIds);
        Assert.Equal("李四", instance.Properties["by"]!.GetValue<string>());
        var resumed = instance.History.Single(h => h.Kind == "Resumed");
        Assert.Equal("wait", resumed.ActivityId);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, resumed.ExecutedUtc);
        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.ResumeAsync(instance, "wait"));
    }

    [Fact]
    public async Task Throwing_script_faults_and_retry_after_fix_succeeds()
    {
        var type = new WorkflowTypeDefinition
        {
            Id = "wt-fault",
            Name = "脚本出错",
            Activities =
            [
                Activity("start", "Start", start: true),
                Activity("script", "Script", new JsonObject { ["Script"] = "throw new Error('户数不能为空');" }),
            ],
            Transitions = [T("start", "Done", "script")],
        };
        await store.SaveTypeAsync(type);
        var executor = Executor();
        var instance = await executor.StartAsync("wt-fault");

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal("script", instance.FaultedActivityId);
        Assert.Contains("户数不能为空", instance.FaultMessage);
        Assert.StartsWith("脚本：脚本执行出错", instance.FaultMessage);
        Assert.Equal("Faulted", instance.History[^1].Kind);
        Assert.Equal("Script", instance.History[^1].ActivityType);

        // Fix the script in the same version (the instance's definition) and retry.
        type.Activities[1].Properties["Script"] = "setOutcome('Done');";
        await store.SaveTypeAsync(type);
        instance = await executor.RetryAsync(instance, "管理员");
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Null(instance.FaultMessage);
        Assert.Equal("script", instance.History[^1].ActivityId);
        Assert.Equal("Executed", instance.History[^1].Kind);
        Assert.Equal("管理员", instance.History[^1].User);
    }

    [Fact]
    public async Task Version_two_does_not_affect_instance_started_on_version_one()
    {
        WorkflowTypeDefinition Version(int v, string value) => new()
        {
            Id = "wt-versioned",
            Name = "版本",
            Version = v,
            Activities =
            [
                Activity("wait", "Signal", new JsonObject { ["SignalName"] = "go" }, start: true),
                Activity("set", "SetProperty", new JsonObject { ["PropertyName"] = "v", ["Expression"] = value }),
            ],
            Transitions = [T("wait", "Done", "set")],
        };
        await store.SaveTypeAsync(Version(1, "'一'"));
        var executor = Executor();
        var first = await executor.StartAsync("wt-versioned");
        Assert.Equal(1, first.WorkflowTypeVersion);

        await store.SaveTypeAsync(Version(2, "'二'"));
        var second = await executor.StartAsync("wt-versioned");
        Assert.Equal(2, second.WorkflowTypeVersion);

        first = await executor.ResumeAsync(first, "wait");
        second = await executor.ResumeAsync(second, "wait");
        Assert.Equal("一", first.Properties["v"]!.GetValue<string>());
        Assert.Equal("二", second.Properties["v"]!.GetValue<string>());
        Assert.Equal(1, first.WorkflowTypeVersion);
    }

    [Fact]
    public async Task Infinite_loop_script_faults_with_limit_message()
    {
        await store.SaveTypeAsync(new WorkflowTypeDefinition
        {
            Id = "wt-loop",
            Name = "死循环",
            Activities = [Activity("script", "Script", new JsonObject { ["Script"] = "while (true) {}" }, start: true)],
        });
        var instance = await Executor(new ScriptOptions { Timeout = TimeSpan.FromMilliseconds(300) }).StartAsync("wt-loop");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains(JavaScriptEvaluator.LimitExceeded, instance.FaultMessage);
    }

    [Fact]
    public async Task Looping_graph_is_stopped_by_step_limit()
    {
        await store.SaveTypeAsync(new WorkflowTypeDefinition
        {
            Id = "wt-cycle",
            Name = "环",
            Activities = [Activity("a", "Start", start: true)],
            Transitions = [T("a", "Done", "a")],
        });
        var instance = await Executor().StartAsync("wt-cycle");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("死循环", instance.FaultMessage);
    }
}

public sealed class BuiltInActivityTests
{
    [Fact]
    public void Activities_describe_themselves_with_chinese_labels()
    {
        var ifElse = new IfElseActivity();
        Assert.Equal(["True", "False"], ifElse.Outcomes.Select(o => o.Name));
        Assert.Equal(["真", "假"], ifElse.Outcomes.Select(o => o.DisplayName));
        Assert.True(new SignalActivity().IsEvent);
        Assert.False(new ScriptActivity().IsEvent);
        Assert.Contains(new SetPropertyActivity().PropertyDescriptors, p => p is { Name: "Expression", Kind: "expression", Required: true });
    }

    [Fact]
    public void AddActivity_registers_once()
    {
        var services = new ServiceCollection();
        services.AddActivity<ScriptActivity>();
        services.AddActivity<ScriptActivity>();
        services.AddActivity<SignalActivity>();
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["Script", "Signal"], provider.GetServices<IActivity>().Select(a => a.Name));
    }
}

public sealed class ThrowingActivityTests
{
    private sealed class ThrowingActivity : WorkflowActivity
    {
        public override string Name => "Throwing";
        public override string Category => "测试";
        public override string DisplayName => "抛出异常";
        public override Task<ActivityResult> ExecuteAsync(ActivityContext context) => throw new InvalidOperationException("连接超时");
    }

    [Fact]
    public async Task Exception_in_activity_faults_with_readable_message()
    {
        var store = new InMemoryWorkflowStore();
        await store.SaveTypeAsync(new WorkflowTypeDefinition
        {
            Id = "wt-throw",
            Name = "异常",
            Activities = [new ActivityDefinition { Id = "x", Type = "Throwing", IsStart = true }],
        });
        var services = new ServiceCollection().AddActivity<ThrowingActivity>().BuildServiceProvider();
        var evaluator = new ExpressionEvaluator(new LiquidEvaluator(), new JavaScriptEvaluator(Options.Create(new ScriptOptions())));
        var executor = new WorkflowExecutor(services.GetServices<IActivity>(), store, evaluator, TimeProvider.System, services, []);

        var instance = await executor.StartAsync("wt-throw");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal("活动“抛出异常”执行出错：连接超时", instance.FaultMessage);
        Assert.Equal("x", instance.FaultedActivityId);
        Assert.Equal(WorkflowStatus.Faulted, (await store.GetInstanceAsync(instance.Id))!.Status);
    }
}
