using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Users;

/// <summary>Login, logout, API tokens and the language switch.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
    }
}
