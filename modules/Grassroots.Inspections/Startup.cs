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
        services.AddModelConfiguration<InspectionsModel>();
        services.AddDataMigration<InspectionsMigrations>();
        services.AddScoped<InspectionService>();
        services.AddScoped<IInspectionCommentQuery, InspectionCommentQuery>();
        services.AddNavigationProvider<AdminMenu>();
    }
}

/// <summary>内容 → 督查评论.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("督查", position: 30, icon: "bi-eye", children: c =>
                c.Add("督查评论", "/admin/inspections", position: 10, permission: StandardPermissions.ViewContent, icon: "bi-chat-square-text"));
        }

        return ValueTask.CompletedTask;
    }
}
