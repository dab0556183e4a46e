namespace Grassroots.Security;

/// <summary>The platform's own permissions.</summary>
internal sealed class CorePermissions : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() =>
    [
        StandardPermissions.AccessAdminPanel,
        StandardPermissions.ManageSettings,
        StandardPermissions.ViewContent,
        StandardPermissions.EditContent,
        StandardPermissions.PublishContent,
        StandardPermissions.DeleteContent,
        StandardPermissions.ExportContent,
        StandardPermissions.ViewSensitiveData,
    ];
}
