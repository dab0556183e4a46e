using Grassroots.ContentManagement.Metadata;
using Grassroots.ContentTypes.Services;

namespace Grassroots.ContentTypes.Models;

/// <summary>The create and settings form of a type.</summary>
public sealed class TypeForm
{
    public string? DisplayName { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool Creatable { get; set; } = true;
    public bool Listable { get; set; } = true;
    public bool Draftable { get; set; } = true;
    public bool Versionable { get; set; } = true;
    public bool Securable { get; set; } = true;
    public bool MaskDisplayText { get; set; }
    public string? OrgUnitLevel { get; set; }

    /// <summary><see cref="ContentTypeSettings.Publication"/>: false for cases, true for publications.</summary>
    public bool Publication { get; set; }

    public static TypeForm From(ContentTypeDefinition type) => new()
    {
        DisplayName = type.DisplayName,
        Name = type.Name,
        Description = type.Description,
        Creatable = type.Settings.Creatable,
        Listable = type.Settings.Listable,
        Draftable = type.Settings.Draftable,
        Versionable = type.Settings.Versionable,
        Securable = type.Settings.Securable,
        MaskDisplayText = type.Settings.MaskDisplayText,
        OrgUnitLevel = type.Settings.OrgUnitLevel,
        Publication = type.Settings.Publication,
    };

    /// <summary>Copies everything but the technical name onto the definition.</summary>
    public void ApplyTo(ContentTypeDefinition type)
    {
        type.DisplayName = DisplayName?.Trim() ?? "";
        type.Description = Description?.Trim() ?? "";
        type.Settings.Creatable = Creatable;
        type.Settings.Listable = Listable;
        type.Settings.Draftable = Draftable;
        type.Settings.Versionable = Versionable;
        type.Settings.Securable = Securable;
        type.Settings.MaskDisplayText = MaskDisplayText;
        type.Settings.OrgUnitLevel = string.IsNullOrWhiteSpace(OrgUnitLevel) ? null : OrgUnitLevel;
        type.Settings.Publication = Publication;
    }
}

/// <summary>The create and settings form of a part.</summary>
public sealed class PartForm
{
    public string? DisplayName { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool Attachable { get; set; } = true;

    public static PartForm From(ContentPartDefinition part) => new()
    {
        DisplayName = part.DisplayName,
        Name = part.Name,
        Description = part.Description,
        Attachable = part.Attachable,
    };

    public void ApplyTo(ContentPartDefinition part)
    {
        part.DisplayName = DisplayName?.Trim() ?? "";
        part.Description = Description?.Trim() ?? "";
        part.Attachable = Attachable;
    }
}

/// <summary>The 添加字段 form.</summary>
public sealed class NewFieldForm
{
    public string? DisplayName { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
}

/// <summary>A field kind for select lists.</summary>
public sealed record FieldKindOption(string Name, string DisplayName);

/// <summary>The fields section shared by the type and part editors.</summary>
public sealed class FieldsSection
{
    public required FieldContainer Container { get; init; }
    public required IReadOnlyList<FieldKindOption> Kinds { get; init; }
    public NewFieldForm NewField { get; init; } = new();
}

/// <summary>The 添加字段 page shown again when the form had errors.</summary>
public sealed class AddFieldPage
{
    public required FieldsSection Section { get; init; }
}

/// <summary>A row of the type list.</summary>
public sealed record TypeRow(ContentTypeDefinition Type, int ItemCount);

public sealed class TypeIndexPage
{
    public required IReadOnlyList<TypeRow> Rows { get; init; }
    public required IReadOnlyDictionary<string, string> PartNames { get; init; }
}

public sealed class TypeCreatePage
{
    public TypeForm Form { get; init; } = new();
}

public sealed class TypeEditPage
{
    public required ContentTypeDefinition Type { get; init; }
    public required TypeForm Form { get; init; }
    public required FieldsSection Fields { get; init; }
    /// <summary>Attachable parts not attached yet.</summary>
    public required IReadOnlyList<ContentPartDefinition> AvailableParts { get; init; }
    public required IReadOnlyDictionary<string, string> PartNames { get; init; }
    public int ItemCount { get; init; }
    /// <summary>Display name of the module that owns the type (<see cref="ContentTypeSettings.OwnedBy"/>), shown read-only; null when none.</summary>
    public string? OwnerName { get; init; }
}

public sealed record PartRow(ContentPartDefinition Part, IReadOnlyList<string> UsedBy);

public sealed class PartIndexPage
{
    public required IReadOnlyList<PartRow> Rows { get; init; }
}

public sealed class PartEditPage
{
    public required ContentPartDefinition Part { get; init; }
    public required PartForm Form { get; init; }
    public required FieldsSection Fields { get; init; }
    public required IReadOnlyList<string> UsedBy { get; init; }
}
