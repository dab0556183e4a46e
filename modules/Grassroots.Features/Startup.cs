using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Features;

/// <summary>Feature management screen and API.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddPermissionProvider<FeaturePermissions>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
