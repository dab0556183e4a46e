using Grassroots.ContentTypes.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentTypes;

/// <summary>The dashboard editor and API for content types, parts and fields.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddScoped<FieldContainerStore>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
