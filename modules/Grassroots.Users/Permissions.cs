using Grassroots.Security;

namespace Grassroots.Users;

/// <summary>Permissions of the Users module (用户和角色).</summary>
public sealed class UserPermissions : IPermissionProvider
{
    /// <summary>Manage the users inside the jurisdiction who hold no more than the actor (管理用户).</summary>
    public static readonly Permission ManageUsers = new("ManageUsers", "管理用户", "安全");

    /// <summary>Define roles and their permissions (管理角色和权限).</summary>
    public static readonly Permission ManageRoles = new("ManageRoles", "管理角色和权限", "安全");

    public IEnumerable<Permission> GetPermissions() => [ManageUsers, ManageRoles];
}
