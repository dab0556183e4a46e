using Grassroots.Security;

namespace Grassroots.ContentTypes;

/// <summary>Permissions of the ContentTypes module (内容类型定义).</summary>
public sealed class ContentDefinitionPermissions : IPermissionProvider
{
    /// <summary>Define content types, parts and fields (定义内容类型).</summary>
    public static readonly Permission ManageContentTypes = new("ManageContentTypes", "定义内容类型", "平台");

    public IEnumerable<Permission> GetPermissions() => [ManageContentTypes];
}
