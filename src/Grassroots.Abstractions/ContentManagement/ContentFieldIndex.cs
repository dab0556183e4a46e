namespace Grassroots.ContentManagement;

/// <summary>
/// One row per field value of a latest or published version, typed by column, so lists filter and sort on fields
/// defined in the dashboard without reading JSON.
/// </summary>
public sealed class ContentFieldIndex : ContentIndex
{
    public string ContentItemId { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string PartName { get; set; } = "";
    public string FieldName { get; set; } = "";
    public bool Latest { get; set; }
    public bool Published { get; set; }
    /// <summary>Text, up to 1,000 characters (sensitive fields are not indexed in clear).</summary>
    public string? Text { get; set; }
    public double? Number { get; set; }
    public DateTime? Date { get; set; }
    public bool? Boolean { get; set; }
}
