using Grassroots.Security;

namespace Grassroots.OrgUnits;

/// <summary>Permissions of the OrgUnits module (组织机构).</summary>
public sealed class OrgUnitPermissions : IPermissionProvider
{
    /// <summary>Edit the org tree (管理组织机构).</summary>
    public static readonly Permission ManageOrgUnits = new("ManageOrgUnits", "管理组织机构", "平台");

    public IEnumerable<Permission> GetPermissions() => [ManageOrgUnits];
}
