using Grassroots.ContentTypes.Services;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentTypes;

/// <summary>The dashboard editor and API for content types, parts and fields.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddPermissionProvider<ContentDefinitionPermissions>();
        services.AddScoped<FieldContainerStore>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
