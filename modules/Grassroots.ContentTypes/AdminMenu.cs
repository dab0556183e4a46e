using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.ContentTypes;

/// <summary>Dashboard menu entries: 内容 › 内容类型 / 内容部件.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("内容", position: 20, icon: "bi-collection", children: content => content
                .Add("内容类型", "/admin/content-types", position: 80, permission: ContentDefinitionPermissions.ManageContentTypes, icon: "bi-diagram-3")
                .Add("内容部件", "/admin/content-parts", position: 81, permission: ContentDefinitionPermissions.ManageContentTypes, icon: "bi-puzzle"));
        }

        return ValueTask.CompletedTask;
    }
}
