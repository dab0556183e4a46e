using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Modules;

/// <summary>
/// The start-up class of one feature. Every feature's services are registered when the host starts;
/// what a disabled feature contributes (routes, menus, extension points) is switched off at run time.
/// </summary>
public abstract class StartupBase
{
    /// <summary>Lower runs first among features that do not depend on each other.</summary>
    public virtual int Order => 0;

    public virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Map minimal-API endpoints; they answer 404 while the feature is disabled.</summary>
    public virtual void Configure(IEndpointRouteBuilder routes)
    {
    }
}
