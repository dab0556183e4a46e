namespace Grassroots.Security;

/// <summary>Permissions of the platform itself.</summary>
public static class StandardPermissions
{
    public static readonly Permission AccessAdminPanel = new("AccessAdminPanel", "进入管理后台", "平台");
    public static readonly Permission ManageSettings = new("ManageSettings", "管理站点设置", "平台");
    public static readonly Permission ViewContent = new("ViewContent", "查看内容", "内容");
    public static readonly Permission EditContent = new("EditContent", "创建和编辑内容", "内容");
    public static readonly Permission PublishContent = new("PublishContent", "发布和取消发布内容", "内容");
    public static readonly Permission DeleteContent = new("DeleteContent", "删除和恢复内容", "内容");
    public static readonly Permission ExportContent = new("ExportContent", "导出数据", "内容");
    public static readonly Permission ViewSensitiveData = new("ViewSensitiveData", "查看敏感信息", "安全");

    /// <summary>The built-in role that holds every permission (系统管理员).</summary>
    public const string AdministratorRole = "Administrator";
}
