using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Features;

/// <summary>平台设置 → 功能.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("功能", "/admin/features", position: 10, permission: FeaturePermissions.ManageFeatures, icon: "bi-toggles");
        }

        return ValueTask.CompletedTask;
    }
}
