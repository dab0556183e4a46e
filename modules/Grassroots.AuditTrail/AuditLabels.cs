namespace Grassroots.AuditTrail;

/// <summary>Chinese labels (source strings, localized in views) for known categories and actions.</summary>
public sealed class AuditLabels
{
    private AuditLabels()
    {
    }

    public static readonly IReadOnlyDictionary<string, string> Categories = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["security"] = "登录与安全",
        ["content"] = "内容",
        ["contentDefinition"] = "内容定义",
        ["feature"] = "功能",
        ["recipe"] = "配方",
        ["user"] = "用户",
        ["role"] = "角色",
        ["sensitive"] = "敏感信息",
        ["export"] = "导出",
        ["workflow"] = "工作流",
        ["audit"] = "审计日志",
    };

    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["login.succeeded"] = "登录成功",
        ["login.failed"] = "登录失败",
        ["logout"] = "退出登录",
        ["token.issued"] = "签发令牌",
        ["content.created"] = "创建内容",
        ["content.updated"] = "修改内容",
        ["content.published"] = "发布内容",
        ["content.unpublished"] = "撤销发布",
        ["content.deleted"] = "删除内容",
        ["content.restored"] = "恢复内容",
        ["contentType.stored"] = "保存内容类型",
        ["contentType.deleted"] = "删除内容类型",
        ["contentPart.stored"] = "保存内容部件",
        ["contentPart.deleted"] = "删除内容部件",
        ["feature.enabled"] = "启用功能",
        ["feature.disabled"] = "停用功能",
        ["recipe.succeeded"] = "配方执行成功",
        ["recipe.failed"] = "配方执行失败",
        ["user.created"] = "创建用户",
        ["user.updated"] = "修改用户",
        ["user.deleted"] = "删除用户",
        ["user.locked"] = "锁定用户",
        ["user.unlocked"] = "解锁用户",
        ["user.passwordChanged"] = "修改密码",
        ["user.passwordReset"] = "重置密码",
        ["role.created"] = "创建角色",
        ["role.updated"] = "修改角色",
        ["role.deleted"] = "删除角色",
        ["role.permissionsChanged"] = "修改角色权限",
        ["sensitive.revealed"] = "查看敏感信息",
        ["export.content"] = "导出内容",
        ["workflow.stored"] = "保存工作流定义",
        ["workflow.deleted"] = "删除工作流定义",
        ["audit.trimmed"] = "按保留期限清理",
    };

    public static string Category(string category) => Categories.TryGetValue(category, out var label) ? label : category;

    public static string Action(string action) => Actions.TryGetValue(action, out var label) ? label : action;
}
