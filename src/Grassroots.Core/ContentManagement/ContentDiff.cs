using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentManagement;

/// <summary>Field-level differences between two versions, in the type's field order.</summary>
internal static class ContentDiff
{
    public static IReadOnlyList<ContentFieldChange> Compute(
        ContentItem? before,
        ContentItem after,
        IReadOnlyList<ContentPartLayout> layout,
        IReadOnlyDictionary<string, IContentFieldKind> kinds,
        IStringLocalizer T)
    {
        var changes = new List<ContentFieldChange>();
        if (before?.OrgUnitCode != after.OrgUnitCode)
        {
            changes.Add(new ContentFieldChange("orgUnitCode", T["所属组织"], before?.OrgUnitCode, after.OrgUnitCode));
        }

        foreach (var part in layout)
        {
            foreach (var field in part.Fields)
            {
                var a = before?.GetFieldValue(part.Name, field.Name);
                var b = after.GetFieldValue(part.Name, field.Name);
                if (JsonNode.DeepEquals(a, b))
                {
                    continue;
                }

                kinds.TryGetValue(field.Kind, out var kind);
                string? Text(JsonNode? v) => v is null ? null : kind?.ToText(v, field) ?? v.ToJsonString();
                changes.Add(new ContentFieldChange($"{part.Name}.{field.Name}", field.DisplayName, Text(a), Text(b)));
            }
        }

        return changes;
    }
}
