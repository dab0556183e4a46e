using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Themes.Admin;

/// <summary>Adds 工作台 (the dashboard home) at the top of the admin menu.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("工作台", "/admin", position: 0, permission: StandardPermissions.AccessAdminPanel, icon: "bi-speedometer2");
        }

        return ValueTask.CompletedTask;
    }
}
