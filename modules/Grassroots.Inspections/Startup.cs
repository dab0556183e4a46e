using Grassroots.Inspections.Models;
using Grassroots.Inspections.Services;
using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Inspections;

/// <summary>Inspector comments: table, service, screens, API, menu.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddPermissionProvider<InspectionPermissions>();
        services.AddModelConfiguration<InspectionsModel>();
        services.AddDataMigration<InspectionsMigrations>();
        services.AddScoped<InspectionService>();
        services.AddScoped<IInspectionCommentQuery, InspectionCommentQuery>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
