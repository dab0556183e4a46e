using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Themes.Portal;

/// <summary>The public site: home page with notices and the notice page.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
    }
}
