namespace Grassroots.Inspections.Controllers;

/// <summary>A new comment: on an item (<see cref="ContentItemId"/>) or on an org unit (<see cref="OrgUnitCode"/>).</summary>
public sealed record InspectionCommentRequest(string? ContentItemId, string? OrgUnitCode, string? Text);

/// <summary>A comment as the API returns it.</summary>
public sealed record InspectionCommentDto(long Id, string? ContentItemId, string OrgUnitCode, string UserName, string AuthorName, string Text, DateTime CreatedUtc);
