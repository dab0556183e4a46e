using System.Text.Json.Nodes;

namespace Grassroots.Workflows.Activities;

/// <summary>Manual start event: completes at once with "Done".</summary>
internal sealed class StartActivity : WorkflowActivity
{
    public override string Name => "Start";

    public override string Category => "事件";

    public override string DisplayName => "开始";

    public override bool IsEvent => true;

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context) => Task.FromResult(ActivityResult.Outcomes("Done"));
}

/// <summary>Evaluates <c>Expression</c> and stores the value in the instance property <c>PropertyName</c>.</summary>
internal sealed class SetPropertyActivity : WorkflowActivity
{
    public override string Name => "SetProperty";

    public override string Category => "基础";

    public override string DisplayName => "设置变量";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("PropertyName", "变量名", "text", true), new("Expression", "表达式", "expression", true)];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.GetString("PropertyName");
        if (string.IsNullOrWhiteSpace(name))
        {
            return ActivityResult.Fault("设置变量：变量名不能为空。");
        }

        var result = await context.EvaluateAsync(context.GetString("Expression", "null")!, Syntax(context)).ConfigureAwait(false);
        if (!result.Success)
        {
            return ActivityResult.Fault($"设置变量 {name}：{result.Error}");
        }

        context.Instance.Properties[name] = result.Value?.DeepClone();
        return ActivityResult.Outcomes("Done");
    }
}

/// <summary>Evaluates <c>Condition</c>; outcome "True" (真) or "False" (假).</summary>
internal sealed class IfElseActivity : WorkflowActivity
{
    public override string Name => "IfElse";

    public override string Category => "控制";

    public override string DisplayName => "条件判断";

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("True", "真"), new("False", "假")];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } = [new("Condition", "条件", "expression", true)];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var syntax = Syntax(context);
        var result = await context.EvaluateAsync(context.GetString("Condition", "false")!, syntax).ConfigureAwait(false);
        return !result.Success
            ? ActivityResult.Fault($"条件判断：{result.Error}")
            : ActivityResult.Outcomes(result.IsTruthy(syntax) ? "True" : "False");
    }
}

/// <summary>
/// Runs the JavaScript in <c>Script</c>. <c>setOutcome('x')</c> chooses the outcome(s) (default "Done"),
/// <c>setProperty('name', value)</c> writes instance properties.
/// </summary>
internal sealed class ScriptActivity : WorkflowActivity
{
    // On the script's first line so reported line numbers stay right.
    private const string Prelude = "const __o = [], __p = {}; function setOutcome(n) { __o.push(String(n)); } function setProperty(n, v) { __p[String(n)] = v; } ";

    public override string Name => "Script";

    public override string Category => "控制";

    public override string DisplayName => "脚本";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("Script", "脚本", "script", true), new("AvailableOutcomes", "可选结果（逗号分隔）")];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var script = context.GetString("Script", "")!;
        var result = await context.EvaluateAsync(Prelude + script + "\n;({ outcomes: __o, properties: __p })").ConfigureAwait(false);
        if (!result.Success)
        {
            return ActivityResult.Fault($"脚本：{result.Error}");
        }

        var value = result.Value as JsonObject;
        if (value?["properties"] is JsonObject properties)
        {
            foreach (var (key, node) in properties)
            {
                context.Instance.Properties[key] = node?.DeepClone();
            }
        }

        var outcomes = (value?["outcomes"] as JsonArray)?.Select(o => o?.GetValue<string>()).OfType<string>().ToArray() ?? [];
        return ActivityResult.Outcomes(outcomes.Length > 0 ? outcomes : ["Done"]);
    }
}

/// <summary>Blocks until a signal named <c>SignalName</c> resumes it; outcome "Done".</summary>
internal sealed class SignalActivity : WorkflowActivity
{
    public override string Name => "Signal";

    public override string Category => "事件";

    public override string DisplayName => "等待信号";

    public override bool IsEvent => true;

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } = [new("SignalName", "信号名称", "text", true)];

    /// <summary>Purpose of the data protector that signs signal URLs.</summary>
    public const string SignalProtectorPurpose = "Grassroots.Workflows.Signal";

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!context.IsResuming)
        {
            // A signed URL that resumes exactly this instance at this signal, valid 30 days: properties.signalUrls.<name>.
            if (context.Services.GetService(typeof(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider))
                is Microsoft.AspNetCore.DataProtection.IDataProtectionProvider provider && context.GetString("SignalName") is { Length: > 0 } name)
            {
                var protector = Microsoft.AspNetCore.DataProtection.DataProtectionAdvancedExtensions.ToTimeLimitedDataProtector(
                    provider.CreateProtector(SignalProtectorPurpose));
                var token = Microsoft.AspNetCore.DataProtection.DataProtectionAdvancedExtensions.Protect(
                    protector, $"{context.Instance.Id}|{name}", new DateTimeOffset(context.UtcNow.AddDays(30), TimeSpan.Zero));
                if (context.Instance.Properties["signalUrls"] is not JsonObject urls)
                {
                    context.Instance.Properties["signalUrls"] = urls = [];
                }

                urls[name] = "/workflows/signal/" + token;
            }

            return Task.FromResult(ActivityResult.Blocked());
        }

        var expected = context.GetString("SignalName");
        var received = context.Input?["signal"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return Task.FromResult(received is null || string.Equals(received, expected, StringComparison.Ordinal)
            ? ActivityResult.Outcomes("Done")
            : ActivityResult.Blocked());
    }
}
