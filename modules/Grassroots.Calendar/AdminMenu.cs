using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Calendar;

/// <summary>平台设置 → 工作日历.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("工作日历", "/admin/calendar", position: 40, permission: StandardPermissions.ManageSettings, icon: "bi-calendar3");
        }

        return ValueTask.CompletedTask;
    }
}
