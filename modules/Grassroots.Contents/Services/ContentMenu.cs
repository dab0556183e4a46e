using Grassroots.ContentManagement.Metadata;
using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Contents.Services;

/// <summary>The admin menu group 内容 with one entry per listable content type.</summary>
internal sealed class ContentMenu(IContentDefinitionManager definitions) : INavigationProvider
{
    public async ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName != "admin")
        {
            return;
        }

        var types = (await definitions.ListTypeDefinitionsAsync()).Where(t => t.Settings.Listable).ToList();
        builder.Add("内容", position: 20, icon: "bi-journal-text", permission: StandardPermissions.ViewContent, children: content =>
        {
            content.Add("全部内容", "/admin/content", 0, StandardPermissions.ViewContent, "bi-list-ul");
            var position = 10;
            foreach (var type in types)
            {
                content.Add(string.IsNullOrWhiteSpace(type.DisplayName) ? type.Name : type.DisplayName,
                    "/admin/content/" + Uri.EscapeDataString(type.Name), position++, StandardPermissions.ViewContent, "bi-file-earmark-text");
            }
        });
    }
}
