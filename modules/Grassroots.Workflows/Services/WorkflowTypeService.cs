using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Commands;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Workflows.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.Workflows.Services;

/// <summary>A workflow type in lists.</summary>
public sealed record WorkflowTypeSummary(string Id, string Name, int LatestVersion, bool IsEnabled, DateTime ModifiedUtc, int RunningCount);

/// <summary>
/// Designs workflow types: validation (one start event, known activities, required properties, every outcome connected
/// or deliberately ended), saving each change as a new version, enabling, and the audit trail of every change.
/// </summary>
public sealed partial class WorkflowTypeService(
    IWorkflowStore store,
    IDbContextAccessor accessor,
    IEnumerable<IActivity> activities,
    IAuditTrail audit,
    IStringLocalizer<WorkflowTypeService> T)
{
    /// <summary>Activity property listing outcomes that deliberately end the workflow (comma-separated).</summary>
    public const string EndedOutcomesProperty = "endedOutcomes";

    private DbContext Db => accessor.DbContext;

    public IReadOnlyList<IActivity> Activities { get; } = [.. activities.OrderBy(a => a.Category, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)];

    public IActivity? FindActivity(string name) => Activities.FirstOrDefault(a => a.Name == name);

    public async Task<IReadOnlyList<WorkflowTypeSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var types = await Db.Set<WorkflowTypeRecord>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var running = await Db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Waiting)
            .GroupBy(i => i.WorkflowTypeId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return [.. types.Select(t => new WorkflowTypeSummary(t.Id, t.Name, t.LatestVersion, t.IsEnabled, t.ModifiedUtc,
            running.FirstOrDefault(r => r.Key == t.Id)?.Count ?? 0))];
    }

    public Task<WorkflowTypeDefinition?> GetAsync(string id, int? version, CancellationToken cancellationToken) =>
        version is { } v ? store.GetTypeAsync(id, v, cancellationToken) : store.GetLatestTypeAsync(id, cancellationToken);

    /// <summary>
    /// Validates <paramref name="definition"/> and saves it as the next version of type <paramref name="id"/>: the saved
    /// version (the latest one when an import changes nothing), or validation errors keyed by activity id ("$" for the type).
    /// </summary>
    public async Task<CommandResult<WorkflowTypeDefinition>> SaveAsync(string id, WorkflowTypeDefinition definition, string? user, string action,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Id = string.IsNullOrWhiteSpace(definition.Id) ? id : definition.Id.Trim();
        definition.Name = definition.Name?.Trim() ?? "";
        var errors = Validate(definition);
        if (definition.Id != id)
        {
            Add(errors, "$", T["工作流编号 {0} 与地址中的 {1} 不一致", definition.Id, id]);
        }

        // A definition read by someone who may not see its secrets comes back with placeholders: keep the stored ones.
        var latest = IdPattern().IsMatch(id) ? await store.GetLatestTypeAsync(id, cancellationToken) : null;
        foreach (var activityId in WorkflowSecrets.Restore(definition, latest, FindActivity))
        {
            Add(errors, activityId, T["含有隐藏的密钥（{0}）但找不到原值，请重新填写", WorkflowSecrets.Placeholder]);
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        if (latest is not null && SameGraph(latest, definition) && action == "imported")
        {
            // A recipe or import of the same definition again creates no new version.
            return CommandResult.Success(latest);
        }

        definition.Version = (latest?.Version ?? 0) + 1;
        definition.IsEnabled = latest?.IsEnabled ?? definition.IsEnabled;

        // The version, the header (with who saved it) and the audit entry in one transaction, the type in one write.
        await using var transaction = Db.Database.CurrentTransaction is null ? await Db.Database.BeginTransactionAsync(cancellationToken) : null;
        await store.SaveTypeAsync(definition, user, cancellationToken);
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Workflow,
            Action = "workflow.type." + action,
            Summary = $"工作流 {definition.Name}（{id}）保存为第 {definition.Version} 版",
            Data = new JsonObject
            {
                ["workflowTypeId"] = id,
                ["version"] = definition.Version,
                ["activities"] = definition.Activities.Count,
                ["transitions"] = definition.Transitions.Count,
                ["previousVersion"] = latest?.Version,
            },
        }, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return CommandResult.Success(definition);
    }

    /// <summary>Enables or disables a type; false when it does not exist.</summary>
    public async Task<bool> SetEnabledAsync(string id, bool enabled, string? user, CancellationToken cancellationToken)
    {
        var header = await Db.Set<WorkflowTypeRecord>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (header is null)
        {
            return false;
        }

        if (header.IsEnabled != enabled)
        {
            header.IsEnabled = enabled;
            header.ModifiedBy = user;
            await Db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(new AuditEvent
            {
                Category = AuditCategories.Workflow,
                Action = enabled ? "workflow.type.enabled" : "workflow.type.disabled",
                Summary = enabled ? $"启用工作流 {header.Name}（{id}）" : $"停用工作流 {header.Name}（{id}）",
                Data = new JsonObject { ["workflowTypeId"] = id },
            }, cancellationToken);
        }

        return true;
    }

    /// <summary>The export document: the latest version's definition, indented.</summary>
    public static string Export(WorkflowTypeDefinition definition) => JsonSerializer.Serialize(definition, GrassrootsJson.Indented);

    /// <summary>Checks the graph; errors keyed by activity id, or "$" for the whole type.</summary>
    public Dictionary<string, List<string>> Validate(WorkflowTypeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!IdPattern().IsMatch(definition.Id ?? ""))
        {
            Add(errors, "$", T["工作流编号只能包含小写字母、数字、“-”和“_”，最长 64 个字符"]);
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            Add(errors, "$", T["请填写工作流名称"]);
        }
        else if (definition.Name.Length > 200)
        {
            Add(errors, "$", T["工作流名称最多 200 个字"]);
        }

        if (definition.Activities.Count == 0)
        {
            Add(errors, "$", T["工作流至少需要一个活动"]);
            return errors;
        }

        foreach (var duplicate in definition.Activities.GroupBy(a => a.Id).Where(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key)))
        {
            Add(errors, "$", T["活动编号“{0}”为空或重复", duplicate.Key]);
        }

        var starts = definition.Activities.Where(a => a.IsStart).ToList();
        if (starts.Count != 1)
        {
            Add(errors, "$", T["工作流必须有且只有一个开始事件（现在有 {0} 个）", starts.Count]);
        }

        foreach (var activity in definition.Activities)
        {
            var descriptor = FindActivity(activity.Type);
            if (descriptor is null)
            {
                Add(errors, activity.Id, T["未知的活动类型“{0}”", activity.Type]);
                continue;
            }

            if (activity.IsStart && !descriptor.IsEvent)
            {
                Add(errors, activity.Id, T["“{0}”不是事件，不能作为开始活动", T[descriptor.DisplayName]]);
            }
            else if (activity.IsStart && !descriptor.CanStartWorkflow)
            {
                Add(errors, activity.Id, T["“{0}”要在流程中等待办理，不能作为开始活动；请以“开始”或“内容已创建”等事件开始，再连到它", T[descriptor.DisplayName]]);
            }

            foreach (var property in descriptor.PropertyDescriptors.Where(p => p.Required))
            {
                var value = activity.Properties[property.Name];
                if (value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s)))
                {
                    Add(errors, activity.Id, T["“{0}”：请填写{1}", T[descriptor.DisplayName], T[property.DisplayName]]);
                }
            }

            var outcomes = descriptor.GetOutcomes(activity.Properties);
            var ended = (activity.Properties[EndedOutcomesProperty] is JsonValue e && e.TryGetValue<string>(out var text) ? text : "")
                .Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var outcome in outcomes)
            {
                var connected = definition.Transitions.Exists(t => t.SourceId == activity.Id && t.Outcome == outcome.Name);
                if (!connected && !ended.Contains(outcome.Name))
                {
                    Add(errors, activity.Id, T["“{0}”的结果“{1}”没有连线，也未标为有意结束", T[descriptor.DisplayName], T[outcome.DisplayName]]);
                }
            }
        }

        foreach (var transition in definition.Transitions)
        {
            var source = definition.FindActivity(transition.SourceId);
            if (source is null || definition.FindActivity(transition.DestinationId) is null)
            {
                Add(errors, "$", T["连线 {0} → {1} 指向不存在的活动", transition.SourceId, transition.DestinationId]);
                continue;
            }

            if (FindActivity(source.Type) is { } descriptor && !descriptor.GetOutcomes(source.Properties).Any(o => o.Name == transition.Outcome))
            {
                Add(errors, source.Id, T["“{0}”没有结果“{1}”，请删除这条连线", T[descriptor.DisplayName], transition.Outcome]);
            }
        }

        return errors;
    }

    private static bool SameGraph(WorkflowTypeDefinition a, WorkflowTypeDefinition b)
    {
        static string Canonical(WorkflowTypeDefinition d) => JsonSerializer.Serialize(new { d.Name, d.Activities, d.Transitions }, GrassrootsJson.Options);
        return Canonical(a) == Canonical(b);
    }

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
