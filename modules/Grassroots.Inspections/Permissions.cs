using Grassroots.Security;

namespace Grassroots.Inspections;

/// <summary>Permissions of the Inspections module (督查评论).</summary>
public sealed class InspectionPermissions : IPermissionProvider
{
    /// <summary>Comment on items as an inspector, 两代表一委员 (督查评论).</summary>
    public static readonly Permission CommentAsInspector = new("CommentAsInspector", "督查评论", "内容");

    public IEnumerable<Permission> GetPermissions() => [CommentAsInspector];
}
