using Grassroots.Navigation;
using Grassroots.Security;

namespace Grassroots.Recipes;

/// <summary>平台设置 → 配方.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("配方", "/admin/recipes", position: 30, permission: RecipePermissions.RunRecipes, icon: "bi-journal-code");
        }

        return ValueTask.CompletedTask;
    }
}
