namespace Grassroots.Security;

/// <summary>Permissions of the platform itself.</summary>
public static class StandardPermissions
{
    public static readonly Permission AccessAdminPanel = new("AccessAdminPanel", "进入管理后台", "平台");
    public static readonly Permission ManageFeatures = new("ManageFeatures", "启用和停用功能", "平台");
    public static readonly Permission ManageContentTypes = new("ManageContentTypes", "定义内容类型", "平台");
    public static readonly Permission ManageOrgUnits = new("ManageOrgUnits", "管理组织机构", "平台");
    public static readonly Permission RunRecipes = new("RunRecipes", "运行配方", "平台");
    public static readonly Permission ManageSettings = new("ManageSettings", "管理站点设置", "平台");
    public static readonly Permission ViewContent = new("ViewContent", "查看内容", "内容");
    public static readonly Permission EditContent = new("EditContent", "创建和编辑内容", "内容");
    public static readonly Permission PublishContent = new("PublishContent", "发布和取消发布内容", "内容");
    public static readonly Permission DeleteContent = new("DeleteContent", "删除和恢复内容", "内容");
    public static readonly Permission ExportContent = new("ExportContent", "导出数据", "内容");
    public static readonly Permission ViewSensitiveData = new("ViewSensitiveData", "查看敏感信息", "安全");
    public static readonly Permission ViewAuditTrail = new("ViewAuditTrail", "查看审计日志", "安全");
    public static readonly Permission ManageAuditTrail = new("ManageAuditTrail", "校验和清理审计日志", "安全");
    public static readonly Permission ManageUsers = new("ManageUsers", "管理用户", "安全");
    public static readonly Permission ManageRoles = new("ManageRoles", "管理角色和权限", "安全");
    public static readonly Permission CommentAsInspector = new("CommentAsInspector", "督查评论", "内容");

    /// <summary>The built-in role that holds every permission (系统管理员).</summary>
    public const string AdministratorRole = "Administrator";
}
