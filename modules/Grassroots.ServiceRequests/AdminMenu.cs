using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.ServiceRequests;

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
