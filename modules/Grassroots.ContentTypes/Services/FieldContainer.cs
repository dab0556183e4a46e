using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentTypes.Services;

/// <summary>What owns a list of fields: a content type (its own part) or a reusable part.</summary>
public enum FieldContainerKind
{
    Type,
    Part,
}

/// <summary>
/// A type or part seen only as "something with fields", so one field editor serves both. <see cref="Fields"/> is the
/// definition's own list: changing it and calling <see cref="FieldContainerStore.SaveAsync"/> stores the definition.
/// </summary>
public sealed class FieldContainer
{
    private FieldContainer(FieldContainerKind kind, ContentTypeDefinition? type, ContentPartDefinition? part)
    {
        Kind = kind;
        Type = type;
        Part = part;
    }

    public FieldContainerKind Kind { get; }

    public ContentTypeDefinition? Type { get; }

    public ContentPartDefinition? Part { get; }

    public string Name => Type?.Name ?? Part!.Name;

    public string DisplayName => Type?.DisplayName ?? (string.IsNullOrEmpty(Part!.DisplayName) ? Part.Name : Part.DisplayName);

    public List<ContentFieldDefinition> Fields => Type?.Fields ?? Part!.Fields;

    /// <summary>The URL segment: <c>content-types</c> or <c>content-parts</c>.</summary>
    public string Segment => SegmentOf(Kind);

    /// <summary>The container's edit screen.</summary>
    public string EditUrl => $"/admin/{Segment}/{Uri.EscapeDataString(Name)}";

    public static string SegmentOf(FieldContainerKind kind) => kind == FieldContainerKind.Type ? "content-types" : "content-parts";

    public static FieldContainer ForType(ContentTypeDefinition type) => new(FieldContainerKind.Type, type, null);

    public static FieldContainer ForPart(ContentPartDefinition part) => new(FieldContainerKind.Part, null, part);

    public int IndexOf(string fieldName) => Fields.FindIndex(f => string.Equals(f.Name, fieldName, StringComparison.Ordinal));
}
