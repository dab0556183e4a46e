using Grassroots.Security;

namespace Grassroots.Recipes;

/// <summary>Permissions of the Recipes module (配方).</summary>
public sealed class RecipePermissions : IPermissionProvider
{
    /// <summary>Upload and run recipes (运行配方).</summary>
    public static readonly Permission RunRecipes = new("RunRecipes", "运行配方", "平台");

    public IEnumerable<Permission> GetPermissions() => [RunRecipes];
}
