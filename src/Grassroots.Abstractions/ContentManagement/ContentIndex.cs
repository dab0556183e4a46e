namespace Grassroots.ContentManagement;

/// <summary>Base of a typed index row: which stored document (version row) it was mapped from.</summary>
public abstract class ContentIndex
{
    public long Id { get; set; }

    /// <summary>The <see cref="ContentItemRecord.Id"/> of the version this row maps.</summary>
    public long DocumentId { get; set; }
}
