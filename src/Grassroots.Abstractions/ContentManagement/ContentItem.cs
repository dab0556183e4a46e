using System.Text.Json.Nodes;

namespace Grassroots.ContentManagement;

/// <summary>
/// A content item (内容项) as a JSON document: common fields plus one object per part, each holding one object per field
/// (<c>{"value": …}</c>). One instance is one version of the item.
/// </summary>
public sealed class ContentItem
{
    /// <summary>Stable id shared by every version.</summary>
    public string ContentItemId { get; set; } = "";

    /// <summary>Id of this version.</summary>
    public string ContentItemVersionId { get; set; } = "";

    public string ContentType { get; set; } = "";

    public string DisplayText { get; set; } = "";

    /// <summary>The org unit (official statistical code) the item belongs to.</summary>
    public string OrgUnitCode { get; set; } = "";

    public bool Latest { get; set; }

    public bool Published { get; set; }

    /// <summary>Soft-deleted: hidden from lists until restored.</summary>
    public bool Deleted { get; set; }

    /// <summary>1 for the first version, then counting up.</summary>
    public int Number { get; set; }

    /// <summary>Changes on every save; a save must quote the stamp it was based on.</summary>
    public string ConcurrencyStamp { get; set; } = "";

    public string? Owner { get; set; }

    public string? Author { get; set; }

    public DateTime? CreatedUtc { get; set; }

    public DateTime? ModifiedUtc { get; set; }

    public DateTime? PublishedUtc { get; set; }

    /// <summary>Parts by name; each part an object of fields by name.</summary>
    public JsonObject Content { get; set; } = [];

    /// <summary>The part object, created when missing.</summary>
    public JsonObject Part(string partName)
    {
        if (Content[partName] is JsonObject part)
        {
            return part;
        }

        part = [];
        Content[partName] = part;
        return part;
    }

    /// <summary>The stored value of a field (the <c>value</c> of its object), or null.</summary>
    public JsonNode? GetFieldValue(string partName, string fieldName)
        => (Content[partName] as JsonObject)?[fieldName] is JsonObject field ? field["value"] : null;

    public void SetFieldValue(string partName, string fieldName, JsonNode? value)
        => Part(partName)[fieldName] = new JsonObject { ["value"] = value };

    public ContentItem Clone()
    {
        var copy = (ContentItem)MemberwiseClone();
        copy.Content = (JsonObject)Content.DeepClone();
        return copy;
    }
}
