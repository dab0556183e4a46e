using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentManagement.Fields;

/// <summary>What a field kind needs to validate one value.</summary>
public sealed class FieldValidationContext
{
    public required ContentFieldDefinition Field { get; init; }

    /// <summary>The part (or type) holding the field.</summary>
    public required string PartName { get; init; }

    public required ContentItem Item { get; init; }

    public required IServiceProvider Services { get; init; }

    /// <summary>The user saving the item (null for system saves: recipes, background work).</summary>
    public string? UserName { get; init; }

    /// <summary>Localizer for messages (Chinese source strings).</summary>
    public required IStringLocalizer T { get; init; }

    public List<string> Errors { get; } = [];

    /// <summary>The label used in messages: the display name, else the technical name.</summary>
    public string Label => string.IsNullOrWhiteSpace(Field.DisplayName) ? Field.Name : Field.DisplayName;

    public void AddError(string message) => Errors.Add(message);
}
