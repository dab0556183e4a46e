using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Themes.Admin;

/// <summary>The dashboard shell: menu entry for the home page (工作台).</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddNavigationProvider<AdminMenu>();
    }
}
