using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>数字: a decimal number stored as a JSON number; settings Min, Max and Scale (digits after the point).</summary>
internal sealed class NumberFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.Number;

    public string DisplayName => "数字";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        if (!FieldValues.TryReadDecimal(value, out var number))
        {
            context.Error("「{0}」必须是数字");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        // Drops trailing zeros (1.50 → 1.5) so equal values store the same.
        number /= 1.000000000000000000000000000000000m;
        var settings = context.Field.Settings;
        if (settings.Scale is { } scale && scale >= 0 && number.Scale > scale)
        {
            if (scale == 0)
            {
                context.Error("「{0}」必须是整数");
            }
            else
            {
                context.Error("「{0}」最多 {1} 位小数", scale);
            }
        }

        if (settings.Min is { } min && number < min)
        {
            context.Error("「{0}」不能小于 {1}", Format(min));
        }

        if (settings.Max is { } max && number > max)
        {
            context.Error("「{0}」不能大于 {1}", Format(max));
        }

        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(number));
    }

    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => FieldValues.TryReadDecimal(value, out var number) ? Format(number) : null;

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => !field.Settings.Sensitive && FieldValues.TryReadDecimal(value, out var number) ? new IndexedFieldValue(Number: (double)number) : default;

    private static string Format(decimal number)
        => (number / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
