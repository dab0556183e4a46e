using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Calendar;

/// <summary>The 工作日历 screen and API (the calendar service itself is in the core).</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddNavigationProvider<AdminMenu>();
    }
}

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
