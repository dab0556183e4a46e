using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Recipes;

/// <summary>Recipe upload screen and API.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddNavigationProvider<AdminMenu>();
    }
}

/// <summary>平台设置 → 配方.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("配方", "/admin/recipes", position: 30, permission: StandardPermissions.RunRecipes, icon: "bi-journal-code");
        }

        return ValueTask.CompletedTask;
    }
}
