using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.OrgUnits;

/// <summary>Org tree screen and API.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddPermissionProvider<OrgUnitPermissions>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
