namespace Grassroots.ContentManagement.Metadata;

/// <summary>
/// One part of a type as items store it: the type's own part (named after the type) first, then attached parts.
/// Code parts without dashboard-defined fields have no fields.
/// </summary>
public sealed record ContentPartLayout(string Name, string DisplayName, IReadOnlyList<ContentFieldDefinition> Fields);
