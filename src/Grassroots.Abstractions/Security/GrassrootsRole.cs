using Microsoft.AspNetCore.Identity;

namespace Grassroots.Security;

/// <summary>A role (角色); its permissions are role claims of type <see cref="PermissionClaimType"/>.</summary>
public sealed class GrassrootsRole : IdentityRole
{
    public const string PermissionClaimType = "Permission";

    /// <summary>Chinese name shown in the dashboard, e.g. 系统管理员.</summary>
    public string DisplayName { get; set; } = "";

    public string Description { get; set; } = "";
}
