using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.OrgUnits;

/// <summary>平台设置 → 组织机构.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("组织机构", "/admin/org-units", position: 20, permission: OrgUnitPermissions.ManageOrgUnits, icon: "bi-diagram-3");
        }

        return ValueTask.CompletedTask;
    }
}
