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

        // ── Pipeline (受理登记 → 分流交办 → 限时办结 → 回访反馈 → 跟踪问效): ServiceRequest type, commands, workflow activities
        // (the five steps; ServiceRoute and ServiceStep for instances on the first version of the default workflow), 督办 sweep ──
        services.AddDataMigration<ServiceRequestTypeMigrations>();
        services.AddDataMigration<DefaultWorkflowMigrations>();
        services.AddScoped<ServiceRequestPipeline>();
        services.AddScoped<IServiceRequestPipeline>(sp => sp.GetRequiredService<ServiceRequestPipeline>());
        services.AddActivity<ServiceRequestRegisteredEvent>();
        services.AddActivity<ServiceRouteActivity>();
        services.AddActivity<ServiceStepActivity>();
        services.AddActivity<ServiceDispatchStep>();
        services.AddActivity<ServiceHandleStep>();
        services.AddActivity<ServiceFollowUpStep>();
        services.AddActivity<ServiceTrackStep>();
        services.AddPeriodicJob<ServiceSupervisionSweep>();
        // ── end pipeline ──

        // --- kpi: KPIs, dashboard, disclosure (sr-kpi) ---
        services.AddScoped<Services.ServiceKpiService>();
        // --- end kpi ---

    }
}
