namespace Grassroots.ContentManagement;

/// <summary>One changed value between two versions (field-level diff).</summary>
/// <param name="Path">Part and field, e.g. <c>VisitRecord.Summary</c>, or a common field such as <c>OrgUnitCode</c>.</param>
/// <param name="Label">The field's display name.</param>
/// <param name="Before">The old value as text, null when absent.</param>
/// <param name="After">The new value as text, null when absent.</param>
public sealed record ContentFieldChange(string Path, string Label, string? Before, string? After);
