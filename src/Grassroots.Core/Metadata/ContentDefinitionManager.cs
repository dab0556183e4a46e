using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.Metadata;

/// <summary>Content type and part definitions stored as JSON rows; validated before they are stored.</summary>
internal sealed partial class ContentDefinitionManager(
    GrassrootsDbContext db,
    IEnabledServices<IContentFieldKind> fieldKinds,
    IStringLocalizer<ContentDefinitionManager> T,
    TimeProvider clock,
    Audit.IAuditTrail? audit = null) : IContentDefinitionManager
{
    private const string TypeKind = "Type";
    private const string PartKind = "Part";

    public async Task<IReadOnlyList<ContentTypeDefinition>> ListTypeDefinitionsAsync(CancellationToken cancellationToken = default)
        => (await db.ContentDefinitions.AsNoTracking().Where(r => r.Kind == TypeKind).ToListAsync(cancellationToken))
            .Select(r => ReadType(r.Json))
            .OrderBy(t => t.DisplayName, StringComparer.Ordinal)
            .ToList();

    public async Task<ContentTypeDefinition?> GetTypeDefinitionAsync(string name, CancellationToken cancellationToken = default)
    {
        var row = await db.ContentDefinitions.AsNoTracking().FirstOrDefaultAsync(r => r.Kind == TypeKind && r.Name == name, cancellationToken);
        return row is null ? null : ReadType(row.Json);
    }

    public async Task<IReadOnlyDictionary<string, string[]>> StoreTypeDefinitionAsync(ContentTypeDefinition definition, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, List<string>>();
        ValidateName(definition.Name, "name", errors);
        if (string.IsNullOrWhiteSpace(definition.DisplayName))
        {
            Add(errors, "displayName", T["请填写显示名称"]);
        }

        var parts = await db.ContentDefinitions.AsNoTracking().Where(r => r.Kind == PartKind).Select(r => r.Name).ToListAsync(cancellationToken);
        for (var i = 0; i < definition.Parts.Count; i++)
        {
            var part = definition.Parts[i];
            if (!parts.Contains(part, StringComparer.Ordinal))
            {
                Add(errors, $"parts[{i}]", T["部件「{0}」不存在", part]);
            }
            else if (string.Equals(part, definition.Name, StringComparison.Ordinal))
            {
                Add(errors, $"parts[{i}]", T["部件名称不能与类型名称相同"]);
            }
        }

        if (definition.Parts.Distinct(StringComparer.Ordinal).Count() != definition.Parts.Count)
        {
            Add(errors, "parts", T["同一部件不能重复添加"]);
        }

        ValidateFields(definition.Fields, "fields", errors);
        if (errors.Count > 0)
        {
            return Freeze(errors);
        }

        definition.Name = definition.Name.Trim();
        definition.DisplayName = definition.DisplayName.Trim();
        MarkAlwaysSensitive(definition.Fields);
        var before = await GetTypeDefinitionAsync(definition.Name, cancellationToken);
        await UpsertAsync(TypeKind, definition.Name, JsonSerializer.Serialize(definition, GrassrootsJson.Options), cancellationToken);
        await AuditAsync("contentType.stored", $"保存内容类型「{definition.DisplayName}」（{definition.Name}）", definition.Name,
            before?.Fields, definition.Fields, new JsonObject { ["parts"] = new JsonArray(definition.Parts.Select(p => (JsonNode?)p).ToArray()) });
        return Freeze(errors);
    }

    public async Task<bool> DeleteTypeDefinitionAsync(string name, CancellationToken cancellationToken = default)
    {
        var before = await GetTypeDefinitionAsync(name, cancellationToken);
        var deleted = await DeleteAsync(TypeKind, name, cancellationToken);
        if (deleted)
        {
            await AuditAsync("contentType.deleted", $"删除内容类型「{before?.DisplayName ?? name}」（{name}）", name, before?.Fields, null, null);
        }

        return deleted;
    }

    public async Task<IReadOnlyList<ContentPartDefinition>> ListPartDefinitionsAsync(CancellationToken cancellationToken = default)
        => (await db.ContentDefinitions.AsNoTracking().Where(r => r.Kind == PartKind).ToListAsync(cancellationToken))
            .Select(r => ReadPart(r.Json))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    public async Task<ContentPartDefinition?> GetPartDefinitionAsync(string name, CancellationToken cancellationToken = default)
    {
        var row = await db.ContentDefinitions.AsNoTracking().FirstOrDefaultAsync(r => r.Kind == PartKind && r.Name == name, cancellationToken);
        return row is null ? null : ReadPart(row.Json);
    }

    public async Task<IReadOnlyDictionary<string, string[]>> StorePartDefinitionAsync(ContentPartDefinition definition, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, List<string>>();
        ValidateName(definition.Name, "name", errors);
        ValidateFields(definition.Fields, "fields", errors);
        if (errors.Count == 0)
        {
            var name = definition.Name.Trim();
            MarkAlwaysSensitive(definition.Fields);
            var before = await GetPartDefinitionAsync(name, cancellationToken);
            await UpsertAsync(PartKind, name, JsonSerializer.Serialize(definition, GrassrootsJson.Options), cancellationToken);
            await AuditAsync("contentPart.stored", $"保存内容部件「{(string.IsNullOrWhiteSpace(definition.DisplayName) ? name : definition.DisplayName)}」（{name}）",
                name, before?.Fields, definition.Fields, null);
        }

        return Freeze(errors);
    }

    public async Task<bool> DeletePartDefinitionAsync(string name, CancellationToken cancellationToken = default)
    {
        var types = await ListTypeDefinitionsAsync(cancellationToken);
        var users = types.Where(t => t.Parts.Contains(name, StringComparer.Ordinal)).Select(t => t.DisplayName).ToList();
        if (users.Count > 0)
        {
            throw new InvalidOperationException(T["部件「{0}」正被以下类型使用，不能删除：{1}", name, string.Join("、", users)]);
        }

        var before = await GetPartDefinitionAsync(name, cancellationToken);
        var deleted = await DeleteAsync(PartKind, name, cancellationToken);
        if (deleted)
        {
            await AuditAsync("contentPart.deleted", $"删除内容部件「{name}」", name, before?.Fields, null, null);
        }

        return deleted;
    }

    public async Task<IReadOnlyList<ContentPartLayout>> GetLayoutAsync(string typeName, CancellationToken cancellationToken = default)
    {
        var type = await GetTypeDefinitionAsync(typeName, cancellationToken);
        if (type is null)
        {
            return [];
        }

        var layout = new List<ContentPartLayout> { new(type.Name, type.DisplayName, type.Fields) };
        foreach (var partName in type.Parts)
        {
            var part = await GetPartDefinitionAsync(partName, cancellationToken);
            layout.Add(new ContentPartLayout(partName, part?.DisplayName ?? partName, part?.Fields ?? []));
        }

        return layout;
    }

    private void ValidateFields(List<ContentFieldDefinition> fields, string path, Dictionary<string, List<string>> errors)
    {
        var kinds = fieldKinds.All.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var at = $"{path}[{i}]";
            ValidateName(field.Name, at + ".name", errors);
            if (!string.IsNullOrEmpty(field.Name) && !seen.Add(field.Name))
            {
                Add(errors, at + ".name", T["字段名称「{0}」重复", field.Name]);
            }

            if (string.IsNullOrWhiteSpace(field.DisplayName))
            {
                field.DisplayName = field.Name;
            }

            if (!kinds.Contains(field.Kind))
            {
                Add(errors, at + ".kind", T["字段「{0}」的类型「{1}」不存在", field.DisplayName, field.Kind]);
            }

            var s = field.Settings;
            if (s.Min is { } min && s.Max is { } max && min > max)
            {
                Add(errors, at + ".settings.min", T["字段「{0}」的最小值不能大于最大值", field.DisplayName]);
            }

            if (s.MinLength is { } minLength && s.MaxLength is { } maxLength && minLength > maxLength)
            {
                Add(errors, at + ".settings.minLength", T["字段「{0}」的最短长度不能大于最长长度", field.DisplayName]);
            }

            if (!string.IsNullOrEmpty(s.Pattern))
            {
                try
                {
                    _ = new Regex(s.Pattern, RegexOptions.None, TimeSpan.FromMilliseconds(200));
                }
                catch (ArgumentException)
                {
                    Add(errors, at + ".settings.pattern", T["字段「{0}」的正则表达式无效", field.DisplayName]);
                }
            }

            if (field.Kind == ContentFieldKinds.Select && s.Options.Count == 0)
            {
                Add(errors, at + ".settings.options", T["下拉字段「{0}」至少需要一个选项", field.DisplayName]);
            }

            if (s.Options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != s.Options.Count)
            {
                Add(errors, at + ".settings.options", T["字段「{0}」的选项值重复", field.DisplayName]);
            }
        }
    }

    private void ValidateName(string? name, string path, Dictionary<string, List<string>> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Add(errors, path, T["请填写技术名称"]);
        }
        else if (!NamePattern().IsMatch(name.Trim()))
        {
            Add(errors, path, T["技术名称「{0}」只能包含英文字母、数字和下划线，并以字母开头（最长 64 个字符）", name]);
        }
    }

    private async Task UpsertAsync(string kind, string name, string json, CancellationToken cancellationToken)
    {
        var row = await db.ContentDefinitions.FirstOrDefaultAsync(r => r.Kind == kind && r.Name == name, cancellationToken);
        if (row is null)
        {
            db.ContentDefinitions.Add(new ContentDefinitionRecord { Kind = kind, Name = name, Json = json, ModifiedUtc = clock.GetUtcNow().UtcDateTime });
        }
        else
        {
            row.Json = json;
            row.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken)
    {
        var row = await db.ContentDefinitions.FirstOrDefaultAsync(r => r.Kind == kind && r.Name == name, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.ContentDefinitions.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Records a definition change with a before/after summary of its fields (name, display name, kind, sensitive).</summary>
    private async Task AuditAsync(string action, string summary, string name, List<ContentFieldDefinition>? before, List<ContentFieldDefinition>? after, JsonObject? extra)
    {
        if (audit is null)
        {
            return;
        }

        static JsonArray? Fields(List<ContentFieldDefinition>? fields) => fields is null ? null : new JsonArray(fields
            .Select(f => (JsonNode?)$"{f.Name}（{f.DisplayName}，{f.Kind}{(f.Settings.Required ? "，必填" : "")}{(f.Settings.Sensitive ? "，敏感" : "")}）")
            .ToArray());

        var data = extra ?? [];
        data["name"] = name;
        data["fieldsBefore"] = Fields(before);
        data["fieldsAfter"] = Fields(after);
        await audit.RecordAsync(new Audit.AuditEvent
        {
            Category = Audit.AuditCategories.ContentDefinition,
            Action = action,
            Summary = summary,
            ContentType = action.StartsWith("contentType.", StringComparison.Ordinal) ? name : null,
            Data = data,
        }, CancellationToken.None);
    }

    private static T Deserialize<T>(string json) where T : new()
        => JsonSerializer.Deserialize<T>(json, GrassrootsJson.Options) ?? new T();

    private static ContentTypeDefinition ReadType(string json)
    {
        var type = Deserialize<ContentTypeDefinition>(json);
        MarkAlwaysSensitive(type.Fields);
        return type;
    }

    private static ContentPartDefinition ReadPart(string json)
    {
        var part = Deserialize<ContentPartDefinition>(json);
        MarkAlwaysSensitive(part.Fields);
        return part;
    }

    /// <summary>
    /// Resident-ID and phone fields are sensitive whatever their stored setting (definitions stored before this rule,
    /// recipes and API calls that say otherwise), so every reader of the definitions masks them and never indexes them.
    /// </summary>
    private static void MarkAlwaysSensitive(List<ContentFieldDefinition> fields)
    {
        foreach (var field in fields.Where(f => ContentFieldKinds.IsAlwaysSensitive(f.Kind)))
        {
            field.Settings.Sensitive = true;
        }
    }

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors)
        => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex NamePattern();
}
