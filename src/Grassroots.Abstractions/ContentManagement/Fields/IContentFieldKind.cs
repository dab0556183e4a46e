using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// A kind of field: how a submitted value is validated and normalised (the same code for forms and the API), how it
/// reads as text (lists, diffs) and what it puts in the field index.
/// </summary>
public interface IContentFieldKind
{
    /// <summary>One of <see cref="ContentFieldKinds"/> or a module's own.</summary>
    string Name { get; }

    /// <summary>Name shown in the type editor (a localizable Chinese source string).</summary>
    string DisplayName { get; }

    /// <summary>
    /// Checks the submitted value (a JSON value of the right type, or the text a form posted) and returns the value to
    /// store. Errors go to <see cref="FieldValidationContext.AddError"/>; null means "no value".
    /// </summary>
    ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context);

    /// <summary>The stored value as text for lists and diffs (already masked when the field is sensitive and masking applies).</summary>
    string? ToText(JsonNode? value, ContentFieldDefinition field);

    /// <summary>What the field index stores for the value.</summary>
    IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field);
}

/// <summary>A value as the field index stores it.</summary>
public readonly record struct IndexedFieldValue(string? Text = null, double? Number = null, DateTime? Date = null, bool? Boolean = null);
