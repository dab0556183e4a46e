using System.Text;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>单行文本: one line of text, trimmed; line breaks become spaces.</summary>
internal sealed class TextFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.Text;

    public string DisplayName => "单行文本";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
        => ValueTask.FromResult(Normalize(value, context, multiline: false));

    public string? ToText(JsonNode? value, ContentFieldDefinition field) => FieldValues.AsString(value);

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => FieldValidation.TextIndex(FieldValues.AsString(value), field);

    /// <summary>Shared by single- and multi-line text.</summary>
    internal static JsonNode? Normalize(JsonNode? value, FieldValidationContext context, bool multiline)
    {
        if (FieldValues.IsBlank(value))
        {
            return FieldValidation.Missing(context);
        }

        var text = FieldValues.AsString(value);
        if (text is null)
        {
            context.Error("「{0}」必须是文本");
            return null;
        }

        text = Clean(text, multiline);
        if (text.Length == 0)
        {
            return FieldValidation.Missing(context);
        }

        FieldValidation.CheckText(context, text, context.Field.Settings);
        return JsonValue.Create(text);
    }

    /// <summary>Drops control characters, unifies line breaks (multi-line) or joins lines (single line), trims.</summary>
    internal static string Clean(string text, bool multiline)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n')
            {
                builder.Append(multiline ? '\n' : ' ');
            }
            else if (c == '\t')
            {
                builder.Append(multiline ? '\t' : ' ');
            }
            else if (!char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}
