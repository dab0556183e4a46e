namespace Grassroots.ContentManagement.Metadata;

/// <summary>A reusable part: a named bag of fields an administrator defines, or a part that code provides.</summary>
public sealed class ContentPartDefinition
{
    public string Name { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>May be attached to types in the dashboard.</summary>
    public bool Attachable { get; set; } = true;

    public List<ContentFieldDefinition> Fields { get; set; } = [];
}
