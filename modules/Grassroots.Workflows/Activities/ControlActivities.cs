using System.Text.Json.Nodes;

namespace Grassroots.Workflows.Activities;

/// <summary>Evaluates <c>Expression</c>; the outcome is the case of <c>Cases</c> equal to the value, else "Default" (其他).</summary>
internal sealed class SwitchActivity : WorkflowActivity
{
    public override string Name => "Switch";

    public override string Category => "控制";

    public override string DisplayName => "多路分支";

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Default", "其他")];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Expression", "表达式", "expression", true),
        new("Cases", "分支值", "outcomes", true) { Hint = "逗号分隔；表达式的值等于某个分支值时走该分支，否则走“其他”" },
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var expression = context.GetString("Expression");
        if (string.IsNullOrWhiteSpace(expression))
        {
            return Fault("“表达式”不能为空");
        }

        var result = await context.EvaluateAsync(expression, Syntax(context)).ConfigureAwait(false);
        if (!result.Success)
        {
            return Fault($"“表达式”：{result.Error}");
        }

        var value = ValueText(result.Value)?.Trim();
        var match = List(context.GetString("Cases")).Find(c => string.Equals(c, value, StringComparison.Ordinal));
        return ActivityResult.Outcomes(match ?? "Default");
    }
}

/// <summary>Continues on every branch of <c>Branches</c> at once.</summary>
internal sealed class ForkActivity : WorkflowActivity
{
    public override string Name => "Fork";

    public override string Category => "控制";

    public override string DisplayName => "并行分支";

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("Branches", "分支", "outcomes", true) { Hint = "逗号分隔的分支名称，所有分支同时执行" }];

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var branches = List(context.GetString("Branches"));
        return Task.FromResult(branches.Count == 0 ? Fault("“分支”不能为空") : ActivityResult.Outcomes([.. branches]));
    }
}

/// <summary>
/// Waits for the branches that lead into it: "all" (全部到达) continues once every incoming transition has arrived,
/// "any" (任一到达) on the first arrival (later arrivals of the same round end quietly). It records which transitions
/// arrived, so a loop that arrives twice on one branch counts once. Then it starts a new round.
/// </summary>
internal sealed class JoinActivity : WorkflowActivity
{
    public override string Name => "Join";

    public override string Category => "控制";

    public override string DisplayName => "汇合";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("Mode", "方式", "select") { Default = "all", Options = [new("all", "全部到达"), new("any", "任一到达")] }];

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var expected = Math.Max(1, context.IncomingCount);
        var arrived = Arrived(context.State);

        // A transition is known by its source and outcome; an arrival without one (run directly) counts on its own.
        var key = context.ArrivedBy is { } via ? $"{via.SourceId}:{via.Outcome}" : $"#{arrived.Count}";
        var isNew = !arrived.Any(k => k is JsonValue v && v.TryGetValue<string>(out var s) && s == key);
        if (isNew)
        {
            arrived.Add(key);
        }

        var complete = arrived.Count >= expected;
        var result = context.GetString("Mode", "all") == "any"
            ? (isNew && arrived.Count == 1 ? ActivityResult.Outcomes("Done") : ActivityResult.Outcomes())
            : (complete ? ActivityResult.Outcomes("Done") : ActivityResult.Outcomes());
        if (complete)
        {
            arrived.Clear();
        }

        return Task.FromResult(result);
    }

    /// <summary>The keys of the transitions that arrived in this round; a count kept by an older version becomes that many unnamed arrivals.</summary>
    private static JsonArray Arrived(JsonObject state)
    {
        if (state["arrived"] is not JsonArray array)
        {
            var legacy = (int)(AsNumber(state["arrivals"]) ?? 0);
            state.Remove("arrivals");
            state["arrived"] = array = [.. Enumerable.Range(0, legacy).Select(i => (JsonNode?)JsonValue.Create($"#{i}"))];
        }

        return array;
    }
}
