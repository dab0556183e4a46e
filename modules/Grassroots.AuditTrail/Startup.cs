using Grassroots.ContentManagement;
using Grassroots.Modules;
using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.AuditTrail;

/// <summary>Audit viewer, verify and retention; records content and feature changes.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddPermissionProvider<AuditTrailPermissions>();
        services.AddNavigationProvider<AdminMenu>();
        services.AddScoped<AuditJurisdiction>();
        services.AddScoped<IContentEventHandler, AuditContentEventHandler>();
        services.AddScoped<IFeatureEventHandler, AuditFeatureEventHandler>();
        services.AddOptions<AuditTrailOptions>().BindConfiguration("AuditTrail");
        services.AddPeriodicJob<AuditRetentionService>();
        services.AddPeriodicJob<AuditAnchorService>();
    }
}

/// <summary>Configuration section <c>AuditTrail</c>.</summary>
public sealed class AuditTrailOptions
{
    /// <summary>Entries older than this many days are trimmed (with an anchor entry). 0 or less keeps everything.</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>
    /// How often an anchor (entry count and head hash) is recorded in the trail, the log and the node's signed anchor
    /// file, against which verify detects entries deleted from the end. Default 15 minutes; zero turns it off.
    /// </summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the retention trim runs. Default once a day.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Delay before the first trim and the first anchor after start-up.</summary>
    public TimeSpan StartupDelay { get; set; } = TimeSpan.FromMinutes(1);
}
