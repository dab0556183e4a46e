namespace Grassroots.ContentManagement.Metadata;

/// <summary>
/// A content type (内容类型) defined in the dashboard, a recipe or the API. Its own fields form the implicit part named
/// after the type (Orchard's convention); <see cref="Parts"/> attaches reusable parts.
/// This is the JSON the recipe step <c>ContentDefinition</c> and <c>/api/content-types/{name}</c> read and write.
/// </summary>
public sealed class ContentTypeDefinition
{
    /// <summary>Technical name: letters, digits and underscores, starting with a letter.</summary>
    public string Name { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string Description { get; set; } = "";

    public ContentTypeSettings Settings { get; set; } = new();

    /// <summary>Names of reusable parts (from code or defined in the dashboard) attached to the type.</summary>
    public List<string> Parts { get; set; } = [];

    /// <summary>The type's own fields.</summary>
    public List<ContentFieldDefinition> Fields { get; set; } = [];
}

/// <summary>Type settings.</summary>
public sealed class ContentTypeSettings
{
    /// <summary>Users may create items of this type in the dashboard.</summary>
    public bool Creatable { get; set; } = true;

    /// <summary>The type has a list screen and a menu entry.</summary>
    public bool Listable { get; set; } = true;

    /// <summary>Items can be saved as drafts before publishing.</summary>
    public bool Draftable { get; set; } = true;

    /// <summary>Every save keeps a version in the history.</summary>
    public bool Versionable { get; set; } = true;

    /// <summary>The type gets its own view/edit/publish/delete permissions.</summary>
    public bool Securable { get; set; } = true;

    /// <summary>Names of people are shown masked (<c>张*强</c>) to users without the sensitive-data permission.</summary>
    public bool MaskDisplayText { get; set; }

    /// <summary>The lowest org level an item may belong to (null: any).</summary>
    public string? OrgUnitLevel { get; set; }

    /// <summary>
    /// false (default): the items are cases (案件), seen by the owner unit's subtree and the units above it.
    /// true: the items are publications (通知、指南、政策), whose published versions are also read by every unit below
    /// the owner; drafts and editing stay with the owner's subtree.
    /// </summary>
    public bool Publication { get; set; }

    /// <summary>
    /// The id of the feature that owns the type's items (e.g. <c>Grassroots.ServiceRequests</c>), set by that module's
    /// migration or recipe; null for types administered through the generic content screens. Items of an owned type are
    /// written only through the owning module's services: the generic content API and editor read them but refuse every
    /// write (409), so no change bypasses the module's rules and history.
    /// </summary>
    public string? OwnedBy { get; set; }
}
