using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>多行文本: plain text with line breaks (stored with <c>\n</c>), trimmed.</summary>
internal sealed class MultilineTextFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.MultilineText;

    public string DisplayName => "多行文本";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
        => ValueTask.FromResult(TextFieldKind.Normalize(value, context, multiline: true));

    public string? ToText(JsonNode? value, ContentFieldDefinition field) => FieldValues.AsString(value);

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => FieldValidation.TextIndex(FieldValues.AsString(value), field);
}
