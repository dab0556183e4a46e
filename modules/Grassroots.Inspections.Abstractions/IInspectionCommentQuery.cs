namespace Grassroots.Inspections;

/// <summary>An inspector's comment (督查评论) as other modules read it for reports.</summary>
/// <param name="Id">Comment id.</param>
/// <param name="ContentItemId">The item commented on, or null for a comment on an org unit.</param>
/// <param name="OrgUnitCode">The org unit the comment concerns.</param>
/// <param name="AuthorName">The inspector's display name.</param>
/// <param name="Text">Plain text (escape on output).</param>
/// <param name="CreatedUtc">When it was written.</param>
public sealed record InspectionCommentInfo(long Id, string? ContentItemId, string OrgUnitCode, string AuthorName, string Text, DateTime CreatedUtc);

/// <summary>
/// Read-only access to inspector comments for reports ("their comments appear in reports"), implemented by the
/// Inspections module; read it through <c>IEnabledServices&lt;IInspectionCommentQuery&gt;</c> so nothing shows when the
/// feature is off. The caller applies its own jurisdiction by passing the org path prefix.
/// </summary>
public interface IInspectionCommentQuery
{
    /// <summary>
    /// The newest comments whose org unit lies under <paramref name="orgPathPrefix"/> (e.g. "/370725/370725001/"), newest
    /// first. <paramref name="unitsOnly"/> keeps only comments on org units (offices, towns), not on items.
    /// </summary>
    Task<IReadOnlyList<InspectionCommentInfo>> GetLatestAsync(string orgPathPrefix, int take, bool unitsOnly, CancellationToken cancellationToken = default);
}
