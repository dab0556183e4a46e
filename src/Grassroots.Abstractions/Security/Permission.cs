namespace Grassroots.Security;

/// <summary>A named permission (权限) a role may hold.</summary>
/// <param name="Name">Technical name, e.g. <c>ManageFeatures</c>.</param>
/// <param name="Description">Chinese description shown in the role editor.</param>
/// <param name="Category">Group in the role editor.</param>
public sealed record Permission(string Name, string Description, string Category = "");
