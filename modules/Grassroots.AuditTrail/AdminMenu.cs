using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.AuditTrail;

/// <summary>安全 → 审计日志.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("安全", position: 800, icon: "bi-shield-lock", children: group =>
                group.Add("审计日志", "/admin/audit", position: 10, permission: AuditTrailPermissions.ViewAuditTrail, icon: "bi-journal-check"));
        }

        return ValueTask.CompletedTask;
    }
}
