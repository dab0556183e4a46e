using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.OrgUnits;
using Grassroots.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Workflows;

/// <summary>
/// The one base class of workflow activities, in every module: what the designer shows (name, Chinese display name,
/// category, outcomes, properties, whether it is an event and whether it may start a workflow) and the helpers activities
/// share (reading properties, rendering Liquid, resolving the org unit and assignee of a task). Register a subclass with
/// <c>services.AddActivity&lt;T&gt;()</c>.
/// </summary>
public abstract class WorkflowActivity : IActivity
{
    /// <summary>The separators of list properties (comma-separated names; Chinese commas and semicolons too).</summary>
    private static readonly char[] ListSeparators = [',', '，', ';', '；'];

    public abstract string Name { get; }

    public abstract string Category { get; }

    public abstract string DisplayName { get; }

    public virtual bool IsEvent => false;

    /// <summary>
    /// Whether the activity may be the start of a workflow: by default every event. An event that waits for someone or
    /// something inside a running instance (a user task, a deadline, a pipeline step) returns false: nothing would
    /// ever start a workflow there.
    /// </summary>
    public virtual bool CanStartWorkflow => IsEvent;

    /// <summary>
    /// The event that resumes this activity when it blocks (the blocking is indexed under it): by default its own
    /// <see cref="Name"/>. Several activities may wait for one event (e.g. the pipeline's steps for "ServiceStep"); each
    /// tells by <see cref="CanHandleEvent"/> whether an occurrence is for it.
    /// </summary>
    public virtual string WaitsFor => Name;

    public virtual IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Done", "完成")];

