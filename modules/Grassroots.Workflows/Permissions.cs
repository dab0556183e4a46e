using Grassroots.Security;

namespace Grassroots.Workflows;

/// <summary>Permissions of the workflows feature.</summary>
public sealed class WorkflowPermissions : IPermissionProvider
{
    /// <summary>Design, import, export, enable workflow types; cancel and retry instances (管理工作流).</summary>
    public static readonly Permission ManageWorkflows = new("ManageWorkflows", "管理工作流（设计、导入导出、启停，取消和重试实例）", "工作流");

    /// <summary>See workflow instances inside the jurisdiction (查看工作流实例).</summary>
    public static readonly Permission ViewWorkflows = new("ViewWorkflows", "查看辖区内的工作流实例", "工作流");

    public IEnumerable<Permission> GetPermissions() => [ManageWorkflows, ViewWorkflows];

}
