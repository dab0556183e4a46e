using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.OrgUnits;

/// <summary>Org tree screen and API.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddNavigationProvider<AdminMenu>();
    }
}

/// <summary>平台设置 → 组织机构.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("组织机构", "/admin/org-units", position: 20, permission: StandardPermissions.ManageOrgUnits, icon: "bi-diagram-3");
        }

        return ValueTask.CompletedTask;
    }
}
