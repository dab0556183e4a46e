using Grassroots.BackgroundTasks;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.Data;
using Grassroots.Media;
using Grassroots.Recipes.Steps;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots;

/// <summary>The core feature's contributions to the extension points.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override int Order => -1000;

    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddDataMigration<CoreMigrations>();
        services.AddDataMigration<SecurityMigrations>();
        services.AddModelConfiguration<LoginFailureModelConfiguration>();
        services.AddDataMigration<AttachmentMigrations>();
        services.AddModelConfiguration<AttachmentModelConfiguration>();
        services.AddOptions<AttachmentOptions>().BindConfiguration("Attachments");
        services.AddPeriodicJob<UnattachedUploadCleanupService>();
        services.AddPeriodicJobRunner();
        services.AddOutbox();
        services.AddIndexProvider<ContentFieldIndexProvider>();
        services.AddBuiltInContentFields();
        services.AddRecipeStep<FeatureStep>();
        services.AddRecipeStep<ContentDefinitionStep>();
        services.AddRecipeStep<ContentStep>();
        services.AddRecipeStep<OrgUnitsStep>();
        services.AddRecipeStep<SettingsStep>();
        services.AddRecipeStep<RolesStep>();
        services.AddPermissionProvider<CorePermissions>();
    }
}
