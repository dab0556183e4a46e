namespace Grassroots.Inspections.Models;

/// <summary>
/// An inspector's comment (督查评论) by a people's congress deputy, party congress deputy or CPPCC member (两代表一委员),
/// on a content item or on an org unit (an office or service point).
/// </summary>
public sealed class InspectionComment : Grassroots.Security.IOrgScoped
{
    public long Id { get; set; }

    /// <summary>The item commented on, or null for a comment on an org unit.</summary>
    public string? ContentItemId { get; set; }

    /// <summary>The org unit the comment concerns (the item's unit for item comments).</summary>
    public string OrgUnitCode { get; set; } = "";

    /// <summary>Materialised path of <see cref="OrgUnitCode"/>, for jurisdiction filters.</summary>
    public string OrgPath { get; set; } = "";

    public string UserName { get; set; } = "";

    public string AuthorName { get; set; } = "";

    /// <summary>Plain text (HTML is escaped on output).</summary>
    public string Text { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}
