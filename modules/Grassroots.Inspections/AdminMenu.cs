using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Inspections;

/// <summary>内容 → 督查评论.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("督查", position: 30, icon: "bi-eye", children: c =>
                c.Add("督查评论", "/admin/inspections", position: 10, permission: StandardPermissions.ViewContent, icon: "bi-chat-square-text"));
        }

        return ValueTask.CompletedTask;
    }
}
