using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;
using Grassroots.OrgUnits;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 组织单元选择: codes of org units (a string, or an array with <see cref="ContentFieldSettings.Multiple"/>). Each must
/// exist and, when <see cref="ContentFieldSettings.OrgUnitLevel"/> is set (county, town, village, grid), be of that level.
/// </summary>
internal sealed class OrgUnitPickerFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.OrgUnitPicker;

    public string DisplayName => "组织单元选择";

    public async ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        var codes = FieldValidation.ReadChoices(value, context);
        if (codes is null)
        {
            return null;
        }

        if (codes.Count == 0)
        {
            return FieldValidation.Missing(context);
        }

        var orgUnits = context.Services.GetRequiredService<IOrgUnitService>();
        var level = context.Field.Settings.OrgUnitLevel;
        foreach (var code in codes)
        {
            var unit = await orgUnits.GetAsync(code);
            if (unit is null)
            {
                context.Error("「{0}」中的组织单元 {1} 不存在", code);
            }
            else if (!string.IsNullOrWhiteSpace(level) && !string.Equals(unit.Level.ToString(), level.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                context.Error("「{0}」只能选择{1}级组织单元，{2}不是", context.T[LevelName(level)].Value, unit.Name);
            }
        }

        return FieldValidation.StoreChoices(codes, context.Field.Settings.Multiple);
    }

    /// <summary>The codes joined with "、" (names need the org tree; lists resolve them separately).</summary>
    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => FieldValues.StoredStrings(value) is { Count: > 0 } codes ? string.Join("、", codes) : null;

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field) => FieldValidation.ChoicesIndex(value, field);

    private static string LevelName(string level) => level.Trim().ToLowerInvariant() switch
    {
        "county" => "县",
        "town" => "镇（街道）",
        "village" => "村（社区）",
        "grid" => "网格",
        "specialgrid" => "专项网格",
        _ => level,
    };
}
