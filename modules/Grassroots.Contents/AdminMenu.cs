using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Services;
using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Contents;

/// <summary>
/// The admin menu group 内容 with one entry per listable content type. For a signed-in user the entries follow the
/// per-type permissions (a role holding only 查看「通知公告」 sees that entry alone).
/// </summary>
internal sealed class AdminMenu(IContentDefinitionManager definitions, IServiceProvider services) : INavigationProvider
{
    public async ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName != "admin")
        {
            return;
        }

        var types = (await definitions.ListTypeDefinitionsAsync()).Where(t => t.Settings.Listable).ToList();
        var user = services.GetService<IHttpContextAccessor>()?.HttpContext?.User;
        var access = services.GetService<ContentAccess>();
        if (user?.Identity?.IsAuthenticated == true && access is not null
            && !await access.CanAsync(user, StandardPermissions.ViewContent))
        {
            // Only per-type permissions: list the types the user may view, without a permission gate of their own.
            var visible = new List<ContentTypeDefinition>();
            foreach (var type in types)
            {
                if (await access.ViewScopeAsync(user, type) is not null)
                {
                    visible.Add(type);
                }
            }

            if (visible.Count == 0)
            {
                return;
            }

            builder.Add("内容", position: 20, icon: "bi-journal-text", permission: StandardPermissions.AccessAdminPanel, children: content =>
            {
                content.Add("全部内容", "/admin/content", 0, StandardPermissions.AccessAdminPanel, "bi-list-ul");
                var position = 10;
                foreach (var type in visible)
                {
                    content.Add(string.IsNullOrWhiteSpace(type.DisplayName) ? type.Name : type.DisplayName,
                        "/admin/content/" + Uri.EscapeDataString(type.Name), position++, StandardPermissions.AccessAdminPanel, "bi-file-earmark-text");
                }
            });
            return;
        }

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
