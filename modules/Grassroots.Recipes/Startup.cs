using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Recipes;

/// <summary>Recipe upload screen and API.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddPermissionProvider<RecipePermissions>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
