using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 下拉选择: one option value (a string) or, with <see cref="ContentFieldSettings.Multiple"/>, an array of option values;
/// every value must be one of <see cref="ContentFieldSettings.Options"/>.
/// </summary>
internal sealed class SelectFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.Select;

    public string DisplayName => "下拉选择";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        var settings = context.Field.Settings;

        // An option value may itself contain a comma: a single string that is an option is taken whole.
        if (FieldValues.AsString(value) is { } whole && settings.Options.Any(o => o.Value == whole.Trim()))
        {
            value = new JsonArray(JsonValue.Create(whole.Trim()));
        }

        var values = FieldValidation.ReadChoices(value, context);
        if (values is null)
        {
            return ValueTask.FromResult<JsonNode?>(null);
        }

        if (values.Count == 0)
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        foreach (var v in values.Where(v => !settings.Options.Any(o => o.Value == v)))
        {
            context.Error("「{0}」的选项“{1}”无效", v);
        }

        return ValueTask.FromResult(FieldValidation.StoreChoices(values, settings.Multiple));
    }

    /// <summary>The options' display text, joined with "、".</summary>
    public string? ToText(JsonNode? value, ContentFieldDefinition field)
    {
        var values = FieldValues.StoredStrings(value);
        if (values.Count == 0)
        {
            return null;
        }

        return string.Join("、", values.Select(v =>
            field.Settings.Options.FirstOrDefault(o => o.Value == v) is { } option && !string.IsNullOrEmpty(option.Text) ? option.Text : v));
    }

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field) => FieldValidation.ChoicesIndex(value, field);
}
