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
    public static System.Text.Json.Nodes.JsonNode? Missing(FieldValidationContext context)
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
}
