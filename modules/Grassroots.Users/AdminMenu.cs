using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Users;

/// <summary>安全 → 用户, 角色.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("安全", position: 800, icon: "bi-shield-lock", children: group => group
                .Add("用户", "/admin/users", position: 10, permission: UserPermissions.ManageUsers, icon: "bi-people")
                .Add("角色", "/admin/roles", position: 20, permission: UserPermissions.ManageRoles, icon: "bi-person-badge"));
        }

        return ValueTask.CompletedTask;
    }
}
