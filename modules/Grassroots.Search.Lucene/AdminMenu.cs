using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Search.Lucene;

/// <summary>系统 → 检索索引.</summary>
internal sealed class SearchAdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("检索索引", "/admin/search/indexes", position: 60, permission: SearchPermissions.ManageSearchIndexes, icon: "bi-search");
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>检索 → 全文检索 (the staff search page).</summary>
internal sealed class SearchPageMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("检索", position: 15, icon: "bi-search", children: group => group
                .Add("全文检索", "/admin/search", position: 10, permission: StandardPermissions.ViewContent, icon: "bi-search"));
        }

        return ValueTask.CompletedTask;
    }
}
