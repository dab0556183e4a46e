using Grassroots.Contents.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Contents;

/// <summary>Content screens for any type, the content HTTP API and the content menu.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddScoped<ContentListService>();
        services.AddScoped<ContentAccess>();
        services.AddScoped<ModuleOwnedTypes>();
        services.AddNavigationProvider<AdminMenu>();
        services.AddPermissionProvider<ContentTypePermissionProvider>();
        services.AddScoped<ContentExportService>();
    }
}
