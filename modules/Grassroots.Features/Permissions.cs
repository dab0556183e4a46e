using Grassroots.Security;

namespace Grassroots.Features;

/// <summary>Permissions of the Features module (功能).</summary>
public sealed class FeaturePermissions : IPermissionProvider
{
    /// <summary>Switch features on and off (启用和停用功能).</summary>
    public static readonly Permission ManageFeatures = new("ManageFeatures", "启用和停用功能", "平台");

    public IEnumerable<Permission> GetPermissions() => [ManageFeatures];
}
