using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>是/否: true or false; forms may post <c>on</c>, <c>1</c>/<c>0</c> or <c>true,false</c> (checkbox plus hidden input).</summary>
internal sealed class BooleanFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.Boolean;

    public string DisplayName => "是/否";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        if (Read(value) is not { } flag)
        {
            context.Error("「{0}」只能是“是”或“否”");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(flag));
    }

    public string? ToText(JsonNode? value, ContentFieldDefinition field) => Read(value) switch
    {
        true => "是",
        false => "否",
        null => null,
    };

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => !field.Settings.Sensitive && Read(value) is { } flag ? new IndexedFieldValue(Boolean: flag) : default;

    internal static bool? Read(JsonNode? value)
    {
        if (value is not JsonValue jsonValue)
        {
            return null;
        }

        switch (jsonValue.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return jsonValue.ToJsonString() switch
                {
                    "1" => true,
                    "0" => false,
                    _ => null,
                };
            case JsonValueKind.String:
                var text = jsonValue.GetValue<string>().Trim();
                // A checked MVC checkbox posts "true,false" (the box, then its hidden input): the first value wins.
                var comma = text.IndexOf(',', StringComparison.Ordinal);
                if (comma >= 0)
                {
                    text = text[..comma].Trim();
                }

                return text.ToLowerInvariant() switch
                {
                    "true" or "on" or "1" or "yes" or "是" => true,
                    "false" or "off" or "0" or "no" or "否" => false,
                    _ => null,
                };
            default:
                return null;
        }
    }
}
