using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>The checks every text-like kind shares, with messages that name the field.</summary>
internal static class FieldValidation
{
    /// <summary>Adds a localized error; <c>{0}</c> is the field label, the rest are <paramref name="args"/>.</summary>
    public static void Error(this FieldValidationContext context, string format, params object[] args)
    {
        var all = new object[args.Length + 1];
        all[0] = context.Label;
        args.CopyTo(all, 1);
        context.AddError(context.T[format, all].Value);
    }

    /// <summary>The "cannot be empty" error when the field is required; always returns null (no value).</summary>
    public static JsonNode? Missing(FieldValidationContext context)
    {
        if (context.Field.Settings.Required)
        {
            context.Error("「{0}」不能为空");
        }

        return null;
    }

    /// <summary>MinLength, MaxLength and Pattern of <paramref name="settings"/> against <paramref name="text"/>.</summary>
    public static void CheckText(FieldValidationContext context, string text, ContentFieldSettings settings)
    {
        var length = FieldValues.CountCharacters(text);
        if (settings.MinLength is { } min && length < min)
        {
            context.Error("「{0}」至少 {1} 个字符", min);
        }

        if (settings.MaxLength is { } max && length > max)
        {
            context.Error("「{0}」最多 {1} 个字符", max);
        }

        if (!string.IsNullOrWhiteSpace(settings.Pattern) && FieldValues.MatchesPattern(text, settings.Pattern) == false)
        {
            if (string.IsNullOrWhiteSpace(settings.PatternMessage))
            {
                context.Error("「{0}」格式不正确");
            }
            else if (settings.PatternMessage.Contains("{0}", StringComparison.Ordinal))
            {
                context.Error(settings.PatternMessage);
            }
            else
            {
                context.Error("「{0}」{1}", context.T[settings.PatternMessage].Value);
            }
        }
    }

    /// <summary>An index entry for text, or nothing for a sensitive field.</summary>
    public static IndexedFieldValue TextIndex(string? text, ContentFieldDefinition field)
        => field.Settings.Sensitive || string.IsNullOrEmpty(text) ? default : new IndexedFieldValue(Text: FieldValues.Truncate(text));

    /// <summary>
    /// The chosen values of a select or picker; null (after adding an error) when the shape is wrong or several values
    /// were sent to a single-value field. An empty list means nothing was chosen.
    /// </summary>
    public static List<string>? ReadChoices(JsonNode? value, FieldValidationContext context)
    {
        var values = FieldValues.AsStrings(value);
        if (values is null)
        {
            context.Error("「{0}」的值格式不正确");
            return null;
        }

        if (values.Count > 1 && !context.Field.Settings.Multiple)
        {
            context.Error("「{0}」只能选择一项");
            return null;
        }

        return values;
    }

    /// <summary>How chosen values are stored: an array for a multiple field, else a single string.</summary>
    public static JsonNode? StoreChoices(List<string> values, bool multiple)
        => values.Count == 0 ? null
            : multiple ? new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))])
            : JsonValue.Create(values[0]);

    /// <summary>An index entry for chosen values: joined with spaces; nothing for a sensitive field.</summary>
    public static IndexedFieldValue ChoicesIndex(JsonNode? value, ContentFieldDefinition field)
    {
        var values = FieldValues.StoredStrings(value);
        return field.Settings.Sensitive || values.Count == 0 ? default : new IndexedFieldValue(Text: FieldValues.Truncate(string.Join(' ', values)));
    }
}
