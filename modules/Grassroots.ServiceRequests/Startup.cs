using Grassroots.Navigation;
using Grassroots.Security;
using Grassroots.ServiceRequests.Activities;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ServiceRequests;

/// <summary>流水线服务: service network, guides, the five-step pipeline, KPIs, disclosure, Open311.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddModelConfiguration<ServiceRequestsModel>();
        services.AddDataMigration<ServiceRequestsMigrations>();
        services.AddPermissionProvider<ServiceRequestPermissions>();
        services.AddNavigationProvider<AdminMenu>();

        // --- screens: staff screens and /api/service-requests ---
        services.AddScoped<Screens.ServiceRequestQueries>();
        services.AddScoped<Screens.ServiceRequestActions>();
        services.AddScoped<Screens.ServiceRequestRegistration>();
        // --- end screens ---

        // --- open311: portal online channel (submit, track, follow-up) and Open311 GeoReport v2 ---
        services.AddScoped<Services.PublicRequestReader>();
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(options =>
            options.AddPolicy<string, Services.SubmissionRateLimitPolicy>(Services.SubmissionRateLimitPolicy.Name));
        // --- end open311 ---

        // Tracking: the private secret (查询密码) on the receipt, its keyed hash and the failed-attempt limits (decision 0011).
        services.AddOptions<Services.Tracking.ServiceTrackingOptions>().BindConfiguration("ServiceRequests:Tracking");
        services.AddSingleton<Services.Tracking.TrackingSecretHasher>();
        services.AddSingleton<Services.Tracking.TrackingAddressLimiter>();
        services.AddScoped<Services.Tracking.ServiceTracking>();

        // --- network helper: catalog, guides, queues, recipe step ---
        services.AddDataMigration<Network.ServiceGuideMigrations>();
        services.AddScoped<Services.IServiceCatalog, Network.ServiceCatalog>();
        services.AddScoped<Workflows.ITaskQueueMembership, Network.ServicePointQueueMembership>();
        services.AddScoped<ContentManagement.IContentValidator, Network.ServiceGuideValidator>();
        services.AddRecipeStep<Network.ServiceNetworkStep>();
        services.AddScoped<Network.ServiceNetworkAdmin>();
        // --- end network helper ---

        // ── Pipeline (受理登记 → 分流交办 → 限时办结 → 回访反馈): ServiceRequest type, commands, workflow activities, 督办 sweep ──
        services.AddDataMigration<ServiceRequestTypeMigrations>();
        services.AddScoped<ServiceRequestPipeline>();
        services.AddScoped<IServiceRequestPipeline>(sp => sp.GetRequiredService<ServiceRequestPipeline>());
        services.AddActivity<ServiceRequestRegisteredEvent>();
        services.AddActivity<ServiceRouteActivity>();
        services.AddActivity<ServiceStepActivity>();
        services.AddPeriodicJob<ServiceSupervisionSweep>();
        // ── end pipeline ──

        // --- kpi: KPIs, dashboard, disclosure (sr-kpi) ---
        services.AddScoped<Services.ServiceKpiService>();
        // --- end kpi ---

    }
}

/// <summary>流水线服务 menu.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("流水线服务", position: 20, icon: "bi-signpost-split", children: c =>
            {
                c.Add("服务工作台", "/admin/service", position: 1, permission: ServiceRequestPermissions.ViewServiceRequests, icon: "bi-speedometer2");
                c.Add("诉求登记", "/admin/service/requests/new", position: 2, permission: ServiceRequestPermissions.HandleServiceRequests, icon: "bi-plus-square");
                c.Add("诉求列表", "/admin/service/requests", position: 3, permission: ServiceRequestPermissions.ViewServiceRequests, icon: "bi-list-ul");
                c.Add("督办清单", "/admin/service/supervision", position: 4, permission: ServiceRequestPermissions.ViewServiceRequests, icon: "bi-alarm");
                c.Add("考核指标", "/admin/service/kpis", position: 5, permission: ServiceRequestPermissions.ViewServiceRequests, icon: "bi-bar-chart");
                c.Add("办事指南", "/admin/service/guides", position: 10, permission: StandardPermissions.EditContent, icon: "bi-journal-text");
                c.Add("服务网点与权责清单", "/admin/service/network", position: 11, permission: ServiceRequestPermissions.ManageServiceNetwork, icon: "bi-diagram-2");
            });
        }

        return ValueTask.CompletedTask;
    }
}
