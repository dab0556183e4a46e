using Grassroots.ContentManagement.Metadata;
using Grassroots.Modules;
using Microsoft.Extensions.Localization;

namespace Grassroots.Contents.Services;

/// <summary>
/// The one place that tells whether the generic content API and editor may write items of a type: a type owned by a
/// module (<see cref="ContentTypeSettings.OwnedBy"/>) is read-only here, and a type that is not
/// <see cref="ContentTypeSettings.Creatable"/> gets no new items here. The owning module writes through
/// <c>IContentManager</c> directly, which these checks do not touch.
/// </summary>
public sealed class ModuleOwnedTypes(IFeatureManager features, IStringLocalizer<ModuleOwnedTypes> T)
{
    /// <summary>The display name of the owning feature (its id when the feature is unknown), or null when the type is not owned.</summary>
    public string? OwnerName(ContentTypeDefinition? type)
    {
        var owner = type?.Settings.OwnedBy;
        return string.IsNullOrWhiteSpace(owner) ? null : features.GetFeature(owner.Trim())?.Name ?? owner.Trim();
    }

    /// <summary>Why items of the type cannot be changed here, or null when they can.</summary>
    public string? WriteRefusal(ContentTypeDefinition? type)
        => OwnerName(type) is { } owner
            ? T["「{0}」由「{1}」模块管理，只能在该模块的页面或接口中办理，通用内容接口和编辑器不能修改。", Label(type!), owner].Value
            : null;

    /// <summary>Why an item of the type cannot be created here, or null when it can.</summary>
    public string? CreateRefusal(ContentTypeDefinition type)
        => WriteRefusal(type) ?? (type.Settings.Creatable ? null : T["内容类型「{0}」不允许新建内容项。", Label(type)].Value);

    /// <summary>The problem title that goes with either refusal.</summary>
    public string RefusalTitle => T["不能在此修改该类型的内容"].Value;

    private static string Label(ContentTypeDefinition type) => string.IsNullOrWhiteSpace(type.DisplayName) ? type.Name : type.DisplayName;
}
