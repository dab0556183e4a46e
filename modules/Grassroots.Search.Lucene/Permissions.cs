using Grassroots.Security;

namespace Grassroots.Search.Lucene;

/// <summary>管理检索索引.</summary>
public sealed class SearchPermissions : IPermissionProvider
{
    public static readonly Permission ManageSearchIndexes = new("ManageSearchIndexes", "管理检索索引", "检索");

    public IEnumerable<Permission> GetPermissions() => [ManageSearchIndexes];
}
