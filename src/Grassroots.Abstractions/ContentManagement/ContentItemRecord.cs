namespace Grassroots.ContentManagement;

/// <summary>
/// The stored row of one content item version: the JSON document plus the common columns that lists, filters and
/// jurisdiction checks query (the content item index).
/// </summary>
public sealed class ContentItemRecord : Security.IOrgScoped
{
    public long Id { get; set; }
    public string ContentItemId { get; set; } = "";
    public string ContentItemVersionId { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string DisplayText { get; set; } = "";
    public string OrgUnitCode { get; set; } = "";
    /// <summary>Materialised org path, e.g. <c>/370725/370725001/370725001001/</c>, for subtree filters.</summary>
    public string OrgPath { get; set; } = "";
    public bool Latest { get; set; }
    public bool Published { get; set; }
    public bool Deleted { get; set; }
    public int Number { get; set; }
    public string ConcurrencyStamp { get; set; } = "";
    public string? Owner { get; set; }
    public string? Author { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ModifiedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }
    /// <summary>The parts and fields as JSON.</summary>
    public string Data { get; set; } = "{}";
}
