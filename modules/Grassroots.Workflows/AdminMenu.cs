using Grassroots.Navigation;

namespace Grassroots.Workflows;

/// <summary>流程 → 工作流 / 我的待办 / 通知.</summary>
internal sealed class WorkflowsAdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("流程", position: 25, icon: "bi-diagram-3", children: c =>
            {
                c.Add("我的待办", "/admin/tasks", position: 1, icon: "bi-check2-square");
                c.Add("通知", "/admin/notifications", position: 2, icon: "bi-bell");
                c.Add("工作流类型", "/admin/workflows/types", position: 10, permission: WorkflowPermissions.ManageWorkflows, icon: "bi-diagram-3");
                c.Add("工作流实例", "/admin/workflows/instances", position: 20, permission: WorkflowPermissions.ViewWorkflows, icon: "bi-list-check");
            });
        }

        return ValueTask.CompletedTask;
    }
}
