using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Services;
using Grassroots.OrgUnits;

namespace Grassroots.Contents.Controllers;

/// <summary>The list screen.</summary>
public sealed class ContentListViewModel
{
    public ContentTypeDefinition? Type { get; init; }
    public required IReadOnlyList<ContentTypeDefinition> Types { get; init; }
    public required ContentListFilter Filter { get; init; }
    public required ContentListPage Page { get; init; }
    public required IReadOnlyList<OrgUnitSummary> Towns { get; init; }
    public required IReadOnlyDictionary<string, string> OrgNames { get; init; }
    public int PageCount => Math.Max(1, (Page.Total + Page.PageSize - 1) / Page.PageSize);
    /// <summary>Whether items of the type are owned by a module (no edit link here).</summary>
    public bool IsOwned(string type) => !string.IsNullOrWhiteSpace(Types.FirstOrDefault(t => t.Name == type)?.Settings.OwnedBy);
    public string TypeName(string type) => Types.FirstOrDefault(t => t.Name == type) is { } t && !string.IsNullOrWhiteSpace(t.DisplayName) ? t.DisplayName : type;
}

/// <summary>The create/edit form.</summary>
public sealed class ContentEditorViewModel
{
    public required ContentTypeDefinition Type { get; init; }
    public required IReadOnlyList<ContentPartLayout> Layout { get; init; }
    public required ContentItem Item { get; init; }
    public bool IsNew { get; init; }
    /// <summary>What the user typed (or the stored value as text), by "Part.Field".</summary>
    public required Dictionary<string, List<string>> Values { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    public string? Conflict { get; init; }
    public required IReadOnlyList<OrgUnitSummary> OrgUnits { get; init; }
    /// <summary>Choices of content pickers and org-unit pickers by "Part.Field".</summary>
    public required Dictionary<string, List<(string Value, string Text)>> Choices { get; init; }
    /// <summary>Files currently attached, by "Part.Field".</summary>
    public required Dictionary<string, List<(string Id, string FileName)>> Files { get; init; }

    public string Value(string path) => Values.TryGetValue(path, out var v) && v.Count > 0 ? v[0] : "";
    public string[] ErrorsFor(string path) => Errors.TryGetValue(path, out var e) ? e : [];
}

/// <summary>The preview screen.</summary>
public sealed class ContentPreviewViewModel
{
    public required ContentTypeDefinition Type { get; init; }
    public required IReadOnlyList<ContentPartLayout> Layout { get; init; }
    public required ContentItem Item { get; init; }
    public required string OrgUnitName { get; init; }
    /// <summary>Display text of each field by "Part.Field"; HTML fields hold sanitised HTML.</summary>
    public required Dictionary<string, string?> Texts { get; init; }
    public required Dictionary<string, List<(string Id, string FileName)>> Files { get; init; }
    public bool CanEdit { get; init; }
    public bool CanPublish { get; init; }
    public bool CanDelete { get; init; }
    public bool CanReveal { get; init; }
    public bool Revealed { get; init; }
    /// <summary>The module that owns the type (its items are changed only there), or null.</summary>
    public string? OwnerName { get; init; }
}

/// <summary>The versions screen.</summary>
public sealed class ContentVersionsViewModel
{
    public required ContentTypeDefinition Type { get; init; }
    public required ContentItem Latest { get; init; }
    public required IReadOnlyList<ContentItem> Versions { get; init; }
    public ContentItem? Selected { get; init; }
    public ContentItem? Against { get; init; }
    public IReadOnlyList<ContentFieldChange> Changes { get; init; } = [];

    /// <summary>Versions whose org unit lies outside the user's jurisdiction: shown, but not offered for restore.</summary>
    public IReadOnlySet<string> NotRestorable { get; init; } = new HashSet<string>();

    /// <summary>False for a type owned by a module: no version can be restored here.</summary>
    public bool CanRestore { get; init; } = true;
}

internal static class ContentDates
{
    public static string Date(DateTime? utc) => utc is { } v ? Local(v).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";

    public static string Time(DateTime? utc) => utc is { } v ? Local(v).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";

    public static string DateTime(DateTime? utc) => utc is { } v ? Local(v).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static System.DateTime Local(System.DateTime utc) => Localization.BusinessTime.ToBusinessDateTime(utc);
}

internal static class FieldKindLookup
{
    public static IContentFieldKind? Find(this Modules.IEnabledServices<IContentFieldKind> kinds, string name)
        => kinds.All.FirstOrDefault(k => k.Name == name);
}

/// <summary>The reveal form (查看敏感信息).</summary>
public sealed class ContentRevealViewModel
{
    public required ContentItem Item { get; init; }
    public string? Reason { get; init; }
    public string? Error { get; init; }
}