    public virtual IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } = [];

    public abstract Task<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// The outcomes of one placed activity: the static <see cref="Outcomes"/> plus the names listed in its "outcomes"
    /// properties (label = name).
    /// </summary>
    public virtual IReadOnlyList<ActivityOutcome> GetOutcomes(JsonObject properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var list = new List<ActivityOutcome>(Outcomes);
        foreach (var descriptor in PropertyDescriptors.Where(d => d.Kind == "outcomes"))
        {
            var text = properties[descriptor.Name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : descriptor.Default;
            foreach (var name in List(text))
            {
                if (!list.Exists(o => o.Name == name))
                {
                    list.Add(new ActivityOutcome(name, name));
                }
            }
        }

        return list;
    }

    /// <summary>
    /// For events: whether this placed activity (its <paramref name="properties"/>) reacts to an event with
    /// <paramref name="input"/> — e.g. a content event filters by content type. Default: yes.
    /// </summary>
    public virtual bool CanHandleEvent(JsonObject properties, JsonNode? input) => true;

    /// <summary>A fault naming this activity: "用户任务：…".</summary>
    protected ActivityResult Fault(string message) => ActivityResult.Fault($"{DisplayName}：{message}");

    protected static string Syntax(ActivityContext context) => context.GetString("Syntax", ExpressionSyntax.JavaScript)!;

    /// <summary>The trimmed string property, or null when empty.</summary>
    protected static string? Text(ActivityContext context, string name, string? fallback = null)
    {
        var node = context.Properties[name];
        var text = node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? fallback : text;
    }

    /// <summary>A boolean property (true, "true", "on", "1").</summary>
    protected static bool Flag(ActivityContext context, string name) => context.Properties[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim() is "true" or "True" or "on" or "1",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => AsNumber(v) is { } n && n != 0,
        _ => false,
    };

    /// <summary>A number property (JSON number or numeric string), or null when missing or not a number.</summary>
    protected static double? Number(ActivityContext context, string name) => AsNumber(context.Properties[name]);

    /// <summary>A JSON number (whatever its CLR backing) or numeric string, else null.</summary>
    public static double? AsNumber(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>
    /// Renders a Liquid property; null with the error set when the template fails (syntax, run time, output over
    /// <c>Workflows:Templates:MaxOutputLength</c>). <paramref name="json"/>: the template builds JSON, so every output value
    /// is escaped for a JSON string (<see cref="ExpressionSyntax.LiquidJson"/>).
    /// </summary>
    protected static async Task<(string? Text, string? Error)> RenderAsync(ActivityContext context, string name, bool json = false)
    {
        var template = context.GetString(name);
        if (string.IsNullOrEmpty(template))
        {
            return ("", null);
        }

        var result = await context.EvaluateAsync(template, json ? ExpressionSyntax.LiquidJson : ExpressionSyntax.Liquid).ConfigureAwait(false);
        return result.Success ? (ValueText(result.Value) ?? "", null) : (null, result.Error);
    }

    /// <summary>The text of an expression value: strings as they are, numbers invariant, others as JSON; null for null.</summary>
    protected static string? ValueText(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => AsNumber(v)?.ToString(CultureInfo.InvariantCulture) ?? v.ToJsonString(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    /// <summary>The comma-separated names of a list property (also accepts Chinese commas and semicolons).</summary>
    protected static List<string> List(string? text) =>
        [.. (text ?? "").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>The org unit code of the correlated content item, or null.</summary>
    protected static string? ItemOrgUnitCode(ActivityContext context) =>
        context.ContentItem?["orgUnitCode"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>The instance property <c>assignee</c> written by 指派 and 上报上级, or null.</summary>
    protected static JsonObject? Assignee(ActivityContext context) => context.Instance.Properties["assignee"] as JsonObject;

    /// <summary>
    /// The org unit for a level relative to the item: "same" (the item's unit), "parent" (the nearest ancestor town,
    /// else the parent), "county" (the root), "assigned" (<c>assignee.orgUnitCode</c>, else the item's unit).
    /// Returns the unit or a Chinese error.
    /// </summary>
    protected static async Task<(OrgUnit? Unit, string? Error)> ResolveOrgUnitAsync(ActivityContext context, string? level)
    {
        var orgUnits = context.Services.GetRequiredService<IOrgUnitService>();
        level = string.IsNullOrWhiteSpace(level) ? "same" : level.Trim();
        if (level == "county")
        {
            var root = await orgUnits.GetRootAsync(context.CancellationToken).ConfigureAwait(false);
            return root is null ? (null, "尚未设置县级组织单元") : (root, null);
        }

        var code = ItemOrgUnitCode(context);
        if (level == "assigned")
        {
            code = Assignee(context)?["orgUnitCode"] is JsonValue a && a.TryGetValue<string>(out var s) && s.Length > 0 ? s : code;
        }
        else if (level is not ("same" or "parent"))
        {
            return (null, $"单位层级“{level}”无效（应为 same、parent、county 或 assigned）");
        }

        if (code is null)
        {
            return (null, "工作流没有关联带组织单元的内容项，无法确定单位");
        }

        var unit = await orgUnits.GetAsync(code, context.CancellationToken).ConfigureAwait(false);
        if (unit is null)
        {
            return (null, $"组织单元 {code} 不存在");
        }

        if (level != "parent")
        {
            return (unit, null);
        }

        var lineage = await orgUnits.GetLineageAsync(code, context.CancellationToken).ConfigureAwait(false);
        var ancestors = lineage.Where(u => u.Code != unit.Code).ToList();
        var town = ancestors.LastOrDefault(u => u.Level == OrgUnitLevel.Town);
        return (town ?? ancestors.LastOrDefault() ?? unit, null);
    }

    /// <summary>Descriptors of the assignee properties shared by user tasks and notifications.</summary>
    protected static IEnumerable<ActivityPropertyDescriptor> AssigneeDescriptors(string defaultRole) =>
    [
        new("AssigneeKind", "办理人", "select") { Default = "role", Options = [new("role", "按角色和单位"), new("user", "指定用户")] },
        new("Role", "角色", "role") { Default = defaultRole },
        new("OrgLevel", "单位", "orgLevel") { Default = "same", Hint = "相对内容项所属单位：同村(社区)、上级镇(街道)、县、已指派单位" },
        new("UserName", "用户", "user"),
    ];

    /// <summary>Role, org unit and user name of the configured assignee, or a Chinese error.</summary>
    protected static async Task<(string? Role, string? OrgUnitCode, string? UserName, string? Error)> ResolveAssigneeAsync(ActivityContext context, string defaultRole)
    {
        if (Text(context, "AssigneeKind", "role") == "user")
        {
            var userName = Text(context, "UserName");
            return userName is null ? (null, null, null, "指定用户时必须填写“用户”") : (null, null, userName, null);
        }

        var role = Text(context, "Role", defaultRole);
        if (role is null)
        {
            return (null, null, null, "按角色指派时必须填写“角色”");
        }

        var (unit, error) = await ResolveOrgUnitAsync(context, Text(context, "OrgLevel", "same")).ConfigureAwait(false);
        return unit is null ? (null, null, null, $"“单位”：{error}") : (role, unit.Code, null, null);
    }
}
