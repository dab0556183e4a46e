using Grassroots.ContentManagement.Metadata;
using Grassroots.Security;

namespace Grassroots.Contents;

/// <summary>Per-type permissions for securable content types (查看「民情信息」 …).</summary>
public static class ContentTypePermissions
{
    public static bool IsContentPermission(Permission permission) => permission.Name is "ViewContent" or "EditContent" or "PublishContent" or "DeleteContent";

    private static string Label(ContentTypeDefinition type) => string.IsNullOrWhiteSpace(type.DisplayName) ? type.Name : type.DisplayName;

    public static Permission ForType(Permission permission, ContentTypeDefinition type) => permission.Name switch
    {
        "ViewContent" => new($"ViewContent_{type.Name}", $"查看「{Label(type)}」", "内容类型"),
        "EditContent" => new($"EditContent_{type.Name}", $"创建和编辑「{Label(type)}」", "内容类型"),
        "PublishContent" => new($"PublishContent_{type.Name}", $"发布「{Label(type)}」", "内容类型"),
        "DeleteContent" => new($"DeleteContent_{type.Name}", $"删除「{Label(type)}」", "内容类型"),
        _ => throw new ArgumentOutOfRangeException(nameof(permission)),
    };

    public static Permission? OwnForType(Permission permission, ContentTypeDefinition type) => permission.Name switch
    {
        "ViewContent" => new($"ViewOwnContent_{type.Name}", $"查看自己的「{Label(type)}」", "内容类型"),
        "EditContent" => new($"EditOwnContent_{type.Name}", $"编辑自己的「{Label(type)}」", "内容类型"),
        "DeleteContent" => new($"DeleteOwnContent_{type.Name}", $"删除自己的「{Label(type)}」", "内容类型"),
        _ => null,
    };

    public static IEnumerable<Permission> All(ContentTypeDefinition type)
    {
        foreach (var p in new[] { StandardPermissions.ViewContent, StandardPermissions.EditContent, StandardPermissions.PublishContent, StandardPermissions.DeleteContent })
        {
            yield return ForType(p, type);
            if (OwnForType(p, type) is { } own)
            {
                yield return own;
            }
        }
    }
}
