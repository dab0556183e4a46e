namespace Grassroots.Security;

/// <summary>
/// Who may manage whom (reset, edit, disable, unlock, change roles): a user inside the actor's jurisdiction whose
/// permissions are a subset of the actor's own; a system administrator only by a system administrator; and the last
/// enabled system administrator is never disabled nor demoted. The refusals, in the words the screens and the API show.
/// </summary>
public static class UserManagementRules
{
    public const string AdministratorsOnly = "只有系统管理员可以管理系统管理员";

    public const string HigherPermissions = "无权管理权限高于您的用户";

    public const string LastAdministrator = "不能停用或降级最后一个启用的系统管理员";
}
